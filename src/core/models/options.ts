import { z } from 'zod';

/** What one `borg create` should do (the BorgClient turns it into argv). */
export const backupOptionsSchema = z.object({
  repoPath: z.string().min(1),
  archiveName: z.string().min(1),
  sources: z.array(z.string().min(1)).min(1),
  compression: z.string().min(1),
  excludeFrom: z.string().optional(),
  excludeCaches: z.boolean().default(true),
  excludeNodump: z.boolean().default(true),
  /** Extra `--exclude` patterns (e.g. the repo dir itself when it lies inside the source). */
  excludePatterns: z.array(z.string()).default([]),
  checkpointInterval: z.number().int().positive().optional(),
  /** `--timestamp`: archive time override (dated archives in tests and imports). */
  timestamp: z.string().optional(),
  comment: z.string().optional(),
  listFiles: z.boolean().default(false),
  progress: z.boolean().default(true),
  stats: z.boolean().default(false),
  dryRun: z.boolean().default(false),
  oneFileSystem: z.boolean().default(false),
});
export type BackupOptions = z.input<typeof backupOptionsSchema>;
export type ResolvedBackupOptions = z.output<typeof backupOptionsSchema>;

/** What one `borg extract` should do. */
export const restoreOptionsSchema = z.object({
  repoPath: z.string().min(1),
  archiveName: z.string().min(1),
  /** Directory extracted into (borg extracts into its cwd). */
  target: z.string().min(1),
  /** Paths inside the archive (no leading slash); empty = everything. */
  paths: z.array(z.string().min(1)).default([]),
  dryRun: z.boolean().default(false),
  stripComponents: z.number().int().nonnegative().optional(),
  listFiles: z.boolean().default(false),
  progress: z.boolean().default(true),
});
export type RestoreOptions = z.input<typeof restoreOptionsSchema>;
export type ResolvedRestoreOptions = z.output<typeof restoreOptionsSchema>;
