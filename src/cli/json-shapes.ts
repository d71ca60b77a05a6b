import { z } from 'zod';
import type { BorgWarning } from '../borg/types.js';
import type { ArchiveStatsView } from '../core/orchestrator-api.js';
import {
  isoTimestampSchema,
  repoInfoSchema,
  retentionPolicySchema,
  runStepSchema,
  type Repository,
} from '../core/models/index.js';

/**
 * Building blocks of the `--json` documents (docs/json-output.md). Every verb exports its own
 * `jsonSchema` built from these; keys are snake_case and stable. Objects are strict so a test
 * fails when a field (above all a secret) slips into the output.
 */

/** A repository record as printed: the stored record minus the legacy DB passphrase. */
export const repoJsonSchema = z.lazy(() =>
  z.strictObject({
    name: z.string(),
    path: z.string(),
    backup_target: z.string(),
    hostname: z.string(),
    os_platform: z.enum(['Linux', 'Darwin']),
    created_at: isoTimestampSchema.nullable(),
    last_backup: isoTimestampSchema.nullable(),
    last_s3_sync: isoTimestampSchema.nullable(),
    retention: retentionPolicySchema.nullable(),
    passphrase_file_path: z.string().nullable(),
    passphrase_migrated: z.boolean(),
    metadata: repoInfoSchema.nullable(),
  }),
);
export type RepoJson = z.infer<typeof repoJsonSchema>;

export function repoJson(r: Repository): RepoJson {
  return {
    name: r.name,
    path: r.path,
    backup_target: r.backup_target,
    hostname: r.hostname,
    os_platform: r.os_platform,
    created_at: r.created_at,
    last_backup: r.last_backup,
    last_s3_sync: r.last_s3_sync,
    retention: r.retention,
    passphrase_file_path: r.passphrase_file_path,
    passphrase_migrated: r.passphrase_migrated,
    metadata: r.metadata,
  };
}

export const borgWarningJsonSchema = z.lazy(() =>
  z.strictObject({
    message: z.string(),
    msgid: z.string().nullable(),
  }),
);

export function borgWarningsJson(ws: readonly BorgWarning[]) {
  return ws.map((w) => ({ message: w.message, msgid: w.msgid ?? null }));
}

export const archiveStatsJsonSchema = z.lazy(() =>
  z.strictObject({
    original_size: z.number(),
    compressed_size: z.number(),
    deduplicated_size: z.number(),
    nfiles: z.number(),
  }),
);

export function statsJson(
  s: ArchiveStatsView | null,
): z.infer<typeof archiveStatsJsonSchema> | null {
  if (!s) return null;
  const { original_size, compressed_size, deduplicated_size, nfiles } = s;
  return { original_size, compressed_size, deduplicated_size, nfiles };
}

export const stepJsonSchema = runStepSchema;

export const errorJsonSchema = z.lazy(() =>
  z.strictObject({
    code: z.string(),
    message: z.string(),
    hint: z.string().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
);

/** `{"error": {...}}`: what render-error prints with --json. */
export const errorDocumentSchema = z.lazy(() => z.strictObject({ error: errorJsonSchema }));

/** One stderr line with `--log-format json` (progress/json-log.ts and output.ts write them). */
export const logEventSchema = z.lazy(() =>
  z.object({
    time: z.string(),
    level: z.enum(['debug', 'info', 'warning', 'error']),
    event: z.string(),
    repo: z.string().nullable().optional(),
    step: z.string().nullable().optional(),
    duration_ms: z.number().nullable().optional(),
    rc: z.number().nullable().optional(),
    message: z.string().nullable().optional(),
  }),
);
export type LogEvent = z.infer<typeof logEventSchema>;
