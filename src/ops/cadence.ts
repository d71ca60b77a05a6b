import { parseFrequency } from '../config/frequency.js';
import type { RunRecord } from '../core/models/index.js';

/** Step name a check leaves in the run log (`repo check` and `backup daily` alike). */
export function checkStepName(kind: string): string {
  return `check:${kind}`;
}

/**
 * When each check kind last passed for one repo, from its run records (any order): the
 * `started_at` of the newest record holding an ok/warning `check:<kind>` step. Failed and
 * skipped checks do not count, so a failing check runs again on the next daily.
 */
export function lastPassedChecks(records: readonly RunRecord[]): Map<string, number> {
  const last = new Map<string, number>();
  for (const r of records) {
    const at = Date.parse(r.started_at);
    if (Number.isNaN(at)) continue;
    for (const s of r.steps) {
      if (!s.name.startsWith('check:') || (s.result !== 'ok' && s.result !== 'warning')) continue;
      const kind = s.name.slice('check:'.length);
      if (at > (last.get(kind) ?? -Infinity)) last.set(kind, at);
    }
  }
  return last;
}

/**
 * Slack before a check falls due: a tenth of the period, at most an hour. A daily timer with
 * a randomized delay fires a little earlier some days; without slack a `1 day` check would
 * then wait for the day after.
 */
export function graceMs(periodMs: number): number {
  return Math.min(periodMs / 10, 60 * 60_000);
}

export type Due =
  | { due: true; reason: 'always' | 'first run' | 'period passed' }
  | { due: false; reason: 'never' | 'not due'; nextAt: number | null };

/** Whether a check with this frequency runs now, given when it last passed (null = never). */
export function checkDue(frequency: string, lastPassedAt: number | null, now: number): Due {
  const f = parseFrequency(frequency);
  // The config schema refuses unparsable frequencies; null here means a hand-built config.
  if (f === null || f.kind === 'never') return { due: false, reason: 'never', nextAt: null };
  if (f.kind === 'always') return { due: true, reason: 'always' };
  if (lastPassedAt === null) return { due: true, reason: 'first run' };
  const nextAt = lastPassedAt + f.ms - graceMs(f.ms);
  return now >= nextAt
    ? { due: true, reason: 'period passed' }
    : { due: false, reason: 'not due', nextAt };
}
