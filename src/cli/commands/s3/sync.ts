import type { Command } from 'commander';
import { z } from 'zod';
import type { SyncRepoResult } from '../../../core/orchestrator-api.js';
import { formatBytes, formatDuration } from '../../format.js';
import { emit, printLine } from '../../output.js';
import { parseOptions } from '../../parse-options.js';
import { startProgress } from '../../progress/index.js';
import { repoRef } from '../../repo-address.js';
import type { CliRuntime } from '../../runtime.js';
import {
  addRepoCallOptions,
  oneAddress,
  ONE_ADDRESS,
  orchestrator,
  passphraseRequest,
  repoCallShape,
} from '../../verb-options.js';
import { prefixStatsSchema } from './shared.js';

export const optionsSchema = z.lazy(() =>
  z
    .object({
      ...repoCallShape,
      all: z.boolean().default(false),
      dryRun: z.boolean().default(false),
      delete: z.boolean().default(false),
    })
    .refine(oneAddress, ONE_ADDRESS)
    .refine((o) => !(o.all && (o.name !== undefined || o.path !== undefined)), {
      message: '--all syncs every repository of this host; leave out --name/--path',
    }),
);
export type Options = z.infer<typeof optionsSchema>;

const syncJsonSchema = z.lazy(() =>
  z.strictObject({
    repo: z.string(),
    bucket: z.string(),
    prefix: z.string(),
    dry_run: z.boolean(),
    uploaded: z.array(
      z.strictObject({
        key: z.string(),
        size: z.number(),
        reason: z.enum(['new', 'changed', 'deleted-locally']),
      }),
    ),
    deleted: z.array(z.string()),
    unchanged: z.number().int(),
    bytes_uploaded: z.number(),
    duration_ms: z.number(),
    remote: prefixStatsSchema,
  }),
);
/** Always `{results: [...]}`, one entry per repo (one without --all). */
export const jsonSchema = z.lazy(() => z.strictObject({ results: z.array(syncJsonSchema) }));

function syncJson({ repo, sync: s }: SyncRepoResult): z.infer<typeof syncJsonSchema> {
  return {
    repo,
    bucket: s.bucket,
    prefix: s.prefix,
    dry_run: s.dryRun,
    uploaded: s.uploaded.map(({ key, size, reason }) => ({ key, size, reason })),
    deleted: s.deleted,
    unchanged: s.unchanged,
    bytes_uploaded: s.bytesUploaded,
    duration_ms: s.durationMs,
    remote: s.remote,
  };
}

export function toJson(rs: SyncRepoResult[]): z.infer<typeof jsonSchema> {
  return { results: rs.map(syncJson) };
}

export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const orch = await orchestrator(rt);
  const progress = await startProgress(rt, { showRepo: opts.all });
  const input = {
    passphrase: passphraseRequest(rt, opts),
    observer: progress.observer,
    signal: rt.signal,
    dryRun: opts.dryRun,
    delete: opts.delete,
  };
  let results: SyncRepoResult[];
  try {
    results = opts.all
      ? await orch.syncAll(input)
      : [await orch.syncRepo({ ...input, ref: repoRef(opts) })];
  } finally {
    progress.stop();
  }
  emit(rt, results, {
    json: toJson,
    text: (rs) => {
      for (const { repo, sync: s } of rs) {
        const verb = s.dryRun ? 'would upload' : 'uploaded';
        const deleted = s.deleted.length ? `, ${s.deleted.length} deleted` : '';
        printLine(
          rt,
          `${repo} → s3://${s.bucket}/${s.prefix}: ${verb} ${s.uploaded.length} files (${formatBytes(s.bytesUploaded)}), ${s.unchanged} unchanged${deleted} in ${formatDuration(s.durationMs)}`,
        );
      }
    },
  });
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  const cmd = parent
    .command('sync')
    .description('Upload new and changed repository files to S3 (online)')
    .option('--all', 'every repository of this host')
    .option('--dry-run', 'show what would be uploaded')
    .option('--delete', 'also delete S3 objects whose local file is gone');
  return addRepoCallOptions(cmd).action((raw, c: Command) =>
    runF(parseOptions(optionsSchema, raw, c), rt),
  );
}
