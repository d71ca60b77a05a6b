import { describe, expect, it } from 'vitest';
import type { RunRecord, RunStep } from '../core/models/index.js';
import { checkDue, graceMs, lastPassedChecks } from './cadence.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-03-01T02:00:00.000Z');

const rec = (at: number, ...steps: Array<[string, RunStep['result']]>): RunRecord => ({
  id: `r${at}`,
  command: 'backup daily',
  repo: 'docs',
  started_at: new Date(at).toISOString(),
  duration_ms: 1,
  result: 'success',
  steps: steps.map(([name, result]) => ({ name, result, duration_ms: 0 })),
  warnings: [],
});

describe('lastPassedChecks', () => {
  it('takes the newest ok/warning check step per kind; failed and skipped do not count', () => {
    const last = lastPassedChecks([
      rec(T0 + 3 * DAY, ['check:data', 'failed'], ['check:spot', 'skipped']),
      rec(T0 + DAY, ['create', 'ok'], ['check:data', 'ok']),
      rec(T0 + 2 * DAY, ['check:repository', 'warning']),
      rec(T0, ['check:data', 'ok'], ['check:spot', 'ok']),
    ]);
    expect(Object.fromEntries(last)).toEqual({
      data: T0 + DAY,
      repository: T0 + 2 * DAY,
      spot: T0,
    });
  });
});

describe('checkDue', () => {
  it.each([
    [DAY, HOUR],
    [14 * DAY, HOUR],
    [12 * HOUR, HOUR],
    [HOUR, 6 * 60_000],
  ])('grace of a %i ms period is %i ms', (period, grace) => expect(graceMs(period)).toBe(grace));

  it.each([
    ['always', null, 0, { due: true, reason: 'always' }],
    ['always', T0, T0, { due: true, reason: 'always' }],
    ['never', null, T0, { due: false, reason: 'never', nextAt: null }],
    ['2 weeks', null, T0, { due: true, reason: 'first run' }],
    ['1 day', T0, T0 + DAY - HOUR - 1, { due: false, reason: 'not due', nextAt: T0 + DAY - HOUR }],
    ['1 day', T0, T0 + DAY - HOUR, { due: true, reason: 'period passed' }],
    ['2 weeks', T0, T0 + 13 * DAY, { due: false, reason: 'not due', nextAt: T0 + 14 * DAY - HOUR }],
    ['2 weeks', T0, T0 + 14 * DAY - HOUR, { due: true, reason: 'period passed' }],
    ['12h', T0, T0 + 11 * HOUR - 1, { due: false, reason: 'not due', nextAt: T0 + 11 * HOUR }],
    ['bogus', T0, T0 + 100 * DAY, { due: false, reason: 'never', nextAt: null }],
  ] as const)('%s, last passed %s, now %s → %j', (freq, last, now, expected) => {
    expect(checkDue(freq, last, now)).toEqual(expected);
  });
});
