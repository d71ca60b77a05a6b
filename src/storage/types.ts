import type { Config } from '../config/schema.js';
import type { Repository } from '../core/models/index.js';
import type { MetadataStore } from './metadata-store.js';
import type { RunRecord } from '../core/models/run-record.js';
import type { Passphrase } from '../core/secret.js';
import type { CommandRunner } from './migrate/command-runner.js';

/**
 * Contracts of the local store besides MetadataStore (metadata-store.ts). Implementations live
 * next to this file; the Orchestrator receives them by constructor. All writes are atomic
 * (temp + fsync + rename) and none prints: notices come back as `warnings` strings.
 */

export type NewPassphraseSource =
  | 'cli'
  | 'passphrase-file-flag'
  | 'key-file'
  | 'env'
  | 'config'
  | 'generated';

export type ExistingPassphraseSource =
  | 'cli'
  | 'passphrase-file-flag'
  | 'key-file'
  | 'legacy-db'
  | 'config'
  | 'env'
  | 'none';

export interface PassphraseRequest {
  /** `--passphrase VALUE` (deprecated, first in precedence; the CLI warns). */
  cliValue?: string | undefined;
  /** `--passphrase-file FILE`. */
  passphraseFile?: string | undefined;
  /** `--passphrase-env`: allow BORG_PASSPHRASE for existing repos. */
  allowEnv?: boolean | undefined;
}

export interface ResolvedPassphrase<S> {
  passphrase: Passphrase | null;
  source: S;
  /** Human notices, e.g. "fixed permissions of … from 0644 to 0600". */
  warnings: string[];
}

export interface PassphraseService {
  /** Spec §6 new-repo precedence; never null (generates when nothing resolves). */
  resolveNew(
    name: string,
    req: PassphraseRequest,
  ): Promise<ResolvedPassphrase<NewPassphraseSource> & { passphrase: Passphrase }>;
  /**
   * Spec §6 existing-repo precedence. A legacy DB value is written to the key file on first use;
   * the caller saves the returned `migratedRepo` (passphrase_migrated = true) when set.
   */
  resolveExisting(
    repo: Repository,
    req: PassphraseRequest,
  ): Promise<ResolvedPassphrase<ExistingPassphraseSource> & { migratedRepo?: Repository }>;
  /** Writes `passphrases/{name}.key` (0600, dir 0700, no trailing newline); returns its path. */
  save(name: string, passphrase: Passphrase): Promise<string>;
  keyFilePath(name: string): string;
  exists(name: string): Promise<boolean>;
  rename(oldName: string, newName: string): Promise<void>;
  /** Removes the key file; false when none existed. */
  remove(name: string): Promise<boolean>;
}

export interface ExclusionsView {
  /** The file whose patterns apply (repo file, Python `{repo}_excludes.txt`, or shared `excludes.txt`). */
  file: string | null;
  source: 'repo' | 'python-repo' | 'shared' | 'none';
  lines: string[];
}

export interface ExclusionsStore {
  show(name: string): Promise<ExclusionsView>;
  /** The file to pass as `--exclude-from`, or null when none exists anywhere. */
  effectiveFile(name: string): Promise<string | null>;
  /** Validates the pattern first (ValidationError, nothing written); creates the repo file if needed. */
  add(name: string, pattern: string): Promise<ExclusionsView>;
  /** Removes the 1-based line; out of range → ValidationError, nothing written. */
  remove(name: string, line: number): Promise<ExclusionsView & { removed: string }>;
  /** Copies and validates a pattern file; refuses to overwrite unless `replace`. */
  createFrom(
    name: string,
    sourceFile: string,
    opts?: { replace?: boolean | undefined },
  ): Promise<ExclusionsView>;
  /** Replaces the whole file with these (validated) lines: what `edit` saves. */
  write(name: string, lines: readonly string[]): Promise<ExclusionsView>;
  /** Path of the repo-specific file `data/exclusions/{name}.txt` (may not exist). */
  repoFile(name: string): string;
  rename(oldName: string, newName: string): Promise<void>;
  removeAll(name: string): Promise<void>;
}

export interface S3StatsEntry {
  total_size_bytes: number;
  object_count: number;
  /** Newest LastModified among the objects, ISO. */
  last_modified: string | null;
  cached_at: string;
}

export interface S3StatsCache {
  get(name: string): Promise<S3StatsEntry | null>;
  all(): Promise<Record<string, S3StatsEntry>>;
  set(name: string, entry: S3StatsEntry): Promise<void>;
  remove(name: string): Promise<void>;
  rename(oldName: string, newName: string): Promise<void>;
}

export interface RunLog {
  /** Appends one record atomically (one write of one line, under the store lock). */
  append(record: RunRecord): Promise<void>;
  /** Newest first; tolerant of a torn last line; includes rotated files when needed for `limit`. */
  read(filter?: {
    repo?: string | undefined;
    command?: string | undefined;
    limit?: number | undefined;
  }): Promise<RunRecord[]>;
  /** The newest record for a repo (optionally only finished ones of a command). */
  last(repo: string, command?: string): Promise<RunRecord | null>;
}

export interface MigrationRow {
  name: string;
  source: 'legacy' | 'a54' | 'sqlite';
  status: 'migrated' | 'already' | 'skipped' | 'would-migrate';
  reason?: string | undefined;
  /** What came along: passphrase file, exclusions, s3 stats. */
  moved: string[];
}

export interface MigrationReport {
  dryRun: boolean;
  baseDir: string;
  rows: MigrationRow[];
  warnings: string[];
}

/** What the local store needs from the outside world; built once in deps.ts. */
export interface StoreEnv {
  baseDir: string;
  config: Config;
  env: Readonly<Record<string, string | undefined>>;
  hostname: string;
  /** Effective uid of this process (for ownership checks of key files). */
  uid: number;
  /** The Validator's `exclusionPattern`; without it only one-pattern-per-line is enforced. */
  validatePattern?: ((pattern: string) => string) | undefined;
  /** How long a store write waits for another process's lock (default 10 s). */
  lockWaitMs?: number | undefined;
  /** Age at which a lock left by a killed process is taken over (default 10 s, min 2 s). */
  lockStaleMs?: number | undefined;
  /** Runs `sqlite3` for `migrate` (WAL fold-in); default: execFile. */
  runCommand?: CommandRunner | undefined;
}

/** Everything local, built by `createLocalStore(env)` in src/storage/index.ts. */
export interface LocalStore {
  metadata: MetadataStore;
  passphrases: PassphraseService;
  exclusions: ExclusionsStore;
  s3Stats: S3StatsCache;
  runLog: RunLog;
  /** Imports Python borgboi data (all three layouts); idempotent; never deletes old files. */
  migrate(opts: { dryRun: boolean }): Promise<MigrationReport>;
}

export type CreateLocalStore = (env: StoreEnv) => LocalStore;
