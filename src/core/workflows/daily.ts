import { ExitCode, NotFoundError } from '../errors.js';
import type { RunRecord, RunResult, RunStep } from '../models/index.js';
import type { DailyAllResult, DailyInput, DailyResult, RepoRef } from '../orchestrator-api.js';
import type { WorkflowContext } from './context.js';
import { requireExclusions } from './backup-plan.js';
import { createStep, laterSteps, saveDaily, type DailyState } from './daily-steps.js';
import { errorView, exitCodeOf, interruptExitCode, isInterrupt } from './guards.js';
import { openRepo } from './resolve.js';
import { StepRecorder } from './steps.js';

export const DAILY_COMMAND = 'backup daily';

function refLabel(ref: RepoRef): string {
  return ref.kind === 'name' ? ref.name : ref.kind === 'path' ? ref.path : 'default';
}

/**
 * Spec §8: resolve → exclusions → create → prune → compact → S3 sync → metadata → table → run
 * record. Problems found before anything changed are thrown (exit 2); from then on the run is
 * recorded and every outcome comes back as a DailyResult with its exit code.
 */
export async function dailyBackup(ctx: WorkflowContext, input: DailyInput): Promise<DailyResult> {
  const startedAt = ctx.clock.now();
  const steps = new StepRecorder(ctx.clock, refLabel(input.ref), input.observer, input.signal);
  const opened = await steps.run('resolve', () => openRepo(ctx, input));
  const excludeFrom = await requireExclusions(ctx, opened.repo.name);
  const state: DailyState = {
    opened,
    input,
    steps,
    startedAt,
    warnings: [],
    created: null,
    stats: null,
    synced: null,
    archiveCount: null,
    failure: null,
    interrupt: null,
  };
  const id = ctx.newId();
  await ctx.store.runLog.append(runningRecord(ctx, id, opened.repo.name, startedAt));
  try {
    await createStep(ctx, state, excludeFrom);
  } catch (err) {
    return finishDaily(ctx, id, state, err);
  }
  await laterSteps(ctx, state);
  await saveDaily(ctx, state);
  return finishDaily(ctx, id, state, null);
}

function runningRecord(ctx: WorkflowContext, id: string, repo: string, at: Date): RunRecord {
  return {
    id,
    command: DAILY_COMMAND,
    repo,
    hostname: ctx.hostname,
    started_at: at.toISOString(),
    duration_ms: null,
    result: 'running',
    steps: [],
    warnings: [],
  };
}

function outcome(state: DailyState, fatal: unknown): { result: RunResult; exitCode: number } {
  const signal = state.input.signal;
  const interrupt = fatal !== null && isInterrupt(fatal, signal) ? fatal : state.interrupt;
  if (interrupt) return { result: 'interrupted', exitCode: interruptExitCode(interrupt, signal) };
  if (fatal !== null) return { result: 'failed', exitCode: exitCodeOf(fatal) };
  if (state.failure) return { result: 'partial', exitCode: ExitCode.partial };
  if (state.warnings.length > 0) return { result: 'warning', exitCode: ExitCode.ok };
  return { result: 'success', exitCode: ExitCode.ok };
}

async function finishDaily(
  ctx: WorkflowContext,
  id: string,
  state: DailyState,
  fatal: unknown,
): Promise<DailyResult> {
  const { result, exitCode } = outcome(state, fatal);
  const problem = fatal ?? state.interrupt ?? state.failure;
  const error = problem ? errorView(problem) : null;
  const durationMs = Math.max(0, ctx.clock.now().getTime() - state.startedAt.getTime());
  const archive = state.created?.archive.name ?? null;
  const record: RunRecord = {
    ...runningRecord(ctx, id, state.opened.repo.name, state.startedAt),
    duration_ms: durationMs,
    result,
    archive,
    steps: state.steps.steps,
    warnings: state.warnings,
    error: error ? { code: error.code, message: error.message } : null,
    stats: state.stats,
    archive_count: state.archiveCount,
  };
  const warnings = [...state.warnings];
  try {
    await ctx.store.runLog.append(record);
  } catch (err) {
    warnings.push(`the run was not recorded in the run log (${errorView(err).message})`);
  }
  return {
    repo: state.opened.repo.name,
    runId: id,
    result,
    exitCode,
    archive,
    steps: state.steps.steps,
    warnings,
    error,
    stats: state.stats,
    durationMs,
  };
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

/** Every repo of this host in name order; one failing repo does not stop the others. */
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
  const results: DailyResult[] = [];
  for (const repo of repos) {
    if (input.signal?.aborted) break;
    try {
      results.push(await dailyBackup(ctx, { ...input, ref: { kind: 'name', name: repo.name } }));
    } catch (err) {
      results.push(await preflightFailure(ctx, repo.name, err, input.signal));
    }
  }
  const exitCode = results.reduce(
    (worst, r) => (severity(r.exitCode) > severity(worst) ? r.exitCode : worst),
    0,
  );
  return { results, exitCode };
}

/** A repo of a batch that could not even start (no exclusions, no passphrase): recorded too. */
async function preflightFailure(
  ctx: WorkflowContext,
  repo: string,
  err: unknown,
  signal: AbortSignal | undefined,
): Promise<DailyResult> {
  const now = ctx.clock.now();
  const interrupted = isInterrupt(err, signal);
  const error = errorView(err);
  const result: RunResult = interrupted ? 'interrupted' : 'failed';
  const id = ctx.newId();
  const steps: RunStep[] = [
    {
      name: 'resolve',
      result: interrupted ? 'interrupted' : 'failed',
      duration_ms: 0,
      message: error.message,
    },
  ];
  const record: RunRecord = {
    ...runningRecord(ctx, id, repo, now),
    duration_ms: 0,
    result,
    steps,
    error: { code: error.code, message: error.message },
  };
  await ctx.store.runLog.append(record).catch(() => undefined);
  return {
    repo,
    runId: id,
    result,
    exitCode: interrupted ? interruptExitCode(err, signal) : exitCodeOf(err),
    archive: null,
    steps,
    warnings: [],
    error,
    stats: null,
    durationMs: 0,
  };
}
