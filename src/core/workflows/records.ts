import { ValidationError } from '../errors.js';
import {
  osPlatformSchema,
  repositorySchema,
  type OsPlatform,
  type RepoInfo,
  type Repository,
} from '../models/index.js';
import type { WorkflowContext } from './context.js';
import { repoNotFound } from './guards.js';

/**
 * Read-modify-write of one record under the store's lock, so a concurrent change to another
 * field (retention set while a daily runs) is not lost. Returns the stored record.
 */
export async function updateRepo(
  ctx: WorkflowContext,
  name: string,
  patch: (repo: Repository) => Partial<Repository>,
): Promise<Repository> {
  return ctx.store.metadata.transaction((tx) => {
    const current = tx.getByName(name);
    if (!current) throw repoNotFound(name);
    const next = repositorySchema.parse({
      ...current,
      ...patch(current),
      updated_at: ctx.clock.now().toISOString(),
    });
    tx.upsert(next);
    return next;
  });
}

/**
 * DynamoDB write-through after the local index (spec §9): offline it does nothing; a failure
 * never loses the local record and comes back as a warning line.
 */
export async function writeThrough(
  ctx: WorkflowContext,
  op: { upsert: Repository } | { delete: string } | { rename: [string, string] },
): Promise<string[]> {
  try {
    const remote = await ctx.remote();
    if (!remote) return [];
    if ('upsert' in op) await remote.table.upsert(op.upsert);
    else if ('delete' in op) await remote.table.delete(op.delete);
    else {
      // The table gets the local record as renamed (its key file path moved with the name too).
      const [from, to] = op.rename;
      if (await remote.table.getByName(from)) await remote.table.rename(from, to);
      const local = await ctx.store.metadata.getByName(to);
      if (local) await remote.table.upsert(local);
    }
    return [];
  } catch (err) {
    const what = 'upsert' in op ? op.upsert.name : 'delete' in op ? op.delete : op.rename[0];
    const msg = err instanceof Error ? err.message : String(err);
    return [`the DynamoDB table was not updated for '${what}' (${msg}); the local record is kept`];
  }
}

export function osPlatform(ctx: WorkflowContext): OsPlatform {
  const parsed = osPlatformSchema.safeParse(ctx.platform);
  if (parsed.success) return parsed.data;
  throw new ValidationError(
    [`platform '${ctx.platform}' is not supported`],
    'run on Linux or macOS',
  );
}

/** Repo-level metadata as stored: keeps what the new info does not carry (security_dir). */
export function mergeMetadata(
  old: RepoInfo | null,
  next: Pick<RepoInfo, 'cache' | 'encryption' | 'repository'>,
): RepoInfo {
  return {
    ...(old ?? {}),
    cache: next.cache,
    encryption: next.encryption,
    repository: next.repository,
  };
}
