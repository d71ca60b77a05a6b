import { cp, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { BorgboiError, ValidationError } from '../errors.js';
import type { MoveRepoResult, RepoCall } from '../orchestrator-api.js';
import type { WorkflowContext } from './context.js';
import { isInside } from './backup-plan.js';
import { sha256OfFile, walkFiles } from './fs-util.js';
import { alreadyExists } from './guards.js';
import { mergeMetadata, updateRepo, writeThrough } from './records.js';
import { openRepo } from './resolve.js';

async function planMove(ctx: WorkflowContext, from: string, toInput: string): Promise<string> {
  const to = ctx.validator.newRepoPath(toInput, ctx.cwd);
  if (to === from) throw new ValidationError([`the repository is already at ${to}`]);
  if (isInside(to, from)) {
    throw new ValidationError(
      [`${to} lies inside the repository ${from}`],
      'move it somewhere else',
    );
  }
  const clash = await ctx.store.metadata.getByPath(to, ctx.hostname);
  if (clash) {
    throw alreadyExists(
      `${to} is already registered as repository '${clash.name}'`,
      'pick another path',
    );
  }
  return to;
}

/** Lists files with size and hash, to prove a cross-device copy equals its source. */
async function fingerprint(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const f of walkFiles(root)) out.set(f.rel, `${f.size}:${await sha256OfFile(f.abs)}`);
  return out;
}

async function copyVerifyRemove(from: string, to: string): Promise<void> {
  await cp(from, to, {
    recursive: true,
    preserveTimestamps: true,
    errorOnExist: true,
    force: false,
  });
  const [a, b] = await Promise.all([fingerprint(from), fingerprint(to)]);
  const same = a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
  if (!same) {
    await rm(to, { recursive: true, force: true });
    throw new BorgboiError('io', `the copy of ${from} at ${to} does not match the original`, {
      hint: 'nothing was moved; check the free space and the target file system, then retry',
    });
  }
  await rm(from, { recursive: true, force: true });
}

/** rename(2); across file systems: copy, verify every file's size and hash, then remove. */
export async function movePath(ctx: WorkflowContext, from: string, to: string): Promise<void> {
  try {
    await ctx.renameDir(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await copyVerifyRemove(from, to);
  }
}

/**
 * `repo move --to NEWPATH`: moves the repo dir, tells borg the new location is fine (one
 * `borg info` with relocation allowed, which also refreshes the stats) and updates the record.
 * The S3 prefix is the repo name, so it stays as it is.
 */
export async function moveRepo(
  ctx: WorkflowContext,
  input: RepoCall & { to: string },
): Promise<MoveRepoResult> {
  const opened = await openRepo(ctx, input);
  const { name } = opened.repo;
  const from = resolve(ctx.cwd, opened.repo.path);
  const to = await planMove(ctx, from, input.to);
  await movePath(ctx, from, to);
  let info;
  try {
    info = await ctx.borg.repoInfo(to, opened.borg({ allowRelocated: true }));
  } catch (err) {
    await updateRepo(ctx, name, () => ({ path: to }));
    throw err;
  }
  const repo = await updateRepo(ctx, name, (cur) => ({
    path: to,
    metadata: mergeMetadata(cur.metadata, info.result),
  }));
  for (const w of await writeThrough(ctx, { upsert: repo })) input.observer?.notice?.(w);
  return { repo: name, from, to };
}
