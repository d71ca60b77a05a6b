import type { BorgWarning } from '../../borg/types.js';
import type {
  Archive,
  ArchiveInfo,
  ArchiveItem,
  CacheInfo,
  DiffEntry,
  EncryptionInfo,
} from '../models/index.js';
import type { RepoCall } from './common.js';

// Orchestrator inputs and results of the archive verbs (restore, delete, info, list, contents, diff, find, recreate).

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
