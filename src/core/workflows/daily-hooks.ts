import { runHookList, type HookListResult, type HookVars } from '../../ops/hooks.js';
import { isFailure, isRecovered } from '../../ops/notify.js';
import { BorgboiError } from '../errors.js';
import type { RunResult } from '../models/index.js';
import type { WorkflowContext } from './context.js';
import type { DailyState } from './daily-steps.js';
import type { StepRecorder } from './steps.js';

type HookList = 'before_backup' | 'after_backup' | 'on_error' | 'on_recovered';

const STEP: Record<HookList, string> = {
  before_backup: 'hooks:before',
  after_backup: 'hooks:after',
  on_error: 'hooks:error',
  on_recovered: 'hooks:recovered',
};

interface HookCall {
  list: HookList;
  vars: HookVars;
  steps: StepRecorder;
  signal?: AbortSignal | undefined;
}

/** Runs one configured list as one step (none when the list is empty); null when empty. */
async function runList(ctx: WorkflowContext, call: HookCall): Promise<HookListResult | null> {
  const commands = ctx.config.hooks[call.list];
  if (commands.length === 0) return null;
  return call.steps.run(
    STEP[call.list],
    () =>
      runHookList(ctx.hooks, commands, call.vars, {
        cwd: ctx.cwd,
        signal: call.signal,
        stopOnFailure: call.list === 'before_backup',
      }),
    (r) => ({
      result: r.canceled ? 'interrupted' : r.failures.length > 0 ? 'failed' : 'ok',
      message: r.failures[0] ?? `${r.ran} ${r.ran === 1 ? 'command' : 'commands'} ran`,
      output: r.output,
    }),
  );
}

/** before_backup: a failing command aborts this repo's backup (exit 1, recorded, on_error runs). */
export async function beforeHooks(ctx: WorkflowContext, state: DailyState): Promise<void> {
  const vars = { repo: state.opened.repo.name, archive: null, result: 'running' };
  const res = await runList(ctx, {
    list: 'before_backup',
    vars,
    steps: state.steps,
    signal: state.input.signal,
  });
  if (!res || res.failures.length === 0) return;
  throw new BorgboiError(
    'hook-failed',
    `before_backup ${res.failures[0]}; the backup did not run`,
    {
      hint: 'fix the command in hooks.before_backup (its output is in the run record)',
    },
  );
}

/**
 * After the run's outcome is known: after_backup when an archive was made (not interrupted),
 * on_error on a failure (failed, partial, interrupted), on_recovered once when the previous
 * daily failed and this one did not. Their failures are warnings; the result stays.
 */
export async function afterHooks(
  ctx: WorkflowContext,
  state: DailyState,
  result: RunResult,
): Promise<void> {
  const vars = {
    repo: state.opened.repo.name,
    archive: state.created?.archive.name ?? null,
    result,
  };
  const base = { vars, steps: state.steps };
  const lists: Array<[HookList, AbortSignal | undefined]> = [];
  if (state.created && result !== 'interrupted') lists.push(['after_backup', state.input.signal]);
  // on_error also runs after an interrupt, so it gets no abort signal (its timeout bounds it).
  if (isFailure(result)) lists.push(['on_error', undefined]);
  if (isRecovered(state.previous, result)) lists.push(['on_recovered', state.input.signal]);
  for (const [list, signal] of lists) {
    const res = await runList(ctx, { ...base, list, signal });
    for (const f of res?.failures ?? []) state.warnings.push(`${list}: ${f}`);
  }
}

/** on_error for a repo of `--all` that could not even start (no exclusions, no passphrase). */
export async function preflightErrorHooks(
  ctx: WorkflowContext,
  repo: string,
  result: RunResult,
  steps: StepRecorder,
): Promise<string[]> {
  const res = await runList(ctx, {
    list: 'on_error',
    vars: { repo, archive: null, result },
    steps,
  });
  return (res?.failures ?? []).map((f) => `on_error: ${f}`);
}
