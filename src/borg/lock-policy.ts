import { join } from 'node:path';
import type { Clock } from '../core/clock.js';
import { BorgError } from '../core/errors.js';
import { describeHolders, isStale, lockPathFromMessage, readLockHolders } from './locks.js';
import type { BorgCallContext } from './types.js';

interface LockSettings {
  hostname: string;
  isAlive: (pid: number) => boolean;
  clock: Clock;
  onNotice?: ((message: string) => void) | undefined;
}

interface LockedCall {
  repoPath?: string | undefined;
  ctx: BorgCallContext;
}

/**
 * What to do after a lock-timeout. borg removes a stale lock itself only when the holder's
 * host id matches its own; when the holder is this hostname and its PID is gone (a crash, a
 * changed host id) the lock is provably stale: break it, say so, retry once. A holder that is
 * alive or on another host is never touched: the error names it and advises break-lock.
 */
export class StaleLockPolicy {
  constructor(
    private readonly s: LockSettings,
    private readonly breakLock: (repoPath: string, ctx: BorgCallContext) => Promise<void>,
  ) {}

  async withRetry<T>(call: LockedCall, once: () => Promise<T>): Promise<T> {
    try {
      return await once();
    } catch (e) {
      await this.recover(call, e, true);
    }
    try {
      return await once();
    } catch (e) {
      await this.recover(call, e, false);
      throw e;
    }
  }

  /** Resolves only when a stale lock was broken and the call should be retried; else throws. */
  async recover(call: LockedCall, error: unknown, mayRetry: boolean): Promise<void> {
    if (!(error instanceof BorgError) || error.kind !== 'lock-timeout' || !call.repoPath) {
      throw error;
    }
    const repoPath = call.repoPath;
    const lockPath =
      error.stderrTail.map(lockPathFromMessage).find((p) => p !== null) ??
      join(repoPath, 'lock.exclusive');
    const holders = await readLockHolders(lockPath);
    const who = describeHolders(holders, this.s.hostname, this.s.isAlive, this.s.clock.now());
    if (mayRetry && isStale(holders, this.s.hostname, this.s.isAlive)) {
      await this.breakLock(repoPath, { signal: call.ctx.signal });
      this.s.onNotice?.(`cleared a stale borg lock on ${repoPath} (${who})`);
      return;
    }
    throw lockedError(error, repoPath, who);
  }
}

function lockedError(e: BorgError, repoPath: string, who: string): BorgError {
  const verb = e.command[0] === 'key' ? 'key export' : e.command[0];
  // 'lock' is acquireLock (repo-lock.ts): borgboi waiting for borg's lock itself, no borg ran.
  const what = verb === 'lock' ? '' : `borg ${verb} failed: `;
  const message = who ? `${what}repository ${repoPath} is locked by ${who}` : e.message;
  const hint = who
    ? `wait for that borg to finish; if it is not running any more, run 'borg break-lock ${repoPath}'`
    : `another borg held the lock; retry, or run 'borg break-lock ${repoPath}' if none is running`;
  return new BorgError(message, {
    kind: 'lock-timeout',
    rc: e.rc,
    signal: e.signal,
    command: e.command,
    stderrTail: e.stderrTail,
    msgid: e.msgid,
    hint,
  });
}
