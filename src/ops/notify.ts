import type { RunRecord, RunResult } from '../core/models/index.js';

/** Results that notify as failures: the backup (or a step after it) did not complete. */
const FAILURES: ReadonlySet<string> = new Set(['failed', 'partial', 'interrupted']);

export function isFailure(result: RunResult | RunRecord['result']): boolean {
  return FAILURES.has(result);
}

/**
 * A repo recovered when its previous finished daily failed (failed, partial, interrupted)
 * and this one did not. Only the previous record counts, so the event fires exactly once.
 */
export function isRecovered(previous: RunRecord | null, now: RunResult): boolean {
  return previous !== null && isFailure(previous.result) && !isFailure(now);
}

/** What one repo of a daily invocation contributes to its notifications. */
export interface RepoOutcome {
  repo: string;
  result: RunResult;
  exitCode: number;
  archive: string | null;
  recovered: boolean;
  warnings: readonly string[];
  error: { message: string } | null;
}

export interface PingPlan {
  /** `/start` before the run: only when successes are pinged too (else it would dangle). */
  start: boolean;
  /** The closing ping, or null when a clean run stays quiet. */
  finish: 'success' | 'fail' | null;
}

/**
 * The noise rules: a failure always pings `/fail`; success pings only with
 * `monitoring.notify_on_success`, except once for a recovery, so the monitor goes green again.
 * `incomplete`: an interrupt stopped the batch before every repo ran (a failure too).
 */
export function planPings(
  outcomes: readonly RepoOutcome[],
  notifyOnSuccess: boolean,
  incomplete = false,
): PingPlan {
  const failed = incomplete || outcomes.some((o) => isFailure(o.result));
  const recovered = outcomes.some((o) => o.recovered);
  const finish = failed ? 'fail' : notifyOnSuccess || recovered ? 'success' : null;
  return { start: notifyOnSuccess, finish };
}

const MAX_WARNINGS = 10;

/**
 * The ping body: an overall line, then one line per repo with its error and warnings, then
 * the repos an interrupt kept from running.
 */
export function summaryText(
  host: string,
  outcomes: readonly RepoOutcome[],
  notRun: readonly string[] = [],
): string {
  const failed = notRun.length > 0 || outcomes.some((o) => isFailure(o.result));
  const overall = failed ? 'failed' : 'ok';
  const lines = [`borgboi backup daily on ${host}: ${overall} (${countText(outcomes)})`];
  for (const o of outcomes) {
    const parts = [`${o.repo}: ${o.result} (exit ${o.exitCode})`];
    if (o.archive) parts.push(`archive ${o.archive}`);
    if (o.recovered) parts.push('recovered after a failed run');
    lines.push(parts.join(', ') + (o.error ? `: ${o.error.message}` : ''));
    for (const w of o.warnings.slice(0, MAX_WARNINGS)) lines.push(`  warning: ${w}`);
    if (o.warnings.length > MAX_WARNINGS) {
      lines.push(`  … and ${o.warnings.length - MAX_WARNINGS} more warnings`);
    }
  }
  if (notRun.length > 0) lines.push(`not run (interrupted): ${notRun.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

function countText(outcomes: readonly RepoOutcome[]): string {
  const counts = new Map<string, number>();
  for (const o of outcomes) counts.set(o.result, (counts.get(o.result) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${n} ${k}`).join(', ') || 'no repository';
}
