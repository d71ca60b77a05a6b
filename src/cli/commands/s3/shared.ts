import { z } from 'zod';
import type { RestoreResult } from '../../../aws/types.js';

/** Pieces of the s3 verbs' --json documents. */

export const prefixStatsSchema = z.lazy(() =>
  z.strictObject({
    total_size_bytes: z.number(),
    object_count: z.number().int(),
    last_modified: z.string().nullable(),
  }),
);

export const restoreJsonSchema = z.lazy(() =>
  z.strictObject({
    bucket: z.string(),
    prefix: z.string(),
    target: z.string(),
    dry_run: z.boolean(),
    files: z.number().int(),
    bytes: z.number(),
    skipped: z.number().int(),
    duration_ms: z.number(),
  }),
);

export function restoreJson(r: RestoreResult): z.infer<typeof restoreJsonSchema> {
  return {
    bucket: r.bucket,
    prefix: r.prefix,
    target: r.target,
    dry_run: r.dryRun,
    files: r.files,
    bytes: r.bytes,
    skipped: r.skipped,
    duration_ms: r.durationMs,
  };
}
