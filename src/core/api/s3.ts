import type { CheckResult } from '../../borg/types.js';
import type { BucketStats, RestoreResult, SyncResult } from '../../aws/types.js';
import type { S3StatsEntry } from '../../storage/types.js';
import type { RepoCall } from './common.js';

// Orchestrator inputs and results of the S3 verbs.

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
