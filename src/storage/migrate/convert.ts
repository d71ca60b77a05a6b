import { repositorySchema, type Repository } from '../../core/models/index.js';
import { s3StatsEntrySchema } from '../s3-stats-cache.js';
import type { S3StatsEntry } from '../types.js';
import type { SourceRepo } from './python-sources.js';

/** Optional fields a Python document may carry in a shape we cannot use: dropped, not fatal. */
const DROPPABLE = new Set([
  'metadata',
  'retention',
  'retention_policy',
  'last_backup',
  'last_s3_sync',
  'created_at',
  'updated_at',
  'passphrase_file_path',
]);

export type Converted =
  | { ok: true; repo: Repository; warnings: string[] }
  | { ok: false; reason: string };

/**
 * A Python repository document → our record. Computed keys (`safe_path`, `*_gb`) are ignored by
 * the schema; an unusable optional field is dropped with a warning; a missing or invalid
 * required field (name, path, backup_target, hostname, os_platform) skips the repo.
 */
export function toRepository(src: SourceRepo): Converted {
  const first = repositorySchema.safeParse(src.raw);
  if (first.success) return { ok: true, repo: first.data, warnings: [] };
  const bad = new Set(first.error.issues.map((i) => String(i.path[0] ?? '')));
  const fatal = [...bad].filter((k) => !DROPPABLE.has(k));
  if (fatal.length > 0) {
    const issue = first.error.issues.find((i) => fatal.includes(String(i.path[0] ?? '')));
    return {
      ok: false,
      reason: `invalid ${issue?.path.join('.') || 'document'}: ${issue?.message}`,
    };
  }
  const trimmed = Object.fromEntries(Object.entries(src.raw).filter(([k]) => !bad.has(k)));
  const second = repositorySchema.safeParse(trimmed);
  if (!second.success) return { ok: false, reason: second.error.issues[0]?.message ?? 'invalid' };
  const name = second.data.name;
  return {
    ok: true,
    repo: second.data,
    warnings: [...bad].map((k) => `'${name}' (${src.origin}): dropped unusable field ${k}`),
  };
}

export function toStatsEntry(raw: unknown): S3StatsEntry | null {
  const parsed = s3StatsEntrySchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
