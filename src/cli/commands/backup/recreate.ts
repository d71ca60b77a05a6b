import type { Command } from 'commander';
import { z } from 'zod';
import type { RecreateResult } from '../../../core/orchestrator-api.js';
import { borgWarningJsonSchema, borgWarningsJson } from '../../json-shapes.js';
import { emit, printLine } from '../../output.js';
import { parseOptions } from '../../parse-options.js';
import { startProgress } from '../../progress/index.js';
import type { CliRuntime } from '../../runtime.js';
import { printWarnings } from '../../text-blocks.js';
import {
  addRepoCallOptions,
  collect,
  oneAddress,
  ONE_ADDRESS,
  orchestrator,
  repoCall,
  repoCallShape,
  requiredString,
} from '../../verb-options.js';

export const optionsSchema = z.lazy(() =>
  z
    .object({
      ...repoCallShape,
      archive: requiredString(),
      exclude: z.array(z.string().min(1, 'must not be empty')).default([]),
      recompress: z.boolean().default(false),
      compression: z.string().min(1, 'must not be empty').optional(),
      dryRun: z.boolean().default(false),
    })
    .refine(oneAddress, ONE_ADDRESS)
    .refine((o) => o.exclude.length > 0 || o.recompress || o.compression !== undefined, {
      message: 'nothing to do: give --exclude PATTERN, --recompress and/or --compression SPEC',
    }),
);
export type Options = z.infer<typeof optionsSchema>;

export const jsonSchema = z.lazy(() =>
  z.strictObject({
    repo: z.string(),
    archive: z.string(),
    dry_run: z.boolean(),
    changes: z.array(z.strictObject({ status: z.string(), path: z.string() })).nullable(),
    warnings: z.array(borgWarningJsonSchema),
  }),
);

export function toJson(r: RecreateResult): z.infer<typeof jsonSchema> {
  return {
    repo: r.repo,
    archive: r.archive,
    dry_run: r.dryRun,
    changes: r.changes,
    warnings: borgWarningsJson(r.warnings),
  };
}

export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const orch = await orchestrator(rt);
  const progress = await startProgress(rt);
  let result: RecreateResult;
  try {
    result = await orch.recreateArchive({
      ...repoCall(rt, opts, progress.observer),
      archive: opts.archive,
      excludes: opts.exclude.length ? opts.exclude : undefined,
      recompress: opts.recompress,
      compression: opts.compression,
      dryRun: opts.dryRun,
    });
  } finally {
    progress.stop();
  }
  emit(rt, result, {
    json: toJson,
    text: (r) => {
      printWarnings(rt, r.warnings);
      printLine(
        rt,
        `${r.dryRun ? 'Would rewrite' : 'Rewrote'} archive '${r.archive}' of '${r.repo}'`,
      );
      // borg's item status: x = excluded (dropped), others as in `borg create --list`
      for (const c of r.changes ?? []) printLine(rt, `  ${c.status} ${c.path}`);
    },
  });
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  const cmd = parent
    .command('recreate')
    .description('Rewrite an archive: drop excluded paths and/or recompress it')
    .option('-a, --archive <name>', 'archive name')
    .option('--exclude <pattern>', 'drop paths matching this borg pattern (repeatable)', collect)
    .option('--recompress', 'recompress chunks whose compression differs')
    .option('--compression <spec>', 'compression for the rewritten chunks, e.g. zstd,9')
    .option('--dry-run', 'show what would change');
  return addRepoCallOptions(cmd).action((raw, c: Command) =>
    runF(parseOptions(optionsSchema, raw, c), rt),
  );
}
