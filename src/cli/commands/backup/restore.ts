import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import type { RestoreArchiveResult } from '../../../core/orchestrator-api.js';
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
      target: z.string().min(1, 'must not be empty').optional(),
      pathInArchive: z.array(z.string().min(1, 'must not be empty')).default([]),
      dryRun: z.boolean().default(false),
      force: z.boolean().default(false),
    })
    .refine(oneAddress, ONE_ADDRESS),
);
export type Options = z.infer<typeof optionsSchema>;

export const jsonSchema = z.lazy(() =>
  z.strictObject({
    repo: z.string(),
    archive: z.string(),
    target: z.string(),
    dry_run: z.boolean(),
    files: z.array(z.string()).nullable(),
    warnings: z.array(borgWarningJsonSchema),
  }),
);

export function toJson(r: RestoreArchiveResult): z.infer<typeof jsonSchema> {
  return {
    repo: r.repo,
    archive: r.archive,
    target: r.target,
    dry_run: r.dryRun,
    files: r.files,
    warnings: borgWarningsJson(r.warnings),
  };
}

/** The target defaults to the current directory; a non-empty one needs --force (orchestrator). */
export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const orch = await orchestrator(rt);
  const progress = await startProgress(rt);
  let result: RestoreArchiveResult;
  try {
    result = await orch.restoreArchive({
      ...repoCall(rt, opts, progress.observer),
      archive: opts.archive,
      target: resolve(rt.cwd, opts.target ?? '.'),
      paths: opts.pathInArchive.length ? opts.pathInArchive : undefined,
      dryRun: opts.dryRun,
      force: opts.force,
    });
  } finally {
    progress.stop();
  }
  emit(rt, result, {
    json: toJson,
    text: (r) => {
      printWarnings(rt, r.warnings);
      const verb = r.dryRun ? 'Would restore' : 'Restored';
      const what = r.files ? ` (${r.files.length} paths)` : '';
      printLine(rt, `${verb} archive '${r.archive}' of '${r.repo}' into ${r.target}${what}`);
      for (const f of r.files ?? []) printLine(rt, `  ${f}`);
    },
  });
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  const cmd = parent
    .command('restore')
    .description('Extract an archive (or some paths of it) into a directory')
    .option('-a, --archive <name>', 'archive name')
    .option('--target <dir>', 'directory to restore into (default: the current directory)')
    .option('--path-in-archive <path>', 'restore only this path (repeatable)', collect)
    .option('--dry-run', 'show what would be restored')
    .option('--force', 'restore into a non-empty directory');
  return addRepoCallOptions(cmd).action((raw, c: Command) =>
    runF(parseOptions(optionsSchema, raw, c), rt),
  );
}
