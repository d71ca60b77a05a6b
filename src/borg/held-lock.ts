import { networkInterfaces } from 'node:os';
import { BorgboiError } from '../core/errors.js';
import type { BorgCaller } from './call.js';
import { borgHostId, lockRepo } from './repo-lock.js';
import type { BorgCallContext, HeldLock } from './types.js';

export interface HeldLockSettings {
  hostname: string;
  env: Readonly<Record<string, string | undefined>>;
  lockWait: number;
  isAlive: (pid: number) => boolean;
  pid: number | undefined;
  hostId: string | undefined;
}

/**
 * `acquireLock` of the client: borg's exclusive lock taken directly (repo-lock.ts), through the
 * caller's stale-lock policy, so a lock left by a killed borg or borgboi of this host is
 * cleared (noted) and the wait retried once, like any borg command.
 */
export function heldLockAcquirer(caller: BorgCaller, s: HeldLockSettings) {
  let hostId = s.hostId;
  return (repoPath: string, ctx: BorgCallContext): Promise<HeldLock> => {
    const pid = s.pid;
    if (pid === undefined) {
      throw new BorgboiError('internal', 'acquireLock needs the PID of this process', {
        hint: 'pass BorgClientOptions.pid (createDeps does)',
      });
    }
    hostId ??= borgHostId(s.hostname, s.env, networkInterfaces());
    const id = { hostId, pid };
    const spec = { args: () => ['lock', repoPath], ctx, repoPath };
    const lockWait = ctx.lockWait ?? s.lockWait;
    return caller.withLockRetry(spec, () =>
      lockRepo(repoPath, id, { lockWait, signal: ctx.signal, isAlive: s.isAlive }),
    );
  };
}
