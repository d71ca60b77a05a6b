import { mkdtemp, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ValidationError } from '../errors.js';
import { repositorySchema, type Repository } from '../models/index.js';
import type {
  RepoCall,
  S3RestoreInput,
  S3RestoreResult,
  S3VerifyResult,
} from '../orchestrator-api.js';
import type { WorkflowContext } from './context.js';
import { dirState } from './fs-util.js';
import { alreadyExists, errorView, requireRemote } from './guards.js';
import { mergeMetadata, osPlatform, updateRepo, writeThrough } from './records.js';
import { unlockRepo } from './resolve.js';
import { resolveAnywhere } from './s3-sync.js';

const RESTORED = { allowRelocated: true, allowUnknownUnencrypted: true } as const;

async function checkRestoreTarget(
  ctx: WorkflowContext,
  repo: Repository,
  target: string,
  force: boolean,
) {
  const state = await dirState(target);
  if (state === 'file') throw new ValidationError([`${target} is a file, not a directory`]);
  if (state === 'non-empty' && !force) {
    throw new ValidationError(
      [`repository '${repo.name}' already exists locally at ${target}`],
      'pass --force to restore over it, or --target DIR to restore elsewhere',
    );
  }
  const clash = await ctx.store.metadata.getByPath(target, ctx.hostname);
  if (clash && clash.name !== repo.name) {
    throw alreadyExists(
      `${target} is registered as repository '${clash.name}'`,
      'pick another --target',
    );
  }
}

/**
 * `s3 restore`: downloads the repo's prefix into target (default: its recorded path) and
 * registers it on this host; one borg info with relocation allowed refreshes its stats.
 */
export async function restoreRepoFromS3(
  ctx: WorkflowContext,
  input: S3RestoreInput,
): Promise<S3RestoreResult> {
  const remote = await requireRemote(ctx, "'s3 restore'");
  const found = await resolveAnywhere(ctx, remote, input.ref);
  const target = input.target
    ? ctx.validator.absolutePath(input.target, ctx.cwd, 'restore target')
    : resolve(ctx.cwd, found.path);
  await checkRestoreTarget(ctx, found, target, input.force ?? false);
  const restore = await remote.s3.restore(found.name, target, {
    dryRun: input.dryRun,
    onProgress: input.observer?.s3,
    signal: input.signal,
  });
  if (input.dryRun) return { repo: found.name, restore, registered: false };
  const record = repositorySchema.parse({
    ...found,
    path: target,
    hostname: ctx.hostname,
    os_platform: osPlatform(ctx),
    updated_at: ctx.clock.now().toISOString(),
  });
  await ctx.store.metadata.upsert(record);
  let saved = record;
  try {
    const opened = await unlockRepo(ctx, record, input);
    const info = await ctx.borg.repoInfo(target, opened.borg(RESTORED));
    saved = await updateRepo(ctx, record.name, (cur) => ({
      metadata: mergeMetadata(cur.metadata, info.result),
    }));
  } catch (err) {
    input.observer?.notice?.(`restored, but borg could not open it yet: ${errorView(err).message}`);
  }
  for (const w of await writeThrough(ctx, { upsert: saved })) input.observer?.notice?.(w);
  return { repo: found.name, restore, registered: true };
}

/** `s3 verify`: a restore drill into a scratch dir, `borg check` of the copy, scratch removed. */
export async function verifyS3(ctx: WorkflowContext, input: RepoCall): Promise<S3VerifyResult> {
  const remote = await requireRemote(ctx, "'s3 verify'");
  const repo = await resolveAnywhere(ctx, remote, input.ref);
  const opened = await unlockRepo(ctx, repo, input);
  const scratch = await mkdtemp(join(ctx.tmpDir, 'borgboi-verify-'));
  const copy = join(scratch, repo.name);
  let restore;
  let check;
  try {
    restore = await remote.s3.restore(repo.name, copy, {
      onProgress: input.observer?.s3,
      signal: input.signal,
    });
    check = await ctx.borg.check(copy, { kind: 'full' }, opened.borg(RESTORED));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  await repointBorg(ctx, repo, opened);
  return { repo: repo.name, restore, check, ok: check.ok };
}

/** borg remembers the last path it saw a repo id at; point it back at the real local repo. */
async function repointBorg(
  ctx: WorkflowContext,
  repo: Repository,
  opened: Awaited<ReturnType<typeof unlockRepo>>,
): Promise<void> {
  if (repo.hostname !== ctx.hostname || (await dirState(repo.path)) === 'missing') return;
  await ctx.borg.repoInfo(repo.path, opened.borg({ allowRelocated: true })).catch(() => undefined);
}
