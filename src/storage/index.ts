import { FileExclusionsStore, type PatternValidator } from './exclusions-store.js';
import { JsonMetadataStore } from './json-metadata-store.js';
import { storeLayout } from './layout.js';
import { DEFAULT_LOCK_OPTIONS, type LockOptions } from './lock.js';
import { execFileRunner } from './migrate/command-runner.js';
import { migrateFromPython } from './migrate/migrate.js';
import { FilePassphraseService } from './passphrases.js';
import { JsonlRunLog } from './run-log.js';
import { JsonS3StatsCache } from './s3-stats-cache.js';
import type { LocalStore, StoreEnv } from './types.js';

export type { MetadataStore, MetadataTransaction } from './metadata-store.js';
export type * from './types.js';
export type { CommandRunner, CommandResult } from './migrate/command-runner.js';
export type { PatternValidator } from './exclusions-store.js';
export { generatePassphrase, FilePassphraseService } from './passphrases.js';
export { storeLayout, type StoreLayout } from './layout.js';
export { JsonMetadataStore } from './json-metadata-store.js';
export { FileExclusionsStore } from './exclusions-store.js';
export { JsonS3StatsCache } from './s3-stats-cache.js';
export { JsonlRunLog } from './run-log.js';
export { DEFAULT_LOCK_OPTIONS, type LockOptions } from './lock.js';

/** Rotated run logs kept next to `runs.jsonl`. */
const RUN_LOG_KEEP = 3;

/** Without an injected Validator only the storage invariants (one pattern per line) apply. */
const acceptPattern: PatternValidator = (p) => p;

/** Builds every part of the local store for one base dir (`<home>/.borgboi`). */
export function createLocalStore(env: StoreEnv): LocalStore {
  const layout = storeLayout(env.baseDir);
  const lock: LockOptions = {
    waitMs: env.lockWaitMs ?? DEFAULT_LOCK_OPTIONS.waitMs,
    staleMs: env.lockStaleMs ?? DEFAULT_LOCK_OPTIONS.staleMs,
  };
  const metadata = new JsonMetadataStore({
    file: layout.indexFile,
    backupFile: layout.indexBackup,
    lock,
  });
  const passphrases = new FilePassphraseService({
    dir: layout.passphrasesDir,
    uid: env.uid,
    env: env.env,
    config: env.config,
    lock,
  });
  const exclusions = new FileExclusionsStore(layout, env.validatePattern ?? acceptPattern, lock);
  const s3Stats = new JsonS3StatsCache(layout.s3StatsFile, lock);
  const runLog = new JsonlRunLog({
    file: layout.runLogFile,
    maxBytes: env.config.logging.run_log_max_bytes,
    keep: RUN_LOG_KEEP,
    lock,
  });
  const runCommand = env.runCommand ?? execFileRunner;
  return {
    metadata,
    passphrases,
    exclusions,
    s3Stats,
    runLog,
    migrate: (opts) =>
      migrateFromPython({ layout, metadata, passphrases, exclusions, s3Stats, runCommand }, opts),
  };
}
