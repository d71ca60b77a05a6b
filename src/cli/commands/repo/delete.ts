import type { Command } from 'commander';
import { z } from 'zod';
import type { DeleteRepoResult } from '../../../core/orchestrator-api.js';
import { emit, printLine } from '../../output.js';
import { parseOptions } from '../../parse-options.js';
import { repoRef } from '../../repo-address.js';
import type { CliRuntime } from '../../runtime.js';
import { printWarnings } from '../../text-blocks.js';
import {
  addRepoCallOptions,
  confirmOrAbort,
  oneAddress,
  ONE_ADDRESS,
  orchestrator,
  repoCall,
  repoCallShape,
} from '../../verb-options.js';

export const optionsSchema = z.lazy(() =>
  z
    .object({
      ...repoCallShape,
      dryRun: z.boolean().default(false),
      deleteFromS3: z.boolean().default(false),
    })
    .refine(oneAddress, ONE_ADDRESS),
);
export type Options = z.infer<typeof optionsSchema>;

export const jsonSchema = z.lazy(() =>
  z.strictObject({
    repo: z.string(),
    path: z.string(),
    dry_run: z.boolean(),
    removed: z.array(z.string()),
    s3_deleted: z.number().nullable(),
    warnings: z.array(z.string()),
  }),
);

export function toJson(r: DeleteRepoResult): z.infer<typeof jsonSchema> {
  return {
    repo: r.repo,
    path: r.path,
    dry_run: r.dryRun,
    removed: r.removed,
    s3_deleted: r.s3Deleted,
    warnings: r.warnings,
  };
}

export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const orch = await orchestrator(rt);
  const repo = await orch.resolveRepo(repoRef(opts));
  if (!opts.dryRun) {
    const s3 = opts.deleteFromS3 ? ' and its S3 copy' : '';
    await confirmOrAbort(
      rt,
      `Delete repository '${repo.name}' at ${repo.path} with all its archives${s3}?`,
      `repository '${repo.name}' was not deleted`,
    );
  }
  const result = await orch.deleteRepo({
    ...repoCall(rt, { ...opts, name: repo.name, path: undefined }),
    dryRun: opts.dryRun,
    deleteFromS3: opts.deleteFromS3,
    confirmed: !opts.dryRun,
  });
  emit(rt, result, {
    json: toJson,
    text: (r) => {
      printWarnings(rt, r.warnings);
      const verb = r.dryRun ? 'Would delete' : 'Deleted';
      const s3 = r.s3Deleted === null ? '' : `, ${r.s3Deleted} S3 objects`;
      printLine(rt, `${verb} repository '${r.repo}' at ${r.path}: ${r.removed.join(', ')}${s3}`);
    },
  });
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  const cmd = parent
    .command('delete')
    .description('Delete a repository, its metadata, exclusions and key file (asks first)')
    .option('--dry-run', 'show what would be deleted')
    .option('--delete-from-s3', 'also delete its S3 copy (online)');
  return addRepoCallOptions(cmd).action((raw, c: Command) =>
    runF(parseOptions(optionsSchema, raw, c), rt),
  );
}
