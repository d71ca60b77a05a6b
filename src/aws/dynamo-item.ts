import { z } from 'zod';
import { repositorySchema, type Repository } from '../core/models/index.js';

/**
 * A `bb-repos` item as Python borgboi CURRENT writes it (borgboi-python.md §7.2): key repo_path +
 * hostname, `repo_name`, nulls omitted, `retention_keep_*` only when a per-repo policy exists.
 * Reads also take LEGACY `borgboi-repos` items (`common_name`, NULL attributes, a `metadata` map).
 * Two attributes are ours (ignored by Python, which maps attributes by name): `metadata_json`
 * (the last `borg info`, so other hosts can show sizes) and `updated_at`.
 */
const optionalText = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);
const keep = z.number().int().nullish();

export const repoItemSchema = z
  .object({
    repo_path: z.string().min(1),
    hostname: z.string().min(1),
    backup_target_path: z.string().min(1),
    repo_name: optionalText,
    common_name: optionalText,
    os_platform: z.string(),
    last_backup: optionalText,
    last_s3_sync: optionalText,
    created_at: optionalText,
    updated_at: optionalText,
    passphrase: optionalText,
    passphrase_file_path: optionalText,
    passphrase_migrated: z.boolean().nullish(),
    retention_keep_daily: keep,
    retention_keep_weekly: keep,
    retention_keep_monthly: keep,
    retention_keep_yearly: keep,
    metadata_json: optionalText,
    metadata: z.record(z.string(), z.unknown()).nullish(),
  })
  .refine((i) => (i.repo_name ?? i.common_name) !== undefined, 'item has no repo_name');
export type RepoItem = z.input<typeof repoItemSchema>;

type ParsedItem = z.output<typeof repoItemSchema>;

function retentionOf(i: ParsedItem) {
  const vals = [
    i.retention_keep_daily,
    i.retention_keep_weekly,
    i.retention_keep_monthly,
    i.retention_keep_yearly,
  ];
  if (vals.every((v) => v === null || v === undefined)) return null;
  const [d, w, m, y] = vals.map((v) => v ?? 0);
  // Python reads missing ones as 0; a policy keeping nothing means "no override" to us.
  return (d ?? 0) + (w ?? 0) + (m ?? 0) + (y ?? 0) > 0
    ? { keep_daily: d, keep_weekly: w, keep_monthly: m, keep_yearly: y }
    : null;
}

function metadataOf(i: ParsedItem): unknown {
  if (i.metadata_json !== undefined) {
    try {
      return JSON.parse(i.metadata_json);
    } catch {
      return null;
    }
  }
  return i.metadata ?? null;
}

/** Item → Repository, or a one-line reason why the item is not a usable repo record. */
export function itemToRepo(raw: unknown): { repo: Repository } | { error: string } {
  const item = repoItemSchema.safeParse(raw);
  if (!item.success) return { error: item.error.issues.map(issueText).join('; ') };
  const i = item.data;
  const meta = metadataOf(i);
  const base = {
    name: i.repo_name ?? i.common_name,
    path: i.repo_path,
    backup_target: i.backup_target_path,
    hostname: i.hostname,
    os_platform: i.os_platform,
    created_at: i.created_at ?? null,
    last_backup: i.last_backup ?? null,
    last_s3_sync: i.last_s3_sync ?? null,
    ...(i.updated_at !== undefined ? { updated_at: i.updated_at } : {}),
    retention: retentionOf(i),
    passphrase: i.passphrase ?? null,
    passphrase_file_path: i.passphrase_file_path ?? null,
    passphrase_migrated: i.passphrase_migrated ?? false,
  };
  // Legacy metadata maps may not match today's RepoInfo; the record is still good without it.
  const full = repositorySchema.safeParse({ ...base, metadata: meta });
  if (full.success) return { repo: full.data };
  const bare = repositorySchema.safeParse({ ...base, metadata: null });
  if (bare.success) return { repo: bare.data };
  return { error: bare.error.issues.map(issueText).join('; ') };
}

function issueText(i: z.core.$ZodIssue): string {
  return i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message;
}

/** Repository → item: Python attribute names, no null or undefined attributes. */
export function repoToItem(r: Repository): Record<string, unknown> {
  const item: Record<string, unknown> = {
    repo_path: r.path,
    hostname: r.hostname,
    backup_target_path: r.backup_target,
    repo_name: r.name,
    os_platform: r.os_platform,
    passphrase_migrated: r.passphrase_migrated,
  };
  const optional: Record<string, string | null | undefined> = {
    last_backup: r.last_backup,
    last_s3_sync: r.last_s3_sync,
    created_at: r.created_at,
    updated_at: r.updated_at,
    passphrase: r.passphrase,
    passphrase_file_path: r.passphrase_file_path,
    metadata_json: r.metadata ? JSON.stringify(r.metadata) : null,
  };
  for (const [k, v] of Object.entries(optional)) if (v !== null && v !== undefined) item[k] = v;
  if (r.retention) {
    item.retention_keep_daily = r.retention.keep_daily;
    item.retention_keep_weekly = r.retention.keep_weekly;
    item.retention_keep_monthly = r.retention.keep_monthly;
    item.retention_keep_yearly = r.retention.keep_yearly;
  }
  return item;
}

export function itemLabel(raw: unknown): string {
  const r = (raw ?? {}) as Record<string, unknown>;
  const name = r.repo_name ?? r.common_name ?? '?';
  return `${String(name)} (${String(r.repo_path ?? '?')} on ${String(r.hostname ?? '?')})`;
}
