import { ValidationError } from '../errors.js';
import type { RenameRepoResult, RepoCall } from '../orchestrator-api.js';
import type { WorkflowContext } from './context.js';
import { alreadyExists } from './guards.js';
import { updateRepo, writeThrough } from './records.js';
import { resolveRepo } from './resolve.js';

type Undo = () => Promise<unknown>;

/** Key file rename; the record's passphrase_file_path follows when it pointed at the old file. */
async function moveKey(ctx: WorkflowContext, from: string, to: string, record: string) {
  const pp = ctx.store.passphrases;
  await pp.rename(from, to);
  const oldKey = pp.keyFilePath(from);
  await updateRepo(ctx, record, (cur) =>
    cur.passphrase_file_path === oldKey ? { passphrase_file_path: pp.keyFilePath(to) } : {},
  );
}

/** Renames everything local that is keyed by the repo name; undoes what it did on failure. */
async function renameLocal(ctx: WorkflowContext, from: string, to: string): Promise<string[]> {
  const { store } = ctx;
  const undo: Undo[] = [];
  const moved: string[] = [];
  const step = async (what: string, doIt: () => Promise<unknown>, undoIt: Undo) => {
    await doIt();
    undo.push(undoIt);
    moved.push(what);
  };
  try {
    await step(
      'metadata',
      () => store.metadata.rename(from, to),
      () => store.metadata.rename(to, from),
    );
    if ((await store.exclusions.show(from)).source === 'repo') {
      await step(
        'exclusions',
        () => store.exclusions.rename(from, to),
        () => store.exclusions.rename(to, from),
      );
    }
    if (await store.passphrases.exists(from)) {
      // The record is named `to` in both directions: metadata is renamed first, undone last.
      await step(
        'key file',
        () => moveKey(ctx, from, to, to),
        () => moveKey(ctx, to, from, to),
      );
    }
    if (await store.s3Stats.get(from)) {
      await step(
        's3 stats',
        () => store.s3Stats.rename(from, to),
        () => store.s3Stats.rename(to, from),
      );
    }
    return moved;
  } catch (err) {
    for (const u of undo.reverse()) await u().catch(() => undefined);
    throw err;
  }
}

/**
 * `repo rename --to NEWNAME`: online, the S3 prefix moves first (a failure there changes nothing
 * local); then metadata, exclusions, key file and stats cache; then the table.
 */
export async function renameRepo(
  ctx: WorkflowContext,
  input: RepoCall & { to: string },
): Promise<RenameRepoResult> {
  const to = ctx.validator.repoName(input.to);
  const repo = await resolveRepo(ctx, input.ref);
  const from = repo.name;
  if (from === to) throw new ValidationError([`the repository is already named '${to}'`]);
  const clash = await ctx.store.metadata.getByName(to);
  if (clash) {
    throw alreadyExists(
      `repository '${to}' already exists (at ${clash.path})`,
      'choose another name',
    );
  }
  const remote = await ctx.remote();
  const opts = { signal: input.signal, onProgress: input.observer?.s3 };
  const s3Moved = remote ? (await remote.s3.movePrefix(from, to, opts)).moved : null;
  let moved: string[];
  try {
    moved = await renameLocal(ctx, from, to);
  } catch (err) {
    if (remote) await remote.s3.movePrefix(to, from, opts).catch(() => undefined);
    throw err;
  }
  if (s3Moved !== null) moved.push('s3');
  for (const w of await writeThrough(ctx, { rename: [from, to] })) input.observer?.notice?.(w);
  return { from, to, moved, s3Moved };
}
