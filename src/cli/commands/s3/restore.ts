import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import type { S3RestoreResult } from '../../../core/orchestrator-api.js';
import { formatBytes, formatDuration } from '../../format.js';
import { emit, printLine } from '../../output.js';
import { parseOptions } from '../../parse-options.js';
import { startProgress } from '../../progress/index.js';
import type { CliRuntime } from '../../runtime.js';
import {
  addRepoCallOptions,
  oneAddress,
  ONE_ADDRESS,
  orchestrator,
  repoCall,
  repoCallShape,
} from '../../verb-options.js';
import { restoreJson, restoreJsonSchema } from './shared.js';

export const optionsSchema = z.lazy(() =>
  z
    .object({
      ...repoCallShape,
      force: z.boolean().default(false),
      dryRun: z.boolean().default(false),
      target: z.string().min(1, 'must not be empty').optional(),
    })
    .refine(oneAddress, ONE_ADDRESS),
);
export type Options = z.infer<typeof optionsSchema>;

export const jsonSchema = z.lazy(() =>
  restoreJsonSchema.unwrap().extend({ repo: z.string(), registered: z.boolean() }),
);

export function toJson(r: S3RestoreResult): z.infer<typeof jsonSchema> {
  return { repo: r.repo, registered: r.registered, ...restoreJson(r.restore) };
}

export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const orch = await orchestrator(rt);
  const progress = await startProgress(rt);
  let result: S3RestoreResult;
  try {
    result = await orch.restoreRepoFromS3({
      ...repoCall(rt, opts, progress.observer),
      force: opts.force,
      dryRun: opts.dryRun,
      target: opts.target === undefined ? undefined : resolve(rt.cwd, opts.target),
    });
  } finally {
    progress.stop();
  }
  emit(rt, result, {
    json: toJson,
    text: (r) => {
      const x = r.restore;
      const verb = x.dryRun ? 'Would download' : 'Downloaded';
      const skipped = x.skipped ? `, ${x.skipped} already present` : '';
      printLine(
        rt,
        `${verb} '${r.repo}' from s3://${x.bucket}/${x.prefix} into ${x.target}: ${x.files} files (${formatBytes(x.bytes)})${skipped} in ${formatDuration(x.durationMs)}`,
      );
      if (r.registered) printLine(rt, `Registered '${r.repo}' at ${x.target}`);
    },
  });
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  const cmd = parent
    .command('restore')
    .description(
      'Download a repository from S3 (refuses to overwrite a local repo without --force)',
    )
    .option('--force', 'overwrite the local repository')
    .option('--dry-run', 'show what would be downloaded')
    .option('--target <dir>', 'download here instead of the recorded path');
  return addRepoCallOptions(cmd).action((raw, c: Command) =>
    runF(parseOptions(optionsSchema, raw, c), rt),
  );
}
