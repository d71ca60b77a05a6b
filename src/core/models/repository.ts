import { z } from 'zod';
import { repoInfoSchema } from './borg-info.js';
import { retentionPolicySchema } from './retention.js';

/** ISO-8601 timestamp as stored (Python wrote naive `isoformat()`, we write UTC with `Z`). */
export const isoTimestampSchema = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'not an ISO-8601 timestamp');

export const osPlatformSchema = z
  .string()
  .transform((s) => s.toLowerCase())
  .pipe(z.enum(['linux', 'darwin']))
  .transform((s) => (s === 'linux' ? 'Linux' : 'Darwin'));
export type OsPlatform = 'Linux' | 'Darwin';

/**
 * A repository record as we store it. Field names follow the Python document
 * (borgboi-python.md §2.5) so LEGACY/A54/CURRENT documents parse unchanged; `retention`
 * also accepts Python's `retention_policy` name on read.
 */
export const repositorySchema = z.preprocess(
  (raw) => {
    if (raw && typeof raw === 'object' && !('retention' in raw) && 'retention_policy' in raw) {
      const { retention_policy, ...rest } = raw as Record<string, unknown>;
      return { ...rest, retention: retention_policy };
    }
    return raw;
  },
  z.object({
    name: z.string().min(1),
    path: z.string().min(1),
    backup_target: z.string().min(1),
    hostname: z.string().min(1),
    os_platform: osPlatformSchema,
    created_at: isoTimestampSchema.nullable().default(null),
    last_backup: isoTimestampSchema.nullable().default(null),
    last_s3_sync: isoTimestampSchema.nullable().default(null),
    updated_at: isoTimestampSchema.nullable().optional(),
    metadata: repoInfoSchema.nullable().default(null),
    retention: retentionPolicySchema.nullable().default(null),
    /** Deprecated DB-stored passphrase (Python A54/CURRENT); kept only until migrated to a file. */
    passphrase: z.string().nullable().default(null),
    passphrase_file_path: z.string().nullable().default(null),
    passphrase_migrated: z.boolean().default(false),
  }),
);
export type Repository = z.infer<typeof repositorySchema>;
