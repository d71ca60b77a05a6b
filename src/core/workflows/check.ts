import { UsageError } from '../errors.js';
import type { RunStep } from '../models/index.js';
import type { CheckInput, CheckRepoResult } from '../orchestrator-api.js';
import type { WorkflowContext } from './context.js';
import { errorView, requireConfirmed } from './guards.js';
import { openRepo } from './resolve.js';
import { spotCheck } from './spot-check.js';

/**
 * `repo check --kind repository|archives|data|spot [--repair]`; each run is recorded in the
 * run log (command `repo check`, step `check:<kind>`) so cadence checks know when it last ran.
 */
export async function checkRepo(ctx: WorkflowContext, input: CheckInput): Promise<CheckRepoResult> {
  const kind = input.kind ?? 'repository';
  if (input.repair && kind === 'spot') {
    throw new UsageError('--repair works with borg checks, not with --kind spot', 'drop --repair');
  }
  if (input.repair) requireConfirmed(input.confirmed, 'repairing a repository');
  const opened = await openRepo(ctx, input);
  const started = ctx.clock.now();
  const step = (result: RunStep['result'], message?: string): RunStep => ({
    name: `check:${kind}`,
    result,
    duration_ms: Math.max(0, ctx.clock.now().getTime() - started.getTime()),
    ...(message === undefined ? {} : { message }),
  });
  try {
    const result = await runCheck(ctx, opened, input, kind);
    await record(
      ctx,
      opened.repo.name,
      started,
      step(result.ok ? 'ok' : 'failed', result.problems[0]),
    );
    return result;
  } catch (err) {
    await record(ctx, opened.repo.name, started, step('failed', errorView(err).message));
    throw err;
  }
}

export async function runCheck(
  ctx: WorkflowContext,
  opened: Awaited<ReturnType<typeof openRepo>>,
  input: CheckInput,
  kind: NonNullable<CheckInput['kind']>,
): Promise<CheckRepoResult> {
  const repo = opened.repo.name;
  if (kind === 'spot') {
    const spot = await spotCheck(ctx, opened, input);
    const problems = spot.mismatched.map((m) => `${m.path}: ${m.reason}`);
    const { ok, report, ...view } = spot;
    return { repo, kind, ok, problems, report, spot: view };
  }
  const res = await ctx.borg.check(opened.repo.path, { kind, repair: input.repair }, opened.borg());
  return { repo, kind, ok: res.ok, problems: res.problems, report: res.report };
}

async function record(ctx: WorkflowContext, repo: string, started: Date, step: RunStep) {
  await ctx.store.runLog
    .append({
      id: ctx.newId(),
      command: 'repo check',
      repo,
      hostname: ctx.hostname,
      started_at: started.toISOString(),
      duration_ms: step.duration_ms,
      result: step.result === 'ok' ? 'success' : 'failed',
      steps: [step],
      warnings: [],
    })
    .catch(() => undefined);
}
