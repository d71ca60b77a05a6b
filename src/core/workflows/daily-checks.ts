import { checkDue, checkStepName, lastPassedChecks } from '../../ops/cadence.js';
import { BorgboiError, errorMessage } from '../errors.js';
import type { CheckKindInput, CheckRepoResult } from '../orchestrator-api.js';
import { runCheck } from './check.js';
import type { DailyState, LaterStep } from './daily-steps.js';
import { isInterrupt } from './guards.js';

const PROBLEMS_IN_MESSAGE = 10;
const PROBLEMS_IN_OUTPUT = 50;

interface Found {
  kind: CheckKindInput;
  problems: string[];
}

/**
 * The configured checks that are due (config order), each recorded as step `check:<kind>`;
 * when each last passed comes from the repo's run records (daily and `repo check` alike).
 * A failed borg check stops the S3 sync (a damaged repo must not overwrite the good mirror);
 * a failed spot check does not (the repo is fine, the source moved). Either gives exit 3.
 */
export const dueChecks: LaterStep = async (ctx, state) => {
  const name = state.opened.repo.name;
  const records = await ctx.store.runLog.read({ repo: name }).catch(() => []);
  const passed = lastPassedChecks(records);
  const found: Found[] = [];
  for (const check of ctx.config.checks) {
    const step = checkStepName(check.kind);
    const due = checkDue(
      check.frequency,
      passed.get(check.kind) ?? null,
      ctx.clock.now().getTime(),
    );
    if (!due.due) {
      if (due.nextAt !== null) {
        state.steps.skip(step, `not due until ${new Date(due.nextAt).toISOString()}`);
      }
      continue;
    }
    const problems = await runOne(state, check.kind, () =>
      runCheck(ctx, state.opened, checkInput(state), check.kind),
    );
    if (problems.length > 0) found.push({ kind: check.kind, problems });
  }
  if (found.length === 0) return null;
  const err = checkError(name, found);
  if (found.some((f) => f.kind !== 'spot')) throw err;
  state.checkFailure ??= err;
  return null;
};

function checkInput(state: DailyState) {
  const { input } = state;
  return {
    ref: { kind: 'name' as const, name: state.opened.repo.name },
    observer: input.observer,
    signal: input.signal,
  };
}

/** Runs one check as a step; its problems (or why it could not run), or [] when it passed. */
async function runOne(
  state: DailyState,
  kind: CheckKindInput,
  run: () => Promise<CheckRepoResult>,
): Promise<string[]> {
  try {
    const res = await state.steps.run(checkStepName(kind), run, (r) =>
      r.ok
        ? { result: 'ok', message: r.report.at(-1) }
        : {
            result: 'failed',
            message: r.problems[0] ?? 'the check failed',
            output: r.problems.slice(0, PROBLEMS_IN_OUTPUT),
          },
    );
    return res.ok ? [] : res.problems.length > 0 ? res.problems : ['the check failed'];
  } catch (err) {
    if (isInterrupt(err, state.input.signal)) throw err;
    return [`could not run: ${errorMessage(err)}`];
  }
}

function checkError(repo: string, found: readonly Found[]): BorgboiError {
  const kinds = found.map((f) => f.kind);
  const all = found.flatMap((f) =>
    f.problems.map((p) => (found.length > 1 ? `${f.kind}: ${p}` : p)),
  );
  const shown = all.slice(0, PROBLEMS_IN_MESSAGE);
  const more = all.length > shown.length ? `; … and ${all.length - shown.length} more` : '';
  const hint = kinds.includes('spot')
    ? `files changed after the archive was made, or the archive differs from the source; rerun 'borgboi repo check -n ${repo} --kind spot' to see the report`
    : `see 'borgboi repo check -n ${repo} --kind ${kinds[0]}'; back the repo up before trying --repair`;
  const what = `${kinds.join(' and ')} check${kinds.length > 1 ? 's' : ''}`;
  return new BorgboiError('check-failed', `${what} failed: ${shown.join('; ')}${more}`, {
    hint,
    details: { kinds, problems: all.slice(0, PROBLEMS_IN_OUTPUT) },
  });
}
