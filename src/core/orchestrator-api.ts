import type { LegacyTableMigrationReport } from '../aws/types.js';
import type { Repository, RunRecord } from './models/index.js';
import type { ExclusionsView, MigrationReport } from '../storage/types.js';
import type { RepoCall, RepoRef } from './api/common.js';
import type {
  CheckInput,
  CheckRepoResult,
  CreateRepoInput,
  CreateRepoResult,
  DeleteRepoInput,
  DeleteRepoResult,
  ExportKeyInput,
  ExportKeyResult,
  ImportRepoInput,
  ImportRepoResult,
  ListReposResult,
  MoveRepoResult,
  RenameRepoResult,
  RepoInfoResult,
  SetQuotaResult,
  SetRetentionInput,
  StatusInput,
  StatusResult,
} from './api/repo.js';
import type {
  BackupRunInput,
  BackupRunResult,
  DailyAllResult,
  DailyInput,
  DailyResult,
  PruneInput,
  PruneRepoResult,
} from './api/backup.js';
import type {
  ArchiveContentsResult,
  ArchiveInfoResult,
  DeleteArchiveInput,
  DeleteArchiveResult,
  DiffInput,
  DiffResult,
  FindInput,
  FindResult,
  ListArchivesResult,
  RecreateInput,
  RecreateResult,
  RestoreArchiveInput,
  RestoreArchiveResult,
} from './api/archive.js';
import type {
  S3RestoreInput,
  S3RestoreResult,
  S3StatsResult,
  S3VerifyResult,
  SyncInput,
  SyncRepoResult,
} from './api/s3.js';

export type * from './api/common.js';
export type * from './api/repo.js';
export type * from './api/backup.js';
export type * from './api/archive.js';
export type * from './api/s3.js';

/**
 * The Orchestrator's public surface: what the CLI verbs call. Every method returns a typed
 * result and never prints; people-facing progress goes through the optional WorkflowObserver.
 * Confirmation of destructive actions is the CLI's job: such methods take `confirmed: true`.
 */
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
