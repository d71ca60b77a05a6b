import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BorgboiError, ExitCode } from '../core/errors.js';
import { buildInitArgs } from './args/repo.js';
import type { BorgCaller } from './call.js';
import { verbSpecs } from './specs.js';
import type { BorgCallContext, BorgRunInfo, InitOptions } from './types.js';

type DirState = 'absent' | 'empty' | 'used';

async function dirState(path: string): Promise<DirState> {
  try {
    return (await readdir(path)).length === 0 ? 'empty' : 'used';
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'absent' : 'used';
  }
}

/** Puts the path back as it was: a directory this call created goes, an empty one is emptied. */
async function undo(path: string, before: DirState): Promise<void> {
  if (before === 'absent') await rm(path, { recursive: true, force: true });
  if (before === 'empty') {
    const names = await readdir(path).catch(() => []);
    await Promise.all(names.map((n) => rm(join(path, n), { recursive: true, force: true })));
  }
}

/**
 * `borg init` (+ `borg config additional_free_space`). A failed init leaves a half-made repo
 * that every later borg call rejects (borg-1.2.md §2), so the passphrase is checked first and
 * whatever this call made is removed when any step fails.
 */
export async function initRepo(
  caller: BorgCaller,
  repoPath: string,
  o: InitOptions,
  ctx: BorgCallContext,
): Promise<BorgRunInfo> {
  const encrypted = o.encryption !== 'none';
  if (encrypted && (!ctx.passphrase || ctx.passphrase.length === 0)) {
    throw new BorgboiError(
      'passphrase',
      `a passphrase is needed to create a ${o.encryption} repository at ${repoPath}`,
      { hint: 'pass --passphrase-file, or let borgboi generate one', exitCode: ExitCode.usage },
    );
  }
  const before = await dirState(repoPath);
  const callCtx = { ...ctx, passphrase: encrypted ? ctx.passphrase : null };
  try {
    const { info } = await caller.run({ args: () => buildInitArgs(repoPath, o), ctx: callCtx });
    if (!o.additionalFreeSpace) return info;
    const config = await caller.run(
      verbSpecs.config(repoPath, 'additional_free_space', o.additionalFreeSpace, callCtx),
    );
    return {
      rc: info.rc === 1 || config.info.rc === 1 ? 1 : 0,
      warnings: [...info.warnings, ...config.info.warnings],
      durationMs: info.durationMs + config.info.durationMs,
    };
  } catch (e) {
    await undo(repoPath, before);
    throw e;
  }
}
