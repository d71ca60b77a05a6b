import { NotFoundError, UsageError } from '../errors.js';
import type { Archive } from '../models/index.js';
import type {
  ArchiveContentsResult,
  ArchiveInfoResult,
  DeleteArchiveInput,
  DeleteArchiveResult,
  ListArchivesResult,
  PruneInput,
  PruneRepoResult,
  RecreateInput,
  RecreateResult,
  RepoCall,
} from '../orchestrator-api.js';
import type { WorkflowContext } from './context.js';
import { effectiveRetention } from './backup-plan.js';
import { requireConfirmed } from './guards.js';
import { mergeMetadata, updateRepo, writeThrough } from './records.js';
import { openRepo, type OpenedRepo } from './resolve.js';

/** Newest first by start time (names need not sort by date), ties by name. */
export function newestFirst(archives: readonly Archive[]): Archive[] {
  return [...archives].sort(
    (a, b) => Date.parse(b.start) - Date.parse(a.start) || b.name.localeCompare(a.name),
  );
}

export async function archivesOf(ctx: WorkflowContext, opened: OpenedRepo): Promise<Archive[]> {
  const res = await ctx.borg.listArchives(opened.repo.path, opened.borg());
  return newestFirst(res.result.archives);
}

export async function listArchives(
  ctx: WorkflowContext,
  input: RepoCall,
): Promise<ListArchivesResult> {
  const opened = await openRepo(ctx, input);
  return { repo: opened.repo.name, archives: await archivesOf(ctx, opened) };
}

export async function archiveContents(
  ctx: WorkflowContext,
  input: RepoCall & { archive: string },
): Promise<ArchiveContentsResult> {
  const archive = ctx.validator.archiveName(input.archive);
  const opened = await openRepo(ctx, input);
  const items = ctx.borg.listContents(opened.repo.path, archive, {}, opened.borg());
  return { repo: opened.repo.name, archive, items };
}

export async function archiveInfo(
  ctx: WorkflowContext,
  input: RepoCall & { archive: string },
): Promise<ArchiveInfoResult> {
  const name = ctx.validator.archiveName(input.archive);
  const opened = await openRepo(ctx, input);
  const res = await ctx.borg.archiveInfo(opened.repo.path, name, opened.borg());
  const [archive] = res.result.archives;
  if (!archive) {
    throw new NotFoundError(
      `archive '${name}' not found in '${opened.repo.name}'`,
      `see 'borgboi backup list -n ${opened.repo.name}'`,
    );
  }
  return {
    repo: opened.repo.name,
    archive,
    cache: res.result.cache,
    encryption: res.result.encryption,
  };
}

export async function recreateArchive(
  ctx: WorkflowContext,
  input: RecreateInput,
): Promise<RecreateResult> {
  const v = ctx.validator;
  const archive = v.archiveName(input.archive);
  const excludes = (input.excludes ?? []).map((p) => v.exclusionPattern(p));
  const compression = input.compression ? v.compression(input.compression) : undefined;
  // A compression alone means: recompress to it (borg applies --compression to new chunks only).
  const recompress = input.recompress === true || compression !== undefined;
  if (!recompress && excludes.length === 0) {
    throw new UsageError(
      'recreate needs --exclude PATTERN, --recompress or --compression SPEC',
      'say what to change',
    );
  }
  const opened = await openRepo(ctx, input);
  const dryRun = input.dryRun ?? false;
  const changes: Array<{ status: string; path: string }> = [];
  const borgHandlers = input.observer?.borg;
  const handlers = dryRun
    ? {
        ...borgHandlers,
        onFileStatus: (e: { status: string; path: string }) => {
          if (e.status !== '-') changes.push({ status: e.status, path: e.path });
        },
      }
    : borgHandlers;
  const res = await ctx.borg.recreate(
    opened.repo.path,
    archive,
    {
      excludes,
      recompress: recompress ? 'if-different' : undefined,
      compression: compression ?? (recompress ? ctx.config.borg.compression : undefined),
      dryRun,
      listFiles: dryRun,
    },
    opened.borg({ handlers }),
  );
  const listed = dryRun ? changes : null;
  return { repo: opened.repo.name, archive, dryRun, changes: listed, warnings: res.warnings };
}

export async function pruneRepo(ctx: WorkflowContext, input: PruneInput): Promise<PruneRepoResult> {
  const opened = await openRepo(ctx, input);
  const { policy, source } = effectiveRetention(opened.repo, ctx.config);
  const prune = await ctx.borg.prune(
    opened.repo.path,
    policy,
    { dryRun: input.dryRun },
    opened.borg(),
  );
  return { repo: opened.repo.name, policy, policySource: source, prune };
}

/** Deletes one archive, then compacts and refreshes the stored stats (Python did the same). */
export async function deleteArchive(
  ctx: WorkflowContext,
  input: DeleteArchiveInput,
): Promise<DeleteArchiveResult> {
  const archive = ctx.validator.archiveName(input.archive);
  const dryRun = input.dryRun ?? false;
  if (!dryRun) requireConfirmed(input.confirmed, `deleting archive '${archive}'`);
  const opened = await openRepo(ctx, input);
  const { path, name } = opened.repo;
  await ctx.borg.deleteArchive(path, archive, { dryRun }, opened.borg());
  if (dryRun) return { repo: name, archive, dryRun, compacted: false };
  await ctx.borg.compact(path, opened.borg());
  const info = await ctx.borg.repoInfo(path, opened.borg());
  const repo = await updateRepo(ctx, name, (cur) => ({
    metadata: mergeMetadata(cur.metadata, info.result),
  }));
  for (const w of await writeThrough(ctx, { upsert: repo })) input.observer?.notice?.(w);
  return { repo: name, archive, dryRun, compacted: true };
}
