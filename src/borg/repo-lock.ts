import { lstat, mkdtemp, readFile, rename, rm, rmdir, unlink, writeFile } from 'node:fs/promises';
import type { NetworkInterfaceInfo } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { BorgError, InterruptedError } from '../core/errors.js';
import { hintFor } from './exit.js';
import type { HeldLock } from './types.js';

/**
 * borg 1.2's repository lock, taken by borgboi itself (locking.py `Lock(exclusive=True)`):
 * `lock.exclusive/` is created by renaming a temp dir holding `<host id>.<pid>-0` onto it
 * (atomic; fails while another holder's dir exists), then, once `lock.roster` lists no shared
 * holders, we are added to its `exclusive` list. Any borg command waits for us (`--lock-wait`)
 * or times out. We do not use `borg with-lock`: it rewrites the manifest and commits, so every
 * sync would see (and upload) a new segment and a new index: an unchanged repo never stays
 * unchanged.
 */

export interface LockIdentity {
  /** borg's host id of this machine (see borgHostId). */
  hostId: string;
  pid: number;
}

export interface RepoLockOptions {
  /** Seconds to wait for other holders (borg's --lock-wait). */
  lockWait: number;
  signal?: AbortSignal | undefined;
  isAlive: (pid: number) => boolean;
}

type Entry = [string, number, number];
interface Roster {
  exclusive?: Entry[];
  shared?: Entry[];
}

const RETRY_MS = 100;

/**
 * borg's `platform.hostid`: BORG_HOST_ID, else `<fqdn>@<uuid.getnode()>`; getnode is the MAC of
 * the first interface that has one. When our guess differs from borg's, borg treats our lock
 * as another host's (never removes it); borgboi's own stale-lock policy still clears it.
 */
export function borgHostId(
  hostname: string,
  env: Readonly<Record<string, string | undefined>>,
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>,
): string {
  const fromEnv = env.BORG_HOST_ID?.trim();
  if (fromEnv) return fromEnv;
  const mac = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .find(
      (i) =>
        !i.internal && /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(i.mac) && /[1-9a-f]/i.test(i.mac),
    )?.mac;
  return `${hostname}@${mac ? Number.parseInt(mac.replace(/:/g, ''), 16) : 0}`;
}

/** Errors shaped like borg's own, so the stale-lock policy and the renderers treat them alike. */
function lockError(repoPath: string, kind: 'lock-timeout' | 'repo-missing', message: string) {
  return new BorgError(message, {
    kind,
    rc: 2,
    signal: null,
    command: ['lock', repoPath],
    stderrTail: [message],
    msgid: kind === 'lock-timeout' ? 'LockTimeout' : 'Repository.DoesNotExist',
    hint: hintFor(kind),
  });
}

function lockTimeout(repoPath: string, exclusiveDir: string): BorgError {
  const message = `Failed to create/acquire the lock ${exclusiveDir} (timeout).`;
  return lockError(repoPath, 'lock-timeout', message);
}

async function readRoster(path: string): Promise<Roster> {
  try {
    const value: unknown = JSON.parse(await readFile(path, 'utf8'));
    return value && typeof value === 'object' ? (value as Roster) : {};
  } catch {
    return {};
  }
}

class RepoLock implements HeldLock {
  readonly #exclusiveDir: string;
  readonly #roster: string;
  readonly #entry: Entry;
  readonly #unique: string;

  constructor(
    private readonly repoPath: string,
    private readonly id: LockIdentity,
    private readonly o: RepoLockOptions,
  ) {
    this.#exclusiveDir = join(repoPath, 'lock.exclusive');
    this.#roster = join(repoPath, 'lock.roster');
    this.#entry = [id.hostId, id.pid, 0];
    this.#unique = `${id.hostId}.${id.pid}-0`;
  }

  async acquire(): Promise<void> {
    const deadline = performance.now() + this.o.lockWait * 1000;
    for (;;) {
      await this.#takeExclusiveDir(deadline);
      if (await this.#joinUnlessReaders()) return;
      if (performance.now() >= deadline) throw lockTimeout(this.repoPath, this.#exclusiveDir);
      await this.#pause();
    }
  }

  /** Holding lock.exclusive: enters the roster, or (readers present) gives lock.exclusive back. */
  async #joinUnlessReaders(): Promise<boolean> {
    try {
      const roster = await this.#load();
      if ((roster.shared ?? []).length === 0) {
        await this.#save({ ...roster, exclusive: [...(roster.exclusive ?? []), this.#entry] });
        return true;
      }
    } catch (e) {
      await this.#dropExclusiveDir();
      throw e;
    }
    await this.#dropExclusiveDir();
    return false;
  }

  async release(): Promise<void> {
    const roster = await this.#load();
    const mine = (e: Entry) => e[0] === this.#entry[0] && e[1] === this.#entry[1];
    const exclusive = (roster.exclusive ?? []).filter((e) => !mine(e));
    if (exclusive.length === 0 && (roster.shared ?? []).length === 0) {
      await rm(this.#roster, { force: true });
    } else await this.#save({ ...roster, exclusive });
    await this.#dropExclusiveDir();
  }

  /** mkdtemp + our file, renamed onto lock.exclusive; retried until the deadline. */
  async #takeExclusiveDir(deadline: number): Promise<void> {
    const temp = await mkdtemp(join(this.repoPath, 'lock.exclusive.'));
    try {
      await writeFile(join(temp, this.#unique), '');
      for (;;) {
        try {
          await rename(temp, this.#exclusiveDir);
          return;
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw e;
        }
        if (performance.now() >= deadline) throw lockTimeout(this.repoPath, this.#exclusiveDir);
        await this.#pause();
      }
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  }

  async #dropExclusiveDir(): Promise<void> {
    await unlink(join(this.#exclusiveDir, this.#unique)).catch(() => undefined);
    await rmdir(this.#exclusiveDir).catch(() => undefined);
  }

  /** Like borg's LockRoster.load: entries of our host id whose process is gone are dropped. */
  async #load(): Promise<Roster> {
    const roster = await readRoster(this.#roster);
    // Entries we cannot read are left alone (borg's own, counted as alive).
    const stale = (e: unknown) =>
      Array.isArray(e) &&
      e[0] === this.id.hostId &&
      e[2] === 0 &&
      typeof e[1] === 'number' &&
      !this.o.isAlive(e[1]);
    const live = (list: Entry[] | undefined) =>
      (Array.isArray(list) ? list : []).filter((e) => !stale(e));
    return { ...roster, exclusive: live(roster.exclusive), shared: live(roster.shared) };
  }

  async #save(roster: Roster): Promise<void> {
    const temp = `${this.#roster}.${this.id.pid}.tmp`;
    await writeFile(temp, JSON.stringify(roster));
    await rename(temp, this.#roster);
  }

  async #pause(): Promise<void> {
    try {
      await sleep(RETRY_MS, undefined, { signal: this.o.signal });
    } catch {
      throw new InterruptedError(this.o.signal?.reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT');
    }
  }
}

/** Takes borg's exclusive lock on a local repository; `release()` gives it back. */
export async function lockRepo(
  repoPath: string,
  id: LockIdentity,
  o: RepoLockOptions,
): Promise<HeldLock> {
  const isRepo = await lstat(join(repoPath, 'config')).then(
    (st) => st.isFile(),
    () => false,
  );
  if (!isRepo) {
    throw lockError(repoPath, 'repo-missing', `Repository ${repoPath} does not exist.`);
  }
  const lock = new RepoLock(repoPath, id, o);
  await lock.acquire();
  return lock;
}
