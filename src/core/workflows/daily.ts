import { ExitCode, NotFoundError } from '../errors.js';
import type { RunRecord, RunResult, RunStep } from '../models/index.js';
import type { DailyAllResult, DailyInput, DailyResult } from '../orchestrator-api.js';
import type { WorkflowContext } from './context.js';
import { preflightErrorHooks } from './daily-hooks.js';
import { DailyNotifier } from './daily-notify.js';
import { prepareDaily, refLabel, runDaily, runningRecord } from './daily-repo.js';
import { errorView, exitCodeOf, interruptExitCode, isInterrupt } from './guards.js';
import { StepRecorder } from './steps.js';

export { DAILY_COMMAND } from './daily-repo.js';

/**
 * `backup daily` of one repo. Pre-flight problems (unknown repo, no exclusions file,
 * passphrase) are thrown before anything ran: exit 2, not recorded, nothing notified. Then
 * the run (daily-repo.ts), then the notifications and the textfile of the invocation.
 */
export async function dailyBackup(ctx: WorkflowContext, input: DailyInput): Promise<DailyResult> {
  const prepared = await prepareDaily(ctx, input);
  const notifier = new DailyNotifier(ctx, refLabel(input.ref), input.observer);
  await notifier.start();
  const res = await runDaily(ctx, prepared);
  const warnings = await notifier.finish([res]);
  return warnings.length > 0 ? { ...res, warnings: [...res.warnings, ...warnings] } : res;
}

const severity = (code: number): number =>
  code === ExitCode.sigint || code === ExitCode.sigterm
    ? 4
    : code === ExitCode.failure
      ? 3
      : code === ExitCode.usage
        ? 2
        : code === ExitCode.partial
          ? 1
          : 0;

/**
 * Every repo of this host in name order; one failing repo does not stop the others. One ping
 * pair covers the whole batch, so its verdict is the batch's.
 */
export async function dailyBackupAll(
  ctx: WorkflowContext,
  input: Omit<DailyInput, 'ref'>,
): Promise<DailyAllResult> {
  const repos = await ctx.store.metadata.list({ hostname: ctx.hostname });
  if (repos.length === 0) {
    throw new NotFoundError(
      `no repository is registered on this host (${ctx.hostname})`,
      `create one with 'borgboi repo create'`,
    );
  }
  const notifier = new DailyNotifier(ctx, '--all', input.observer);
  await notifier.start();
  const results: DailyResult[] = [];
  for (const repo of repos) {
    if (input.signal?.aborted) break;
    const repoInput: DailyInput = { ...input, ref: { kind: 'name', name: repo.name } };
    try {
      const prepared = await prepareDaily(ctx, repoInput);
      results.push(await runDaily(ctx, prepared));
    } catch (err) {
      results.push(await preflightFailure(ctx, repoInput, repo.name, err));
    }
  }
  const exitCode = results.reduce(
    (worst, r) => (severity(r.exitCode) > severity(worst) ? r.exitCode : worst),
    0,
  );
  const notRun = repos.slice(results.length).map((r) => r.name);
  const warnings = await notifier.finish(results, notRun);
  return { results, exitCode, warnings };
}

/** A repo of a batch that could not even start (no exclusions, no passphrase): recorded too. */
async function preflightFailure(
  ctx: WorkflowContext,
  input: DailyInput,
  repo: string,
  err: unknown,
): Promise<DailyResult> {
  const now = ctx.clock.now();
  const interrupted = isInterrupt(err, input.signal);
  const error = errorView(err);
  const result: RunResult = interrupted ? 'interrupted' : 'failed';
  const id = ctx.newId();
  const recorder = new StepRecorder(ctx.clock, repo, input.observer);
  const resolveStep: RunStep = {
    name: 'resolve',
    result: interrupted ? 'interrupted' : 'failed',
    duration_ms: 0,
    message: error.message,
  };
  const warnings = await preflightErrorHooks(ctx, repo, result, recorder).catch((e: unknown) => [
    `hooks: ${errorView(e).message}`,
  ]);
  const steps = [resolveStep, ...recorder.steps];
  const record: RunRecord = {
    ...runningRecord(ctx, id, repo, now),
    duration_ms: 0,
    result,
    steps,
    warnings,
    error: { code: error.code, message: error.message },
  };
  await ctx.store.runLog.append(record).catch(() => undefined);
  return {
    repo,
    runId: id,
    result,
    exitCode: interrupted ? interruptExitCode(err, input.signal) : exitCodeOf(err),
    archive: null,
    steps,
    warnings,
    error,
    stats: null,
    durationMs: 0,
  };
}
