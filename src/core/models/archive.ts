import { z } from 'zod';
import { encryptionInfoSchema, repositoryInfoSchema } from './borg-info.js';

/** One entry of `borg list --json REPO`. */
export const archiveSchema = z.object({
  name: z.string(),
  id: z.string(),
  start: z.string(),
  time: z.string(),
  archive: z.string().optional(),
  barchive: z.string().optional(),
});
export type Archive = z.infer<typeof archiveSchema>;

export const archiveListSchema = z.object({
  archives: z.array(archiveSchema),
  encryption: encryptionInfoSchema,
  repository: repositoryInfoSchema,
});
export type ArchiveList = z.infer<typeof archiveListSchema>;

/** One line of `borg list --json-lines REPO::A` (paths have no leading slash). */
export const archiveItemSchema = z.object({
  type: z.string(),
  mode: z.string(),
  user: z.string(),
  group: z.string(),
  uid: z.number().int(),
  gid: z.number().int(),
  path: z.string(),
  healthy: z.boolean().optional(),
  source: z.string().optional(),
  linktarget: z.string().optional(),
  flags: z.number().int().nullable().optional(),
  mtime: z.string(),
  size: z.number().int(),
});
export type ArchiveItem = z.infer<typeof archiveItemSchema>;

/** One change in `borg diff --json-lines`. */
export const diffChangeSchema = z.object({
  type: z.string(),
  added: z.number().int().optional(),
  removed: z.number().int().optional(),
  size: z.number().int().optional(),
  old_mode: z.string().optional(),
  new_mode: z.string().optional(),
  old_ctime: z.string().optional(),
  new_ctime: z.string().optional(),
  old_mtime: z.string().optional(),
  new_mtime: z.string().optional(),
  old_user: z.string().optional(),
  new_user: z.string().optional(),
  old_group: z.string().optional(),
  new_group: z.string().optional(),
});
export type DiffChange = z.infer<typeof diffChangeSchema>;

export const diffEntrySchema = z.object({
  path: z.string(),
  changes: z.array(diffChangeSchema),
});
export type DiffEntry = z.infer<typeof diffEntrySchema>;
