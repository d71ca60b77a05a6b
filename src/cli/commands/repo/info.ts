import type { Command } from 'commander';
import { z } from 'zod';
import { repoInfoSchema, retentionPolicySchema } from '../../../core/models/index.js';
import type { RepoInfoResult } from '../../../core/orchestrator-api.js';
import { formatAge, formatBytes, formatTimestamp } from '../../format.js';
import { repoJson, repoJsonSchema } from '../../json-shapes.js';
import { emit, printJson, printLine } from '../../output.js';
import { parseOptions } from '../../parse-options.js';
import type { CliRuntime } from '../../runtime.js';
import { formatCount, renderPairs, retentionText } from '../../text-blocks.js';
import {
  addRepoCallOptions,
  oneAddress,
  ONE_ADDRESS,
  orchestrator,
  repoCall,
  repoCallShape,
} from '../../verb-options.js';

export const optionsSchema = z.lazy(() =>
  z.object({ ...repoCallShape, raw: z.boolean().default(false) }).refine(oneAddress, ONE_ADDRESS),
);
export type Options = z.infer<typeof optionsSchema>;

const s3EntrySchema = z.lazy(() =>
  z.strictObject({
    total_size_bytes: z.number(),
    object_count: z.number(),
    last_modified: z.string().nullable(),
    cached_at: z.string(),
  }),
);

export const jsonSchema = z.lazy(() =>
  z.strictObject({
    repo: repoJsonSchema,
    info: repoInfoSchema,
    archive_count: z.number().nullable(),
    s3: s3EntrySchema.nullable(),
    retention: z.strictObject({
      policy: retentionPolicySchema,
      source: z.enum(['repo', 'config', 'default']),
    }),
  }),
);
/** `repo info --raw --json`: borg's own `info --json` document, unchanged. */
export const rawJsonSchema = repoInfoSchema;

export function toJson(r: RepoInfoResult): z.infer<typeof jsonSchema> {
  return {
    repo: repoJson(r.repo),
    info: r.info,
    archive_count: r.archiveCount,
    s3: r.s3,
    retention: r.retention,
  };
}

export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const result = await (await orchestrator(rt)).repoInfo(repoCall(rt, opts));
  if (opts.raw) {
    printJson(rt, result.info);
    return;
  }
  emit(rt, result, {
    json: toJson,
    text: (r) => printLine(rt, renderText(r, rt.deps().clock.now())),
  });
}

export function renderText(r: RepoInfoResult, now: Date): string {
  const stats = r.info.cache.stats;
  const s3 = r.s3
    ? `${formatBytes(r.s3.total_size_bytes)} in ${formatCount(r.s3.object_count)} objects (as of ${formatAge(r.s3.cached_at, now)})`
    : null;
  return renderPairs([
    ['Name', r.repo.name],
    ['Path', r.repo.path],
    ['Host', r.repo.hostname],
    ['Backup target', r.repo.backup_target],
    ['Encryption', r.info.encryption.mode],
    ['Repository id', r.info.repository.id],
    ['Archives', r.archiveCount === null ? null : formatCount(r.archiveCount)],
    ['Original size', formatBytes(stats.total_size)],
    ['Compressed size', formatBytes(stats.total_csize)],
    ['Deduplicated size', formatBytes(stats.unique_csize)],
    ['Last modified', formatTimestamp(r.info.repository.last_modified)],
    [
      'Last backup',
      r.repo.last_backup
        ? `${formatTimestamp(r.repo.last_backup)} (${formatAge(r.repo.last_backup, now)})`
        : 'never',
    ],
    ['Last S3 sync', formatTimestamp(r.repo.last_s3_sync)],
    ['Retention', `${retentionText(r.retention.policy)} (${r.retention.source})`],
    ['S3 copy', s3],
  ]);
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  const cmd = parent
    .command('info')
    .description('Show a repository: metadata, live borg info, retention, S3 copy')
    .option('--raw', "print borg's info --json document as is");
  return addRepoCallOptions(cmd).action((raw, c: Command) =>
    runF(parseOptions(optionsSchema, raw, c), rt),
  );
}
