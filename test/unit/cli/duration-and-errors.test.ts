import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../src/cli/commands/status-duration.js';
import {
  BorgError,
  BorgboiError,
  InterruptedError,
  NotFoundError,
  ValidationError,
} from '../../../src/core/errors.js';
import { createFakeOrchestrator } from '../../support/fake-orchestrator.js';
import { runCmd } from './harness.js';

describe('parseDuration', () => {
  it.each([
    ['26h', 26 * 3_600_000],
    ['90m', 90 * 60_000],
    ['2d', 2 * 86_400_000],
    ['1w', 604_800_000],
    ['45s', 45_000],
    ['1d12h', 36 * 3_600_000],
    [' 3H ', 3 * 3_600_000],
  ])('%j → %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '26', 'h', '0h', '1.5h', '-2d', '2 days', '1y', '9999999999999999w'])(
    '%j is not a duration',
    (text) => expect(parseDuration(text)).toBeNull(),
  );
});

const borgFailure = new BorgError('borg create failed: Failed to create/acquire the lock', {
  kind: 'lock-timeout',
  rc: 2,
  signal: null,
  command: ['create'],
  stderrTail: [],
  hint: "another borg is running; wait, or 'borg break-lock' if it crashed",
});

/** What the orchestrator throws → what the user sees (one line) and the exit code. */
const failures: Array<[string, Error, number, string]> = [
  [
    'unknown repo',
    new NotFoundError("repository 'nope' not found", "see 'borgboi repo list'"),
    2,
    "Error: repository 'nope' not found; see 'borgboi repo list'",
  ],
  [
    'duplicate name',
    new BorgboiError('already-exists', "a repository named 'alpha' exists", {
      hint: 'pick another -n NAME',
    }),
    2,
    "Error: a repository named 'alpha' exists; pick another -n NAME",
  ],
  [
    'bad pattern',
    new ValidationError(["pattern 'xx:a' has an unknown style"], 'use fm:, sh:, re:, pp: or pf:'),
    2,
    "Error: pattern 'xx:a' has an unknown style; use fm:, sh:, re:, pp: or pf:",
  ],
  [
    'borg lock timeout',
    borgFailure,
    1,
    "Error: borg create failed: Failed to create/acquire the lock; another borg is running; wait, or 'borg break-lock' if it crashed",
  ],
  ['interrupted', new InterruptedError('SIGINT'), 130, 'Error: interrupted by SIGINT'],
];

describe('orchestrator errors become one line and the right exit code', () => {
  it.each(failures)('%s', async (_n, error, code, line) => {
    const orch = createFakeOrchestrator({
      backupRepo: async () => {
        throw error;
      },
    });
    const r = await runCmd(['backup', 'run', '-n', 'alpha'], { orch });
    expect(r.code).toBe(code);
    expect(r.err).toBe(`${line}\n`);
    expect(r.out).toBe('');
  });
});
