import type { CheckResult, OutputHandlers, PruneResult, BorgWarning } from '../borg/types.js';
import type {
  BucketStats,
  LegacyTableMigrationReport,
  RestoreResult,
  S3Progress,
  SyncResult,
} from '../aws/types.js';
import type {
  Archive,
  ArchiveInfo,
  ArchiveItem,
  CacheInfo,
  DiffEntry,
  EncryptionInfo,
  RepoInfo,
  Repository,
  RetentionPolicy,
  RunRecord,
  RunResult,
  RunStep,
} from './models/index.js';
import type {
  ExclusionsView,
  MigrationReport,
  NewPassphraseSource,
  PassphraseRequest,
  S3StatsEntry,
} from '../storage/types.js';

/**
 * The Orchestrator's public surface: what the CLI verbs call. Every method returns a typed
 * result and never prints; people-facing progress goes through the optional WorkflowObserver.
 * Confirmation of destructive actions is the CLI's job: such methods take `confirmed: true`.
 */

/** How a verb names its repository: by name, by path, or (neither) "this host's only repo". */
export type RepoRef =
  | { kind: 'name'; name: string }
  | { kind: 'path'; path: string }
  | { kind: 'default' };

export type StepName =
  | 'resolve'
  | 'hooks:before'
  | 'create'
  | 'prune'
  | 'compact'
  | 'check'
  | 'sync'
  | 'info'
  | 'metadata'
  | 'hooks:after'
  | 'hooks:error'
  | 'hooks:recovered'
  | 'notify'
  | 'textfile';

/** Live feedback for the CLI (spinners, progress line, notices). All optional. */
export interface WorkflowObserver {
  stepStarted?(e: { repo: string; step: StepName | string }): void;
  stepFinished?(e: {
    repo: string;
    step: StepName | string;
    result: RunStep['result'];
    durationMs: number;
    message?: string | undefined;
    /** borg's exit status of the step (0 ok, 1 warning, >= 2 failed); absent when no borg ran. */
    borgRc?: number | null | undefined;
  }): void;
  /** borg's parsed --log-json events of the current step. */
  borg?: OutputHandlers | undefined;
  s3?: ((p: S3Progress) => void) | undefined;
  /** Things done on the user's behalf: permissions fixed, stale lock cleared, passphrase migrated. */
  notice?(message: string): void;
}

/** Common to every call that opens a repo. */
export interface RepoCall {
  ref: RepoRef;
  passphrase?: PassphraseRequest | undefined;
  observer?: WorkflowObserver | undefined;
  signal?: AbortSignal | undefined;
}

export interface CreateRepoInput {
  name: string;
  path: string;
  backupTarget: string;
  encryption?: 'repokey' | 'repokey-blake2' | 'none' | undefined;
  quota?: string | undefined;
  passphrase?: PassphraseRequest | undefined;
  observer?: WorkflowObserver | undefined;
  signal?: AbortSignal | undefined;
}
export interface CreateRepoResult {
  repo: Repository;
  /** null for `--encryption none` (no passphrase, no key file). */
  passphraseSource: NewPassphraseSource | null;
  /** Where the passphrase is kept (0600). Never the passphrase itself. */
  keyFile: string | null;
  warnings: string[];
}

export type ImportRepoInput = Omit<CreateRepoInput, 'encryption' | 'quota'>;
export interface ImportRepoResult {
  repo: Repository;
  encryption: string;
  keyFile: string | null;
  warnings: string[];
}

export interface ListReposResult {
  repos: Repository[];
  source: 'local' | 'table';
  /** Items of the table that did not parse (online --all-hosts). */
  skipped: string[];
}

export interface RepoInfoResult {
  repo: Repository;
  /** Live `borg info` of the repo. */
  info: RepoInfo;
  archiveCount: number | null;
  s3: S3StatsEntry | null;
  retention: { policy: RetentionPolicy; source: 'repo' | 'config' | 'default' };
}

export interface BackupRunInput extends RepoCall {
  listFiles?: boolean | undefined;
  /** borg create --timestamp (dated archives). */
  timestamp?: string | undefined;
  archiveName?: string | undefined;
  dryRun?: boolean | undefined;
}
export interface ArchiveStatsView {
  original_size: number;
  compressed_size: number;
  deduplicated_size: number;
  nfiles: number;
}
export interface BackupRunResult {
  repo: Repository;
  archive: { name: string; id: string; start: string; end: string; duration: number } | null;
  stats: ArchiveStatsView | null;
  warnings: BorgWarning[];
  dryRun: boolean;
}

export interface DailyInput extends RepoCall {
  noS3Sync?: boolean | undefined;
  noPrune?: boolean | undefined;
  noCompact?: boolean | undefined;
  listFiles?: boolean | undefined;
  timestamp?: string | undefined;
}
export interface DailyResult {
  repo: string;
  runId: string;
  result: RunResult;
  /** 0 success/warning, 1 failed, 3 partial (archive made, later step failed), 130/143 interrupted. */
  exitCode: number;
  archive: string | null;
  steps: RunStep[];
  warnings: string[];
  error: { code: string; message: string; hint?: string | undefined } | null;
  stats: ArchiveStatsView | null;
  durationMs: number;
  /** The previous finished daily of this repo failed and this one did not (notified once). */
  recovered?: boolean | undefined;
}
export interface DailyAllResult {
  results: DailyResult[];
  /** Worst of the per-repo codes (1 beats 3 beats 0; an interrupt wins). */
  exitCode: number;
  /** Problems of the invocation as a whole (ping, textfile); they never change exitCode. */
  warnings?: string[] | undefined;
}

export interface SyncInput extends RepoCall {
  dryRun?: boolean | undefined;
  delete?: boolean | undefined;
}
export interface SyncRepoResult {
  repo: string;
  sync: SyncResult;
}

export interface S3RestoreInput extends RepoCall {
  force?: boolean | undefined;
  dryRun?: boolean | undefined;
  target?: string | undefined;
}
export interface S3RestoreResult {
  repo: string;
  restore: RestoreResult;
  registered: boolean;
}
export interface S3VerifyResult {
  repo: string;
  restore: RestoreResult;
  check: CheckResult;
  ok: boolean;
}
export interface S3StatsResult {
  repos: Record<string, S3StatsEntry>;
  bucket: BucketStats | null;
  refreshed: boolean;
}

export interface RestoreArchiveInput extends RepoCall {
  archive: string;
  /** Default: the current directory. */
  target?: string | undefined;
  paths?: string[] | undefined;
  dryRun?: boolean | undefined;
  /** Allow a non-empty target. */
  force?: boolean | undefined;
}
export interface RestoreArchiveResult {
  repo: string;
  archive: string;
  target: string;
  dryRun: boolean;
  /** On a dry run: the archive paths that would be restored (borg extract --dry-run --list). */
  files: string[] | null;
  warnings: BorgWarning[];
}

export interface DeleteArchiveInput extends RepoCall {
  archive: string;
  dryRun?: boolean | undefined;
  confirmed: boolean;
}
export interface DeleteArchiveResult {
  repo: string;
  archive: string;
  dryRun: boolean;
  compacted: boolean;
}

export interface DeleteRepoInput extends RepoCall {
  dryRun?: boolean | undefined;
  deleteFromS3?: boolean | undefined;
  confirmed: boolean;
}
export interface DeleteRepoResult {
  repo: string;
  path: string;
  dryRun: boolean;
  /** What was (or would be) removed: 'borg repo', 'metadata', 'exclusions', 'key file', 's3'. */
  removed: string[];
  s3Deleted: number | null;
  warnings: string[];
}

export interface ArchiveInfoResult {
  repo: string;
  archive: ArchiveInfo;
  cache: CacheInfo;
  encryption: EncryptionInfo;
}

export interface ListArchivesResult {
  repo: string;
  /** Newest first (by start time, not by name). */
  archives: Archive[];
}

export interface ArchiveContentsResult {
  repo: string;
  archive: string;
  /** Streamed: a million-line listing never sits in memory. */
  items: AsyncIterable<ArchiveItem>;
}

export interface DiffInput extends RepoCall {
  archive1?: string | undefined;
  archive2?: string | undefined;
  contentOnly?: boolean | undefined;
  filterPaths?: string[] | undefined;
}
export interface DiffSummary {
  added: number;
  removed: number;
  modified: number;
  modeChanged: number;
  bytesAdded: number;
  bytesRemoved: number;
}
export interface DiffResult {
  repo: string;
  archive1: string;
  archive2: string;
  entries: DiffEntry[];
  summary: DiffSummary;
}

export interface FindInput extends RepoCall {
  /** Shell glob over archive paths (no leading slash), e.g. `home/*\/notes.txt`, `**\/*.pdf`. */
  glob: string;
  /** Look at the newest N archives only. */
  limit?: number | undefined;
}
export interface FindMatch {
  archive: string;
  start: string;
  path: string;
  type: string;
  size: number;
  mtime: string;
}
export interface FindResult {
  repo: string;
  glob: string;
  archivesSearched: number;
  /** Newest archive first. */
  matches: FindMatch[];
}

export interface RecreateInput extends RepoCall {
  archive: string;
  excludes?: string[] | undefined;
  recompress?: boolean | undefined;
  compression?: string | undefined;
  dryRun?: boolean | undefined;
}
export interface RecreateResult {
  repo: string;
  archive: string;
  dryRun: boolean;
  /** On a dry run: the paths borg would change, with its status (`x` = excluded). */
  changes: Array<{ status: string; path: string }> | null;
  warnings: BorgWarning[];
}

export interface PruneInput extends RepoCall {
  dryRun?: boolean | undefined;
}
export interface PruneRepoResult {
  repo: string;
  policy: RetentionPolicy;
  policySource: 'repo' | 'config' | 'default';
  prune: PruneResult;
}

export type CheckKindInput = 'repository' | 'archives' | 'data' | 'spot';
export interface CheckInput extends RepoCall {
  kind?: CheckKindInput | undefined;
  repair?: boolean | undefined;
  confirmed?: boolean | undefined;
  /** Spot check: files sampled (default config `checks[kind=spot].sample_size`, else 50). */
  sampleSize?: number | undefined;
  /** Spot check: sampling seed (default derived from the archive name, so repeatable). */
  seed?: number | undefined;
}
export interface SpotCheckResult {
  sampled: number;
  mismatched: Array<{ path: string; reason: string }>;
  tolerance: number;
}
export interface CheckRepoResult {
  repo: string;
  kind: CheckKindInput;
  ok: boolean;
  problems: string[];
  report: string[];
  spot?: SpotCheckResult | undefined;
}

export interface MoveRepoResult {
  repo: string;
  from: string;
  to: string;
}
export interface RenameRepoResult {
  from: string;
  to: string;
  moved: string[];
  s3Moved: number | null;
}

export interface ExportKeyInput extends RepoCall {
  /** File to write; '-' = return the text for stdout; default `<base>/{name}-encrypted-key-backup.txt`. */
  output?: string | undefined;
  paper?: boolean | undefined;
  qrHtml?: boolean | undefined;
}
export interface ExportKeyResult {
  repo: string;
  file: string | null;
  text: string | null;
  format: 'key' | 'paper' | 'qr-html';
}

export interface SetRetentionInput {
  ref: RepoRef;
  policy: RetentionPolicy | null;
}
export interface SetQuotaResult {
  repo: string;
  quota: string;
  previous: string | null;
}

export interface StatusInput {
  maxAgeMs?: number | undefined;
  allHosts?: boolean | undefined;
}
export interface RepoStatus {
  name: string;
  hostname: string;
  path: string;
  last_backup: string | null;
  last_s3_sync: string | null;
  last_result: RunRecord['result'] | null;
  last_duration_ms: number | null;
  /** ms since last_backup (null = never). */
  age_ms: number | null;
  stale: boolean;
  deduplicated_size: number | null;
  archive_count: number | null;
}
export interface StatusResult {
  repos: RepoStatus[];
  stale: string[];
  maxAgeMs: number | null;
  source: 'local' | 'table';
  /** The newest finished `backup daily` record of each repo of this host (Prometheus output). */
  lastRuns?: RunRecord[] | undefined;
}

export interface OrchestratorApi {
  resolveRepo(ref: RepoRef): Promise<Repository>;
  createRepo(input: CreateRepoInput): Promise<CreateRepoResult>;
  importRepo(input: ImportRepoInput): Promise<ImportRepoResult>;
  listRepos(input: { allHosts?: boolean | undefined }): Promise<ListReposResult>;
  repoInfo(input: RepoCall): Promise<RepoInfoResult>;
  moveRepo(input: RepoCall & { to: string }): Promise<MoveRepoResult>;
  renameRepo(input: RepoCall & { to: string }): Promise<RenameRepoResult>;
  deleteRepo(input: DeleteRepoInput): Promise<DeleteRepoResult>;
  checkRepo(input: CheckInput): Promise<CheckRepoResult>;
  exportKey(input: ExportKeyInput): Promise<ExportKeyResult>;
  setRetention(input: SetRetentionInput): Promise<Repository>;
  setQuota(input: RepoCall & { quota: string }): Promise<SetQuotaResult>;

  showExclusions(ref: RepoRef): Promise<ExclusionsView & { repo: string }>;
  addExclusion(ref: RepoRef, pattern: string): Promise<ExclusionsView & { repo: string }>;
  removeExclusion(
    ref: RepoRef,
    line: number,
  ): Promise<ExclusionsView & { repo: string; removed: string }>;
  createExclusions(
    ref: RepoRef,
    sourceFile: string,
    opts?: { replace?: boolean },
  ): Promise<ExclusionsView & { repo: string }>;
  writeExclusions(ref: RepoRef, lines: string[]): Promise<ExclusionsView & { repo: string }>;

  backupRepo(input: BackupRunInput): Promise<BackupRunResult>;
  dailyBackup(input: DailyInput): Promise<DailyResult>;
  /** Every repo of this host, in name order; one failure does not stop the others. */
  dailyBackupAll(input: Omit<DailyInput, 'ref'>): Promise<DailyAllResult>;
  listArchives(input: RepoCall): Promise<ListArchivesResult>;
  archiveContents(input: RepoCall & { archive: string }): Promise<ArchiveContentsResult>;
  archiveInfo(input: RepoCall & { archive: string }): Promise<ArchiveInfoResult>;
  findInArchives(input: FindInput): Promise<FindResult>;
  restoreArchive(input: RestoreArchiveInput): Promise<RestoreArchiveResult>;
  diffArchives(input: DiffInput): Promise<DiffResult>;
  recreateArchive(input: RecreateInput): Promise<RecreateResult>;
  deleteArchive(input: DeleteArchiveInput): Promise<DeleteArchiveResult>;
  pruneRepo(input: PruneInput): Promise<PruneRepoResult>;

  syncRepo(input: SyncInput): Promise<SyncRepoResult>;
  syncAll(input: Omit<SyncInput, 'ref'>): Promise<SyncRepoResult[]>;
  restoreRepoFromS3(input: S3RestoreInput): Promise<S3RestoreResult>;
  verifyS3(input: RepoCall): Promise<S3VerifyResult>;
  s3Stats(input: { refresh?: boolean | undefined }): Promise<S3StatsResult>;
  deleteFromS3(
    input: RepoCall & { dryRun?: boolean | undefined; confirmed: boolean },
  ): Promise<{ repo: string; deleted: number; keys: string[]; dryRun: boolean }>;

  status(input: StatusInput): Promise<StatusResult>;
  /** The newest finished daily run of a repo (the CLI derives its ETA from it). */
  previousRun(repo: string, command?: string): Promise<RunRecord | null>;
  migrate(input: { dryRun: boolean }): Promise<MigrationReport>;
  /**
   * Online: copies Python's LEGACY table (`from`, default `borgboi-repos`) into
   * aws.dynamodb_repos_table; idempotent, the old table is never changed.
   */
  migrateLegacyTable(input: {
    from?: string | undefined;
    dryRun: boolean;
  }): Promise<LegacyTableMigrationReport>;
}
