import { describe, expect, it } from 'vitest';
import type { RunRecord, RunResult } from '../core/models/index.js';
import { isFailure, isRecovered, planPings, summaryText, type RepoOutcome } from './notify.js';

const record = (result: RunRecord['result']): RunRecord => ({
  id: 'r1',
  command: 'backup daily',
  repo: 'docs',
  started_at: '2026-03-01T02:00:00.000Z',
  duration_ms: 10,
  result,
  steps: [],
  warnings: [],
});

const outcome = (result: RunResult, patch: Partial<RepoOutcome> = {}): RepoOutcome => ({
  repo: 'docs',
  result,
  exitCode: result === 'failed' ? 1 : result === 'partial' ? 3 : 0,
  archive: result === 'failed' ? null : '2026-03-01_02:03:04',
  recovered: false,
  warnings: [],
  error: null,
  ...patch,
});

describe('isFailure / isRecovered', () => {
  it.each<[RunResult, boolean]>([
    ['success', false],
    ['warning', false],
    ['partial', true],
    ['failed', true],
    ['interrupted', true],
  ])('%s is a failure: %s', (r, expected) => expect(isFailure(r)).toBe(expected));

  it.each<[RunRecord['result'] | null, RunResult, boolean]>([
    [null, 'success', false],
    ['success', 'success', false],
    ['warning', 'success', false],
    ['failed', 'success', true],
    ['partial', 'warning', true],
    ['interrupted', 'success', true],
    ['failed', 'failed', false],
    ['failed', 'partial', false],
  ])('previous %s, now %s → recovered %s', (prev, now, expected) => {
    expect(isRecovered(prev === null ? null : record(prev), now)).toBe(expected);
  });
});

describe('planPings (the noise rules)', () => {
  it.each<[string, RepoOutcome[], boolean, { start: boolean; finish: string | null }]>([
    ['success, notify_on_success', [outcome('success')], true, { start: true, finish: 'success' }],
    ['success, quiet', [outcome('success')], false, { start: false, finish: null }],
    ['warning, quiet', [outcome('warning')], false, { start: false, finish: null }],
    ['failure, quiet', [outcome('failed')], false, { start: false, finish: 'fail' }],
    ['partial, notify_on_success', [outcome('partial')], true, { start: true, finish: 'fail' }],
    [
      'recovered, quiet',
      [outcome('success', { recovered: true })],
      false,
      { start: false, finish: 'success' },
    ],
    [
      'one of two failed',
      [outcome('success'), outcome('failed')],
      true,
      { start: true, finish: 'fail' },
    ],
    [
      'recovered but another failed',
      [outcome('success', { recovered: true }), outcome('failed')],
      false,
      { start: false, finish: 'fail' },
    ],
  ])('%s', (_, outcomes, onSuccess, expected) =>
    expect(planPings(outcomes, onSuccess)).toEqual(expected),
  );

  it('an interrupt that kept repos from running is a failure, even when the rest succeeded', () => {
    expect(planPings([outcome('success')], false, true)).toEqual({ start: false, finish: 'fail' });
    expect(summaryText('h', [outcome('success')], ['b', 'c'])).toBe(
      [
        'borgboi backup daily on h: failed (1 success)',
        'docs: success (exit 0), archive 2026-03-01_02:03:04',
        'not run (interrupted): b, c',
        '',
      ].join('\n'),
    );
  });
});

describe('summaryText', () => {
  it('states the verdict, then each repo with archive, error, recovery and warnings', () => {
    const text = summaryText('web1', [
      outcome('failed', { repo: 'db', error: { message: 'borg create failed: disk full' } }),
      outcome('warning', { repo: 'docs', recovered: true, warnings: ['create: /x: file changed'] }),
    ]);
    expect(text).toBe(
      [
        'borgboi backup daily on web1: failed (1 failed, 1 warning)',
        'db: failed (exit 1): borg create failed: disk full',
        'docs: warning (exit 0), archive 2026-03-01_02:03:04, recovered after a failed run',
        '  warning: create: /x: file changed',
        '',
      ].join('\n'),
    );
  });

  it('lists at most ten warnings per repo', () => {
    const warnings = Array.from({ length: 14 }, (_, i) => `w${i}`);
    const lines = summaryText('h', [outcome('warning', { warnings })])
      .trimEnd()
      .split('\n');
    expect(lines).toHaveLength(2 + 10 + 1);
    expect(lines.at(-1)).toBe('  … and 4 more warnings');
  });
});
