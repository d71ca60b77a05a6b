import type { Readable } from 'node:stream';
import { BorgboiError } from '../core/errors.js';
import { buildWithLockArgs } from './args/repo.js';
import type { BorgCaller, CallSpec } from './call.js';
import type { BorgCallContext, HeldLock } from './types.js';

/** The held command: `cat` echoes this line once borg runs it, i.e. once the lock is held. */
const HELD = 'held\n';

function firstOutput(stdout: Readable): Promise<boolean> {
  return new Promise((resolve) => {
    stdout.once('data', () => resolve(true));
    stdout.once('end', () => resolve(false));
  });
}

/**
 * `borg with-lock REPO cat`: borg runs `cat` only while it holds the exclusive lock, and `cat`
 * runs until its stdin (our pipe) is closed. Resolves once `cat` has echoed the first line;
 * `release()` closes the pipe and waits for borg to commit and exit. with-lock never opens
 * the key or prompts, so this is the one call with a stdin pipe.
 */
export async function acquireRepoLock(
  caller: BorgCaller,
  repoPath: string,
  ctx: BorgCallContext,
): Promise<HeldLock> {
  const spec: CallSpec = {
    args: (lockWait) => buildWithLockArgs(repoPath, ['cat'], { lockWait }),
    ctx,
    repoPath,
    interrupt: 'close-stdin',
    usesPassphrase: false,
    stdinPipe: true,
  };
  return caller.withLockRetry(spec, async () => {
    const proc = caller.start(spec, 'stream');
    proc.stdin!.on('error', () => {});
    proc.stdin!.write(HELD);
    const held = await firstOutput(proc.stdout!);
    if (!held) {
      await caller.settle(spec, await proc.done);
      throw new BorgboiError(
        'borg',
        `borg with-lock ended before it held the lock on ${repoPath}`,
        {
          hint: 'check that the `cat` command is on PATH',
        },
      );
    }
    proc.stdout!.resume();
    return {
      async release() {
        proc.stdin!.end();
        await caller.settle(spec, await proc.done);
      },
    };
  });
}
