import type { Remote } from '../../aws/types.js';
import { BorgboiError, isBorgboiError } from '../errors.js';
import type { Repository } from '../models/index.js';
import type { RepoCall, S3StatsResult, SyncInput, SyncRepoResult } from '../orchestrator-api.js';
import type { WorkflowContext } from './context.js';
import { errorView, requireConfirmed, requireRemote } from './guards.js';
import { updateRepo, writeThrough } from './records.js';
import { openRepo, pathCandidates, resolveRepo, type OpenedRepo } from './resolve.js';

/** A repo known locally, else (online) in the table: S3 verbs also serve repos of other hosts. */
export async function resolveAnywhere(
  ctx: WorkflowContext,
  remote: Remote,
  ref: RepoCall['ref'],
): Promise<Repository> {
  try {
    return await resolveRepo(ctx, ref);
  } catch (err) {
    if (!isBorgboiError(err) || err.code !== 'not-found') throw err;
    if (ref.kind === 'name') {
      const repo = await remote.table.getByName(ref.name);
      if (repo) return repo;
    } else if (ref.kind === 'path') {
      for (const p of pathCandidates(ctx, ref.path)) {
        const repo = await remote.table.getByPath(p, ctx.hostname);
        if (repo) return repo;
      }
    }
    throw err;
  }
}

/** One mirror run under borg's repo lock; a real run updates the stats cache and last_s3_sync. */
async function syncOpened(
  ctx: WorkflowContext,
  remote: Remote,
  opened: OpenedRepo,
  input: Omit<SyncInput, 'ref'>,
): Promise<SyncRepoResult> {
  const { path, name } = opened.repo;
  const lock = await ctx.borg.acquireLock(path, opened.borg());
  let sync;
  try {
    sync = await remote.s3.sync(path, name, {
      dryRun: input.dryRun,
      delete: input.delete,
      onProgress: input.observer?.s3,
      signal: input.signal,
    });
  } finally {
    await lock.release();
  }
  if (!input.dryRun) {
    const now = ctx.clock.now().toISOString();
    await ctx.store.s3Stats.set(name, { ...sync.remote, cached_at: now });
    const repo = await updateRepo(ctx, name, () => ({ last_s3_sync: now }));
    for (const w of await writeThrough(ctx, { upsert: repo })) input.observer?.notice?.(w);
  }
  return { repo: name, sync };
}

export async function syncRepo(ctx: WorkflowContext, input: SyncInput): Promise<SyncRepoResult> {
  const remote = await requireRemote(ctx, "'s3 sync'");
  return syncOpened(ctx, remote, await openRepo(ctx, input), input);
}

/** Every repo of this host; all are tried, then one error names the ones that failed. */
export async function syncAll(
  ctx: WorkflowContext,
  input: Omit<SyncInput, 'ref'>,
): Promise<SyncRepoResult[]> {
  const remote = await requireRemote(ctx, "'s3 sync'");
  const repos = await ctx.store.metadata.list({ hostname: ctx.hostname });
  const results: SyncRepoResult[] = [];
  const failed: Array<{ repo: string; message: string }> = [];
  for (const repo of repos) {
    if (input.signal?.aborted) break;
    try {
      const opened = await openRepo(ctx, { ...input, ref: { kind: 'name', name: repo.name } });
      results.push(await syncOpened(ctx, remote, opened, input));
    } catch (err) {
      failed.push({ repo: repo.name, message: errorView(err).message });
    }
  }
  if (failed.length === 0) return results;
  const list = failed.map((f) => `${f.repo} (${f.message})`).join(', ');
  throw new BorgboiError(
    'aws',
    `s3 sync failed for ${failed.length} of ${repos.length} repositories: ${list}`,
    {
      hint: 'fix the named repositories and run s3 sync again; the others are synced',
      details: { synced: results.map((r) => r.repo), failed },
    },
  );
}

export async function s3Stats(
  ctx: WorkflowContext,
  input: { refresh?: boolean | undefined },
): Promise<S3StatsResult> {
  const remote = await requireRemote(ctx, "'s3 stats'");
  if (!input.refresh)
    return { repos: await ctx.store.s3Stats.all(), bucket: null, refreshed: false };
  const bucket = await remote.s3.bucketStats();
  const now = ctx.clock.now().toISOString();
  for (const [prefix, stats] of Object.entries(bucket.byPrefix)) {
    await ctx.store.s3Stats.set(prefix, { ...stats, cached_at: now });
  }
  return { repos: await ctx.store.s3Stats.all(), bucket, refreshed: true };
}

/** The S3 prefix a delete acts on: a known repo's name, or (for a record already gone) the name. */
async function prefixFor(ctx: WorkflowContext, remote: Remote, ref: RepoCall['ref']) {
  try {
    return { name: (await resolveAnywhere(ctx, remote, ref)).name, known: true };
  } catch (err) {
    if (ref.kind !== 'name' || !isBorgboiError(err) || err.code !== 'not-found') throw err;
    return { name: ctx.validator.repoName(ref.name), known: false };
  }
}

export async function deleteFromS3(
  ctx: WorkflowContext,
  input: RepoCall & { dryRun?: boolean | undefined; confirmed: boolean },
): Promise<{ repo: string; deleted: number; keys: string[]; dryRun: boolean }> {
  const dryRun = input.dryRun ?? false;
  if (!dryRun) requireConfirmed(input.confirmed, 'deleting the S3 copy');
  const remote = await requireRemote(ctx, "'s3 delete'");
  const { name } = await prefixFor(ctx, remote, input.ref);
  const res = await remote.s3.deletePrefix(name, {
    dryRun,
    signal: input.signal,
    onProgress: input.observer?.s3,
  });
  if (!dryRun) {
    await ctx.store.s3Stats.remove(name);
    if (await ctx.store.metadata.getByName(name)) {
      const repo = await updateRepo(ctx, name, () => ({ last_s3_sync: null }));
      for (const w of await writeThrough(ctx, { upsert: repo })) input.observer?.notice?.(w);
    }
  }
  return { repo: name, deleted: res.deleted, keys: res.keys, dryRun };
}
