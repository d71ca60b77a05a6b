import { isRecovered } from '../../ops/notify.js';
import { ExitCode } from '../errors.js';
import type { RunRecord, RunResult } from '../models/index.js';
import type { DailyInput, DailyResult, RepoRef } from '../orchestrator-api.js';
import type { WorkflowContext } from './context.js';
import { preflightCreate } from './backup-plan.js';
import { afterHooks, beforeHooks } from './daily-hooks.js';
import { createStep, laterSteps, saveDaily, type DailyState } from './daily-steps.js';
import { errorView, exitCodeOf, interruptExitCode, isInterrupt } from './guards.js';
import { openRepo } from './resolve.js';
import { StepRecorder } from './steps.js';

export const DAILY_COMMAND = 'backup daily';

export function refLabel(ref: RepoRef): string {
  return ref.kind === 'name' ? ref.name : ref.kind === 'path' ? ref.path : 'default';
}

/** A repo ready for its daily: resolved, passphrase at hand, exclusions file found. */
export interface PreparedDaily {
  state: DailyState;
  excludeFrom: string;
}

/** Pre-flight: problems found here are thrown before anything changed or was recorded (exit 2). */
export async function prepareDaily(
  ctx: WorkflowContext,
  input: DailyInput,
): Promise<PreparedDaily> {
  const startedAt = ctx.clock.now();
  const steps = new StepRecorder(ctx.clock, refLabel(input.ref), input.observer, input.signal);
  const opened = await steps.run('resolve', () => openRepo(ctx, input));
  const excludeFrom = await preflightCreate(ctx, opened.repo.name);
  const previous = await ctx.store.runLog.last(opened.repo.name, DAILY_COMMAND).catch(() => null);
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
    checkFailure: null,
    previous,
  };
  return { state, excludeFrom };
}

/**
 * Spec §8 plus hooks and checks: before hooks → create → prune → compact → due checks → S3
 * sync → metadata → table → after hooks / on_error → run record. From the running record on,
 * every outcome comes back as a DailyResult with its exit code.
 */
export async function runDaily(
  ctx: WorkflowContext,
  prepared: PreparedDaily,
): Promise<DailyResult> {
  const { state, excludeFrom } = prepared;
  const id = ctx.newId();
  await ctx.store.runLog.append(runningRecord(ctx, id, state.opened.repo.name, state.startedAt));
  try {
    await beforeHooks(ctx, state);
    await createStep(ctx, state, excludeFrom);
  } catch (err) {
    return finishDaily(ctx, id, state, err);
  }
  await laterSteps(ctx, state);
  await saveDaily(ctx, state);
  return finishDaily(ctx, id, state, null);
}

export function runningRecord(ctx: WorkflowContext, id: string, repo: string, at: Date): RunRecord {
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
  if (state.failure || state.checkFailure) return { result: 'partial', exitCode: ExitCode.partial };
  if (state.warnings.length > 0) return { result: 'warning', exitCode: ExitCode.ok };
  return { result: 'success', exitCode: ExitCode.ok };
}

async function finishDaily(
  ctx: WorkflowContext,
  id: string,
  state: DailyState,
  fatal: unknown,
): Promise<DailyResult> {
  await afterHooks(ctx, state, outcome(state, fatal).result).catch((err: unknown) => {
    state.warnings.push(`hooks: ${errorView(err).message}`);
  });
  const { result, exitCode } = outcome(state, fatal);
  const problem = fatal ?? state.interrupt ?? state.failure ?? state.checkFailure;
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
    recovered: isRecovered(state.previous, result),
  };
}
