import type { BorgWarning, PruneResult } from '../../borg/types.js';
import type { Repository, RetentionPolicy, RunResult, RunStep } from '../models/index.js';
import type { RepoCall } from './common.js';

// Orchestrator inputs and results of backup run, daily and prune.

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

export interface PruneInput extends RepoCall {
  dryRun?: boolean | undefined;
}
export interface PruneRepoResult {
  repo: string;
  policy: RetentionPolicy;
  policySource: 'repo' | 'config' | 'default';
  prune: PruneResult;
}
