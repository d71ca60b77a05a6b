import type { Config } from '../config/schema.js';
import type { Repository } from '../core/models/index.js';
import type { MetadataStore } from '../storage/metadata-store.js';

/**
 * Contracts of the online layer. Type-only module: importing it never loads the AWS SDK.
 * The implementations (src/aws/*.ts) are imported dynamically by deps.ts only when online.
 * Keys are `<prefix>/<relative path>` where prefix = repo name (Python layout, spec §9).
 */

export interface S3Progress {
  phase: 'list' | 'upload' | 'download' | 'delete';
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** Key of the object that just finished (or null for phase changes). */
  key: string | null;
}

export interface TransferOptions {
  dryRun?: boolean | undefined;
  onProgress?: ((p: S3Progress) => void) | undefined;
  signal?: AbortSignal | undefined;
}

export interface SyncPlanEntry {
  key: string;
  size: number;
  reason: 'new' | 'changed' | 'deleted-locally';
}

export interface SyncResult {
  bucket: string;
  prefix: string;
  dryRun: boolean;
  uploaded: SyncPlanEntry[];
  deleted: string[];
  /** Files already up to date in S3. */
  unchanged: number;
  bytesUploaded: number;
  durationMs: number;
  /** Totals of the prefix after the sync (feeds the stats cache). */
  remote: PrefixStats;
}

export interface RestoreResult {
  bucket: string;
  prefix: string;
  target: string;
  dryRun: boolean;
  files: number;
  bytes: number;
  /** Files already present locally with the right size (a resumed restore skips them). */
  skipped: number;
  durationMs: number;
}

export interface PrefixStats {
  total_size_bytes: number;
  object_count: number;
  last_modified: string | null;
}

export interface BucketStats {
  bucket: string;
  byStorageClass: Record<string, { bytes: number; objects: number }>;
  /** Per top-level prefix (= repo name). */
  byPrefix: Record<string, PrefixStats>;
  total: PrefixStats;
}

export interface S3Mirror {
  readonly bucket: string;
  /** Local dir → s3://bucket/prefix/…: new/changed files only, optional delete of gone files. */
  sync(
    localDir: string,
    prefix: string,
    opts: TransferOptions & { delete?: boolean | undefined },
  ): Promise<SyncResult>;
  /**
   * s3://bucket/prefix/… → targetDir, streaming, sizes (and stored sha256) verified; resumable.
   * Refuses a non-empty targetDir (BorgboiError 'already-exists', exit 2) unless `force`, or
   * unless it is an interrupted restore of ours (then it resumes).
   */
  restore(
    prefix: string,
    targetDir: string,
    opts: TransferOptions & { force?: boolean | undefined },
  ): Promise<RestoreResult>;
  prefixStats(prefix: string, opts?: TransferOptions): Promise<PrefixStats>;
  bucketStats(opts?: TransferOptions): Promise<BucketStats>;
  /** Batch-deletes every object under prefix/ (never a sibling prefix sharing the start). */
  deletePrefix(prefix: string, opts: TransferOptions): Promise<{ deleted: number; keys: string[] }>;
  /** Renames a prefix (copy + delete), for `repo rename`. */
  movePrefix(
    oldPrefix: string,
    newPrefix: string,
    opts: TransferOptions,
  ): Promise<{ moved: number }>;
}

export interface LegacyTableMigrationRow {
  name: string;
  status: 'migrated' | 'would-migrate' | 'already' | 'skipped';
  reason?: string | undefined;
}

export interface LegacyTableMigrationReport {
  from: string;
  to: string;
  dryRun: boolean;
  rows: LegacyTableMigrationRow[];
}

/** The online half: an S3 mirror and the bb-repos table (a MetadataStore over DynamoDB). */
export interface Remote {
  s3: S3Mirror;
  table: MetadataStore & {
    /** Items of every host (paginated scan); invalid items reported, not thrown. */
    scanAll(): Promise<{ repos: Repository[]; skipped: string[] }>;
  };
  /**
   * Copies the LEGACY table (default `borgboi-repos`, HASH repo_path, `common_name`) into
   * aws.dynamodb_repos_table; idempotent, never changes the old table.
   */
  migrateLegacyTable(opts: {
    from?: string | undefined;
    dryRun: boolean;
  }): Promise<LegacyTableMigrationReport>;
}

export interface RemoteOptions {
  config: Config;
  env: Readonly<Record<string, string | undefined>>;
  hostname: string;
}

/** Signature of `createRemote` in src/aws/index.ts (loaded with a dynamic import, online only). */
export type CreateRemote = (opts: RemoteOptions) => Promise<Remote>;
