import type { OutputHandlers } from '../../borg/types.js';
import { mkdir, rmdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ValidationError } from '../errors.js';
import { restoreOptionsSchema } from '../models/index.js';
import type { RestoreArchiveInput, RestoreArchiveResult } from '../orchestrator-api.js';
import type { WorkflowContext } from './context.js';
import { dirState } from './fs-util.js';
import { openRepo } from './resolve.js';

/** Archive paths have no leading slash; users often type one. */
export function archivePath(p: string): string {
  return p.replace(/^\/+/, '');
}

async function checkTarget(target: string, force: boolean): Promise<boolean> {
  const state = await dirState(target);
  if (state === 'file') {
    throw new ValidationError(
      [`restore target ${target} is not a directory`],
      'pick a directory with --target',
    );
  }
  if (state === 'non-empty' && !force) {
    throw new ValidationError(
      [`restore target ${target} is not empty`],
      'restore into an empty directory with --target DIR, or pass --force to write into it',
    );
  }
  return state === 'missing';
}

/**
 * borg extract into target (default: cwd, created if missing). A non-empty target needs
 * `force`; a target we created is removed again when extract fails before writing anything.
 */
export async function restoreArchive(
  ctx: WorkflowContext,
  input: RestoreArchiveInput,
): Promise<RestoreArchiveResult> {
  const archive = ctx.validator.archiveName(input.archive);
  const target = resolve(ctx.cwd, input.target ?? '.');
  const dryRun = input.dryRun ?? false;
  const paths = (input.paths ?? []).map(archivePath).filter((p) => p.length > 0);
  const missing = await checkTarget(target, input.force ?? false);
  const opened = await openRepo(ctx, input);
  if (missing && !dryRun) await mkdir(target, { recursive: true });
  const opts = restoreOptionsSchema.parse({
    repoPath: opened.repo.path,
    archiveName: archive,
    target: missing && dryRun ? ctx.cwd : target,
    paths,
    dryRun,
    listFiles: dryRun,
  });
  const files: string[] = [];
  const handlers = dryRun ? collectListed(input.observer?.borg, files) : input.observer?.borg;
  try {
    const res = await ctx.borg.extract(opts, opened.borg({ handlers }));
    const listed = dryRun ? files : null;
    return {
      repo: opened.repo.name,
      archive,
      target,
      dryRun,
      files: listed,
      warnings: res.warnings,
    };
  } catch (err) {
    if (missing && !dryRun) await rmdir(target).catch(() => undefined);
    throw err;
  }
}

/** borg extract --list reports each path as a `borg.output.list` log line: keep them too. */
function collectListed(handlers: OutputHandlers | undefined, into: string[]): OutputHandlers {
  return {
    ...handlers,
    onLog: (e) => {
      if (e.name === 'borg.output.list') into.push(e.message);
      else handlers?.onLog?.(e);
    },
  };
}
