import type { RepoInfo, Repository, RetentionPolicy, RunRecord } from '../models/index.js';
import type { NewPassphraseSource, PassphraseRequest, S3StatsEntry } from '../../storage/types.js';
import type { RepoCall, RepoRef, WorkflowObserver } from './common.js';

// Orchestrator inputs and results of the repo verbs and of status.

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
