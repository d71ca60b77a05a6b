import type { Clock } from '../core/clock.js';
import type { Passphrase } from '../core/secret.js';
import type {
  ArchiveInfoResult,
  ArchiveItem,
  ArchiveList,
  CreateResult,
  DiffEntry,
  RepoInfo,
  ResolvedBackupOptions,
  ResolvedRestoreOptions,
  RetentionPolicy,
} from '../core/models/index.js';
import type { BorgVersion } from './version.js';

/**
 * The contract between the Orchestrator and borg. One implementation (`createBorgClient` in
 * src/borg/client.ts) runs the real binary with execa; tests of the Orchestrator use a fake.
 * Every method is non-interactive, never puts a secret on argv or in borg's environment, and
 * throws `BorgError` (src/core/errors.ts) for rc >= 2 or a signal. rc 1 is returned as warnings.
 */

/** A parsed `--log-json` stderr line (borg-1.2.md §3). Unknown types are kept as `raw`. */
export type BorgEvent =
  | {
      type: 'archive_progress';
      original_size?: number | undefined;
      compressed_size?: number | undefined;
      deduplicated_size?: number | undefined;
      nfiles?: number | undefined;
      path?: string | undefined;
      time?: number | undefined;
      finished: boolean;
    }
  | {
      type: 'progress_percent';
      operation?: number | undefined;
      msgid?: string | undefined;
      message?: string | undefined;
      current?: number | undefined;
      total?: number | undefined;
      info?: string[] | null | undefined;
      finished: boolean;
      time?: number | undefined;
    }
  | {
      type: 'progress_message';
      operation?: number | undefined;
      msgid?: string | undefined;
      message?: string | undefined;
      finished: boolean;
      time?: number | undefined;
    }
  | { type: 'file_status'; status: string; path: string }
  | {
      type: 'log_message';
      levelname: string;
      name?: string | undefined;
      message: string;
      msgid?: string | undefined;
      time?: number | undefined;
    }
  | { type: 'raw'; line: string; value?: unknown };

export type ProgressEvent = Extract<
  BorgEvent,
  { type: 'archive_progress' | 'progress_percent' | 'progress_message' }
>;
export type FileStatusEvent = Extract<BorgEvent, { type: 'file_status' }>;
export type LogMessageEvent = Extract<BorgEvent, { type: 'log_message' }>;

/** Callbacks a caller may pass to watch a borg run; all optional, all synchronous. */
export interface OutputHandlers {
  onProgress?(e: ProgressEvent): void;
  onFileStatus?(e: FileStatusEvent): void;
  onLog?(e: LogMessageEvent): void;
  /** stdout lines of verbs whose stdout is not a data stream (create --json, key export …). */
  onStdout?(line: string): void;
  /** stderr lines that are not a borg JSON event (plain text, tracebacks, prompts). */
  onStderrLine?(line: string): void;
}

/** Per-call context: how to unlock the repo, who watches, and how to stop. */
export interface BorgCallContext {
  /** Delivered on a pipe via BORG_PASSPHRASE_FD; omit for unencrypted repos. */
  passphrase?: Passphrase | null | undefined;
  handlers?: OutputHandlers | undefined;
  /** Aborting forwards SIGINT (then SIGTERM) to borg and waits for it to exit. */
  signal?: AbortSignal | undefined;
  /** `--lock-wait` seconds (config borg.lock_wait). */
  lockWait?: number | undefined;
  /** Answer borg's "repository was previously located at …" prompt (after `repo move`, S3 restore). */
  allowRelocated?: boolean | undefined;
  /** Answer "previously unknown unencrypted repository" (import / S3 restore of encryption none). */
  allowUnknownUnencrypted?: boolean | undefined;
}

/** A warning borg reported (rc 1): the warning-level log messages of the run. */
export interface BorgWarning {
  message: string;
  msgid?: string | undefined;
}

/** Every successful call reports rc (0 or 1), its warnings and how long borg ran. */
export interface BorgRunInfo {
  rc: 0 | 1;
  warnings: BorgWarning[];
  durationMs: number;
}

export interface InitOptions {
  encryption: 'repokey' | 'repokey-blake2' | 'none';
  storageQuota?: string | undefined;
  /** Set with `borg config` right after init when given. */
  additionalFreeSpace?: string | undefined;
}

export interface PruneArchiveLine {
  name: string;
  /** e.g. "daily #1"; null for pruned archives. */
  rule: string | null;
  time: string;
  id: string;
}

export interface PruneResult extends BorgRunInfo {
  dryRun: boolean;
  kept: PruneArchiveLine[];
  pruned: PruneArchiveLine[];
}

export type CheckKind = 'repository' | 'archives' | 'data' | 'full';

export interface CheckResult extends BorgRunInfo {
  /** false when borg found problems (rc 1 for check); `repair` may still have fixed them. */
  ok: boolean;
  /** Error/warning lines borg printed about problems. */
  problems: string[];
  /** The verbose report lines (`Starting repository check` …). */
  report: string[];
}

export interface RecreateOptions {
  excludes?: string[] | undefined;
  /** `--recompress=MODE` in one argument (borg-1.2.md §4). */
  recompress?: 'if-different' | 'always' | 'never' | undefined;
  compression?: string | undefined;
  /** Write to a new archive instead of replacing. */
  target?: string | undefined;
  dryRun?: boolean | undefined;
  /** `--list`: one file_status event per item (`x` = excluded). */
  listFiles?: boolean | undefined;
}

export interface DiffOptions {
  contentOnly?: boolean | undefined;
  paths?: string[] | undefined;
}

export interface ListContentsOptions {
  /** Paths inside the archive to restrict the listing to (no leading slash). */
  paths?: string[] | undefined;
  /** borg patterns (`sh:`, `re:` …) as `--pattern +…` style filters. */
  patterns?: string[] | undefined;
}

export interface KeyExportOptions {
  format: 'key' | 'paper' | 'qr-html';
}

/** borg's exclusive repo lock, held by this process until `release()` (repo-lock.ts). */
export interface HeldLock {
  release(): Promise<void>;
}

export interface BorgClient {
  /** Parsed once per process and cached; unsupported versions throw borg-unsupported. */
  version(): Promise<BorgVersion>;
  /** Runs init (+ `borg config additional_free_space`); removes only a directory it created if init fails. */
  init(repoPath: string, opts: InitOptions, ctx: BorgCallContext): Promise<BorgRunInfo>;
  /** `borg create --json`; rc 1 returns warnings, the archive exists. */
  create(
    opts: ResolvedBackupOptions,
    ctx: BorgCallContext,
  ): Promise<BorgRunInfo & { result: CreateResult }>;
  prune(
    repoPath: string,
    policy: RetentionPolicy,
    opts: { dryRun?: boolean | undefined; globArchives?: string | undefined },
    ctx: BorgCallContext,
  ): Promise<PruneResult>;
  compact(repoPath: string, ctx: BorgCallContext): Promise<BorgRunInfo>;
  check(
    repoPath: string,
    opts: { kind: CheckKind; repair?: boolean | undefined; archive?: string | undefined },
    ctx: BorgCallContext,
  ): Promise<CheckResult>;
  listArchives(
    repoPath: string,
    ctx: BorgCallContext,
  ): Promise<BorgRunInfo & { result: ArchiveList }>;
  /** Streams `borg list --json-lines REPO::A` without buffering the whole listing. */
  listContents(
    repoPath: string,
    archive: string,
    opts: ListContentsOptions,
    ctx: BorgCallContext,
  ): AsyncIterable<ArchiveItem>;
  repoInfo(repoPath: string, ctx: BorgCallContext): Promise<BorgRunInfo & { result: RepoInfo }>;
  archiveInfo(
    repoPath: string,
    archive: string,
    ctx: BorgCallContext,
  ): Promise<BorgRunInfo & { result: ArchiveInfoResult }>;
  /** Streams `borg diff --json-lines REPO::A1 A2`. */
  diff(
    repoPath: string,
    archive1: string,
    archive2: string,
    opts: DiffOptions,
    ctx: BorgCallContext,
  ): AsyncIterable<DiffEntry>;
  /** `borg extract` with cwd = opts.target (which must exist). */
  extract(opts: ResolvedRestoreOptions, ctx: BorgCallContext): Promise<BorgRunInfo>;
  /** `borg extract --stdout` of one path, as a stream of bytes. */
  extractFile(
    repoPath: string,
    archive: string,
    path: string,
    ctx: BorgCallContext,
  ): AsyncIterable<Uint8Array>;
  deleteArchive(
    repoPath: string,
    archive: string,
    opts: { dryRun?: boolean | undefined },
    ctx: BorgCallContext,
  ): Promise<BorgRunInfo>;
  /** Whole repo; answers borg's YES prompt. Call only after the user confirmed. */
  deleteRepo(
    repoPath: string,
    opts: { dryRun?: boolean | undefined },
    ctx: BorgCallContext,
  ): Promise<BorgRunInfo>;
  recreate(
    repoPath: string,
    archive: string,
    opts: RecreateOptions,
    ctx: BorgCallContext,
  ): Promise<BorgRunInfo>;
  /** Returns the exported key text (or HTML); the caller writes it to a file. */
  exportKey(
    repoPath: string,
    opts: KeyExportOptions,
    ctx: BorgCallContext,
  ): Promise<BorgRunInfo & { text: string }>;
  /** `borg config REPO KEY`; '' when unset. */
  getConfig(repoPath: string, key: string, ctx: BorgCallContext): Promise<string>;
  setConfig(repoPath: string, key: string, value: string, ctx: BorgCallContext): Promise<void>;
  breakLock(repoPath: string, ctx: BorgCallContext): Promise<void>;
  /**
   * Holds borg's exclusive repo lock until release(); any concurrent borg command waits or times
   * out meanwhile. Used around an S3 sync so S3 never gets a half-written repo. Unlike
   * `borg with-lock` it changes nothing in the repo (an unchanged repo stays unchanged).
   */
  acquireLock(repoPath: string, ctx: BorgCallContext): Promise<HeldLock>;
}

export interface BorgClientOptions {
  /** config borg.executable_path (name on PATH or absolute path). */
  executable: string;
  /** Base environment for borg (the process env); BORG_PASSPHRASE* / BORG_PASSCOMMAND are removed. */
  env: Readonly<Record<string, string | undefined>>;
  hostname: string;
  /** Default `--lock-wait` seconds (config borg.lock_wait). */
  lockWait: number;
  /** Log sink for things the client did on its own (e.g. cleared a provably stale lock). */
  onNotice?: ((message: string) => void) | undefined;
  /**
   * After an abort: how long borg may take to stop (a checkpoint after SIGINT) before the next,
   * harder signal (SIGTERM, then SIGKILL). Default 15 000 ms.
   */
  interruptGraceMs?: number | undefined;
  /** Whether a lock holder's PID on this host still runs; default: /proc/<pid> exists (Linux). */
  isProcessAlive?: ((pid: number) => boolean) | undefined;
  /** For lock ages in error messages; default the system clock. */
  clock?: Clock | undefined;
  /** This process's PID: the holder named in locks borgboi takes itself (acquireLock needs it). */
  pid?: number | undefined;
  /** borg's host id for those locks; default BORG_HOST_ID, else `<hostname>@<MAC as integer>`. */
  lockHostId?: string | undefined;
}

/** Signature of `createBorgClient` in src/borg/client.ts. */
export type CreateBorgClient = (opts: BorgClientOptions) => BorgClient;
