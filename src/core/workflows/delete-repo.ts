import type { Remote } from '../../aws/types.js';
import type { Repository } from '../models/index.js';
import type { DeleteRepoInput, DeleteRepoResult } from '../orchestrator-api.js';
import type { WorkflowContext } from './context.js';
import { dirState } from './fs-util.js';
import { requireConfirmed, requireRemote } from './guards.js';
import { writeThrough } from './records.js';
import { openRepo, type OpenedRepo } from './resolve.js';

/**
 * `repo delete [--dry-run] [--delete-from-s3]`: S3 copy first (so a failing S3 leaves the local
 * repo and its record as they were), then borg's repo, the record, exclusions and stats cache.
 * The key file stays while an S3 copy may remain: it is the only way to open that copy.
 */
export async function deleteRepo(
  ctx: WorkflowContext,
  input: DeleteRepoInput,
): Promise<DeleteRepoResult> {
  const dryRun = input.dryRun ?? false;
  if (!dryRun) requireConfirmed(input.confirmed, 'deleting a repository');
  const remote = input.deleteFromS3
    ? await requireRemote(ctx, "'repo delete --delete-from-s3'")
    : null;
  const opened = await openRepo(ctx, input);
  const { repo } = opened;
  const warnings = [...opened.warnings];
  const removed: string[] = [];
  let s3Deleted: number | null = null;
  if (remote) {
    const res = await remote.s3.deletePrefix(repo.name, { dryRun, signal: input.signal });
    s3Deleted = res.deleted;
    removed.push('s3');
  }
  const present = (await dirState(repo.path)) !== 'missing';
  if (present) {
    await ctx.borg.deleteRepo(repo.path, { dryRun }, opened.borg());
    removed.push('borg repo');
  } else warnings.push(`${repo.path} no longer exists; only borgboi's records are removed`);
  if (dryRun) {
    removed.push('metadata', 'exclusions');
    if (!(await keepKey(ctx, repo, remote))) removed.push('key file');
    return { repo: repo.name, path: repo.path, dryRun, removed, s3Deleted, warnings };
  }
  await removeRecords(ctx, opened, removed, warnings, remote);
  return { repo: repo.name, path: repo.path, dryRun, removed, s3Deleted, warnings };
}

/** An S3 copy may remain unless we just deleted it: online, or synced at some point. */
async function keepKey(ctx: WorkflowContext, repo: Repository, deleted: Remote | null) {
  if (deleted) return false;
  if (repo.last_s3_sync) return true;
  return (await ctx.remote().catch(() => null)) !== null;
}

async function removeRecords(
  ctx: WorkflowContext,
  opened: OpenedRepo,
  removed: string[],
  warnings: string[],
  s3Deleted: Remote | null,
): Promise<void> {
  const { repo } = opened;
  const { store } = ctx;
  await store.metadata.delete(repo.name);
  removed.push('metadata');
  await store.exclusions.removeAll(repo.name);
  removed.push('exclusions');
  await store.s3Stats.remove(repo.name);
  if (await keepKey(ctx, repo, s3Deleted)) {
    if (await store.passphrases.exists(repo.name)) {
      warnings.push(
        `kept the key file ${store.passphrases.keyFilePath(repo.name)}: an S3 copy of '${repo.name}' may remain and needs it; remove it after 'borgboi s3 delete'`,
      );
    }
  } else if (await store.passphrases.remove(repo.name)) removed.push('key file');
  warnings.push(...(await writeThrough(ctx, { delete: repo.name })));
}
