import type { BorgRunInfo } from '../../borg/types.js';
import { errorMessage, isBorgError } from '../errors.js';
import type { RunStep } from '../models/index.js';
import type { StepName, WorkflowObserver } from '../orchestrator-api.js';
import type { Clock } from '../clock.js';
import { isInterrupt } from './guards.js';

export type StepOutcome = Pick<RunStep, 'result' | 'message' | 'output'> & {
  rc?: number | null | undefined;
};

/**
 * Runs the named steps of a workflow: tells the observer when each starts and ends, and keeps
 * the RunStep list (result, duration, borg rc) that goes into the run record.
 */
export class StepRecorder {
  readonly steps: RunStep[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly repo: string,
    private readonly observer: WorkflowObserver | undefined,
    private readonly signal?: AbortSignal | undefined,
  ) {}

  /** Runs fn as one step; rc 1 (warnings) marks it 'warning'; a throw is recorded and rethrown. */
  async run<T>(
    name: StepName | string,
    fn: () => Promise<T>,
    outcome: (value: T) => StepOutcome = defaultOutcome,
  ): Promise<T> {
    const started = this.clock.now().getTime();
    this.observer?.stepStarted?.({ repo: this.repo, step: name });
    try {
      const value = await fn();
      this.finish(name, started, outcome(value));
      return value;
    } catch (err) {
      const result = isInterrupt(err, this.signal) ? 'interrupted' : 'failed';
      this.finish(name, started, {
        result,
        message: errorMessage(err),
        rc: isBorgError(err) ? err.rc : null,
      });
      throw err;
    }
  }

  skip(name: StepName | string, message: string): void {
    this.steps.push({ name, result: 'skipped', duration_ms: 0, message });
    this.observer?.stepFinished?.({
      repo: this.repo,
      step: name,
      result: 'skipped',
      durationMs: 0,
      message,
    });
  }

  get failed(): RunStep[] {
    return this.steps.filter((s) => s.result === 'failed');
  }

  private finish(name: string, started: number, outcome: StepOutcome): void {
    const durationMs = Math.max(0, this.clock.now().getTime() - started);
    const step: RunStep = { name, result: outcome.result, duration_ms: durationMs };
    if (outcome.rc !== undefined) step.borg_rc = outcome.rc;
    if (outcome.message !== undefined) step.message = outcome.message;
    if (outcome.output !== undefined) step.output = outcome.output;
    this.steps.push(step);
    this.observer?.stepFinished?.({
      repo: this.repo,
      step: name,
      result: outcome.result,
      durationMs,
      message: outcome.message,
    });
  }
}

function defaultOutcome(value: unknown): StepOutcome {
  if (value && typeof value === 'object' && 'rc' in value && 'warnings' in value) {
    const info = value as BorgRunInfo;
    return {
      result: info.rc === 1 ? 'warning' : 'ok',
      rc: info.rc,
      message: info.warnings[0]?.message,
    };
  }
  return { result: 'ok' };
}

/** Borg warnings as summary lines, prefixed by the step that reported them. */
export function warningLines(step: string, info: Pick<BorgRunInfo, 'warnings'>): string[] {
  return info.warnings.map((w) => `${step}: ${w.message}`);
}
