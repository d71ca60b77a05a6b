import { z } from 'zod';

/** Shapes of `borg info --json` / `borg list --json` / `borg create --json` (borg 1.2, see fixtures). */
export const cacheStatsSchema = z.object({
  total_chunks: z.number().int(),
  total_csize: z.number().int(),
  total_size: z.number().int(),
  total_unique_chunks: z.number().int(),
  unique_csize: z.number().int(),
  unique_size: z.number().int(),
});
export type CacheStats = z.infer<typeof cacheStatsSchema>;

export const cacheInfoSchema = z.object({
  path: z.string(),
  stats: cacheStatsSchema,
});
export type CacheInfo = z.infer<typeof cacheInfoSchema>;

export const repositoryInfoSchema = z.object({
  id: z.string(),
  last_modified: z.string(),
  location: z.string(),
});
export type RepositoryInfo = z.infer<typeof repositoryInfoSchema>;

export const encryptionInfoSchema = z.object({
  mode: z.string(),
  keyfile: z.string().optional(),
});
export type EncryptionInfo = z.infer<typeof encryptionInfoSchema>;

export const archiveStatsSchema = z.object({
  original_size: z.number().int(),
  compressed_size: z.number().int(),
  deduplicated_size: z.number().int(),
  nfiles: z.number().int(),
});
export type ArchiveStats = z.infer<typeof archiveStatsSchema>;

/** One archive as `borg info --json REPO::A` (and, with fewer fields, `create --json`) reports it. */
export const archiveInfoSchema = z.object({
  name: z.string(),
  id: z.string(),
  start: z.string(),
  end: z.string(),
  duration: z.number(),
  stats: archiveStatsSchema,
  hostname: z.string().optional(),
  username: z.string().optional(),
  comment: z.string().optional(),
  command_line: z.array(z.string()).optional(),
  chunker_params: z.array(z.union([z.string(), z.number()])).optional(),
  limits: z.object({ max_archive_size: z.number() }).optional(),
});
export type ArchiveInfo = z.infer<typeof archiveInfoSchema>;

/**
 * Repo-level metadata stored on every repository record: the Python `RepoInfo`
 * (`borg info --json REPO`). Unknown keys such as Python's computed `*_gb` strings are dropped.
 */
export const repoInfoSchema = z.object({
  cache: cacheInfoSchema,
  encryption: encryptionInfoSchema,
  repository: repositoryInfoSchema,
  security_dir: z.string().optional(),
  archives: z.array(z.unknown()).optional(),
});
export type RepoInfo = z.infer<typeof repoInfoSchema>;

/** `borg info --json REPO::ARCHIVE`. */
export const archiveInfoResultSchema = z.object({
  archives: z.array(archiveInfoSchema),
  cache: cacheInfoSchema,
  encryption: encryptionInfoSchema,
  repository: repositoryInfoSchema,
});
export type ArchiveInfoResult = z.infer<typeof archiveInfoResultSchema>;

/** `borg create --json` stdout. */
export const createResultSchema = z.object({
  archive: archiveInfoSchema,
  cache: cacheInfoSchema,
  encryption: encryptionInfoSchema,
  repository: repositoryInfoSchema,
});
export type CreateResult = z.infer<typeof createResultSchema>;
