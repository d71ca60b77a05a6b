import { mkdir, readFile, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import lockfile from 'proper-lockfile';
import { BorgboiError } from '../core/errors.js';
import { ioError, isErrnoCode, lockedError } from './store-errors.js';

export interface LockOptions {
  /** How long to wait for another holder before failing with `store-locked`. */
  waitMs: number;
  /** A lock not refreshed for this long belongs to a dead process and is taken over (min 2000). */
  staleMs: number;
  /**
   * This process. Recorded beside the lock (`<file>.lock.owner`), so a waiter on the same host
   * sees at once that the holder is gone (kill -9, OOM) instead of waiting `staleMs`.
   */
  owner?: { hostname: string; pid: number } | undefined;
}

export const DEFAULT_LOCK_OPTIONS: LockOptions = { waitMs: 10_000, staleMs: 10_000 };

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
  const started = Date.now();
  let delay = 5;
  for (;;) {
    try {
      const release = await lockfile.lock(file, {
        realpath: false,
        stale: opts.staleMs,
        retries: 0,
        onCompromised,
      });
      return opts.owner ? withOwnerRecord(file, opts.owner, release) : release;
    } catch (e) {
      if (!isErrnoCode(e, 'ELOCKED')) throw ioError(`cannot lock ${file}`, e);
      if (opts.owner && (await breakIfHolderGone(file, opts.owner.hostname))) continue;
      const waited = Date.now() - started;
      if (waited >= opts.waitMs) throw lockedError(file, waited);
      await sleep(Math.min(delay + Math.random() * delay, opts.waitMs - waited));
      delay = Math.min(delay * 2, 100);
    }
  }
}

const ownerFile = (file: string) => `${file}.lock.owner`;
const lockDir = (file: string) => `${file}.lock`;

interface OwnerRecord {
  hostname: string;
  pid: number;
  /** Inode of the lock directory this record belongs to (a later lock has another one). */
  ino: number;
}

async function withOwnerRecord(
  file: string,
  owner: { hostname: string; pid: number },
  release: () => Promise<void>,
): Promise<() => Promise<void>> {
  const record: OwnerRecord = { ...owner, ino: (await stat(lockDir(file))).ino };
  await writeFile(ownerFile(file), JSON.stringify(record), { mode: 0o600 });
  return async () => {
    await unlink(ownerFile(file)).catch(() => undefined);
    await release();
  };
}

/** Linux: alive while /proc/<pid> exists and is no zombie. Without /proc: always alive. */
function pidAlive(pid: number): Promise<boolean> {
  return readFile(`/proc/${pid}/stat`, 'utf8').then(
    (st) => st.slice(st.lastIndexOf(')') + 2)[0] !== 'Z',
    (e: unknown) => !isErrnoCode(e, 'ENOENT') || !existsProc(),
  );
}

let procMounted: boolean | undefined;
function existsProc(): boolean {
  procMounted ??= existsSync('/proc/self/stat');
  return procMounted;
}

/**
 * The held lock's record names a process of this host that no longer runs: remove the lock
 * (as proper-lockfile removes a stale one) and let the caller retry at once. A record of
 * another lock directory, another host, a live PID or no record at all: wait as usual.
 */
async function breakIfHolderGone(file: string, hostname: string): Promise<boolean> {
  let record: OwnerRecord;
  try {
    record = JSON.parse(await readFile(ownerFile(file), 'utf8')) as OwnerRecord;
  } catch {
    return false;
  }
  const current = await stat(lockDir(file)).catch(() => null);
  if (!current || current.ino !== record.ino || record.hostname !== hostname) return false;
  if (!Number.isInteger(record.pid) || (await pidAlive(record.pid))) return false;
  await unlink(ownerFile(file)).catch(() => undefined);
  await rmdir(lockDir(file)).catch(() => undefined);
  return true;
}
