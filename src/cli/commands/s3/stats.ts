import type { Command } from 'commander';
import { z } from 'zod';
import type { S3StatsResult } from '../../../core/orchestrator-api.js';
import { formatAge, formatBytes, renderTable } from '../../format.js';
import { emit, note, printLine } from '../../output.js';
import { parseOptions } from '../../parse-options.js';
import type { CliRuntime } from '../../runtime.js';
import { formatCount } from '../../text-blocks.js';
import { orchestrator } from '../../verb-options.js';
import { prefixStatsSchema } from './shared.js';

export const optionsSchema = z.lazy(() => z.object({ refresh: z.boolean().default(false) }));
export type Options = z.infer<typeof optionsSchema>;

export const jsonSchema = z.lazy(() =>
  z.strictObject({
    repos: z.record(z.string(), prefixStatsSchema.unwrap().extend({ cached_at: z.string() })),
    bucket: z
      .strictObject({
        bucket: z.string(),
        by_storage_class: z.record(
          z.string(),
          z.strictObject({ bytes: z.number(), objects: z.number() }),
        ),
        by_prefix: z.record(z.string(), prefixStatsSchema),
        total: prefixStatsSchema,
      })
      .nullable(),
    refreshed: z.boolean(),
  }),
);

export function toJson(r: S3StatsResult): z.infer<typeof jsonSchema> {
  const b = r.bucket;
  return {
    repos: r.repos,
    bucket: b && {
      bucket: b.bucket,
      by_storage_class: b.byStorageClass,
      by_prefix: b.byPrefix,
      total: b.total,
    },
    refreshed: r.refreshed,
  };
}

export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const result = await (await orchestrator(rt)).s3Stats({ refresh: opts.refresh });
  emit(rt, result, { json: toJson, text: (r) => renderText(rt, r) });
}

function renderText(rt: CliRuntime, r: S3StatsResult): void {
  const now = rt.deps().clock.now();
  const rows = Object.entries(r.repos);
  if (rows.length === 0) note(rt, "No S3 stats cached yet; run 's3 sync' or 's3 stats --refresh'.");
  else {
    printLine(
      rt,
      renderTable(rows, [
        { header: 'Repository', value: ([n]) => n },
        { header: 'Size', value: ([, e]) => formatBytes(e.total_size_bytes), align: 'right' },
        { header: 'Objects', value: ([, e]) => formatCount(e.object_count), align: 'right' },
        { header: 'As of', value: ([, e]) => formatAge(e.cached_at, now) },
      ]),
    );
  }
  if (!r.bucket) return;
  printLine(
    rt,
    `\nBucket ${r.bucket.bucket}: ${formatBytes(r.bucket.total.total_size_bytes)} in ${formatCount(r.bucket.total.object_count)} objects`,
  );
  for (const [cls, v] of Object.entries(r.bucket.byStorageClass)) {
    printLine(rt, `  ${cls}: ${formatBytes(v.bytes)} in ${formatCount(v.objects)} objects`);
  }
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  return parent
    .command('stats')
    .description('S3 usage per repository (cached) and bucket-wide with --refresh')
    .option('--refresh', 'list the bucket now and update the cache (online)')
    .action((raw, c: Command) => runF(parseOptions(optionsSchema, raw, c), rt));
}
