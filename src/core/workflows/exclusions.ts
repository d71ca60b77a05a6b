import { resolve } from 'node:path';
import type { ExclusionsView } from '../../storage/types.js';
import type { RepoRef } from '../orchestrator-api.js';
import type { WorkflowContext } from './context.js';
import { resolveRepo } from './resolve.js';

/** The exclusions verbs address a repo like every other verb, then act on its name. */
type View<E = object> = ExclusionsView & { repo: string } & E;

async function named(ctx: WorkflowContext, ref: RepoRef): Promise<string> {
  return (await resolveRepo(ctx, ref)).name;
}

export async function showExclusions(ctx: WorkflowContext, ref: RepoRef): Promise<View> {
  const repo = await named(ctx, ref);
  return { ...(await ctx.store.exclusions.show(repo)), repo };
}

export async function addExclusion(
  ctx: WorkflowContext,
  ref: RepoRef,
  pattern: string,
): Promise<View> {
  const valid = ctx.validator.exclusionPattern(pattern);
  const repo = await named(ctx, ref);
  return { ...(await ctx.store.exclusions.add(repo, valid)), repo };
}

export async function removeExclusion(
  ctx: WorkflowContext,
  ref: RepoRef,
  line: number,
): Promise<View<{ removed: string }>> {
  const repo = await named(ctx, ref);
  return { ...(await ctx.store.exclusions.remove(repo, line)), repo };
}

export async function createExclusions(
  ctx: WorkflowContext,
  ref: RepoRef,
  sourceFile: string,
  opts: { replace?: boolean } = {},
): Promise<View> {
  const repo = await named(ctx, ref);
  const file = resolve(ctx.cwd, sourceFile);
  return { ...(await ctx.store.exclusions.createFrom(repo, file, opts)), repo };
}

export async function writeExclusions(
  ctx: WorkflowContext,
  ref: RepoRef,
  lines: string[],
): Promise<View> {
  const repo = await named(ctx, ref);
  return { ...(await ctx.store.exclusions.write(repo, lines)), repo };
}
