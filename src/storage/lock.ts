import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BorgboiError } from '../core/errors.js';
import { ioError, isErrnoCode, lockedError } from './store-errors.js';

export interface LockOptions {
  /** How long to wait for another holder before failing with `store-locked`. */
  waitMs: number;
  /** A lock not refreshed for this long belongs to a dead process and is taken over (min 2000). */
  staleMs: number;
}

/**
 * staleMs stays well under waitMs: a holder refreshes its lock every staleMs / 2, so the lock of
 * one killed right after a refresh goes stale staleMs later, and a writer that started waiting
 * at that moment must still be waiting then (with 10 s each, the next daily after a kill during
 * the metadata write gave up just before the lock went stale).
 */
export const DEFAULT_LOCK_OPTIONS: LockOptions = { waitMs: 10_000, staleMs: 5_000 };

export interface HeldLock {
  /** Throws when the lock was lost (it went stale while we held it): call right before committing. */
  assertHeld(): void;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Runs `fn` holding the proper-lockfile lock `<file>.lock` (a directory, so creation is atomic
 * everywhere). Waits with jittered polling up to `waitMs`; a lock left by a killed process is
 * recovered once its mtime is older than `staleMs`.
 */
export async function withFileLock<T>(
  file: string,
  opts: LockOptions,
  fn: (lock: HeldLock) => Promise<T>,
): Promise<T> {
  let lost: Error | null = null;
  const release = await acquire(file, opts, (e) => (lost = e));
  const held: HeldLock = {
    assertHeld() {
      if (lost) {
        throw new BorgboiError('store-locked', `lost the lock on ${file} while writing`, {
          hint: 'another process took it over as stale; retry the command',
          cause: lost,
        });
      }
    },
  };
  try {
    return await fn(held);
  } finally {
    await release().catch(() => undefined);
  }
}

async function acquire(
  file: string,
  opts: LockOptions,
  onCompromised: (e: Error) => void,
): Promise<() => Promise<void>> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  // Imported on the first write: readers never lock, and proper-lockfile (with graceful-fs,
  // which patches fs when loaded) is a tenth of the code a read-only command would load.
  const { default: lockfile } = await import('proper-lockfile');
  const started = Date.now();
  let delay = 5;
  for (;;) {
    try {
      return await lockfile.lock(file, {
        realpath: false,
        stale: opts.staleMs,
        retries: 0,
        onCompromised,
      });
    } catch (e) {
      if (!isErrnoCode(e, 'ELOCKED')) throw ioError(`cannot lock ${file}`, e);
      const waited = Date.now() - started;
      if (waited >= opts.waitMs) throw lockedError(file, waited);
      await sleep(Math.min(delay + Math.random() * delay, opts.waitMs - waited));
      delay = Math.min(delay * 2, 100);
    }
  }
}
