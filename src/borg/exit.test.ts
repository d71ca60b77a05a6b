import { describe, expect, it } from 'vitest';
import { borgFixtureLines } from '../../test/support/recorded-borg.js';
import { BorgError, InterruptedError, type BorgErrorKind } from '../core/errors.js';
import { EventCollector } from './collector.js';
import { classifyOutcome, isFatal, isWarning, kindFromMsgid, signalFromRc } from './exit.js';
import type { RunOutcome } from './runner.js';

const COMMAND = ['list', '--log-json', '--lock-wait', '1', '/repo'];

function outcome(
  fixture: string | null,
  rc: number | null,
  extra: Partial<RunOutcome> = {},
): RunOutcome {
  const events = new EventCollector();
  for (const line of fixture ? borgFixtureLines(fixture) : []) events.line(line);
  return {
    rc,
    signal: null,
    spawnError: null,
    stdout: '',
    events,
    interruptedBy: null,
    stopped: false,
    versionRejected: false,
    durationMs: 5,
    ...extra,
  };
}

function failure(o: RunOutcome): BorgError {
  try {
    classifyOutcome(o, COMMAND);
  } catch (e) {
    if (e instanceof BorgError) return e;
    throw e;
  }
  throw new Error('expected a BorgError');
}

describe('classifyOutcome: fatal runs from real borg stderr', () => {
  it.each<[string, number, BorgErrorKind, RegExp]>([
    [
      'wrong-passphrase-log-json.stderr',
      2,
      'passphrase-wrong',
      /passphrase supplied .* is incorrect/,
    ],
    ['repo-does-not-exist-log-json.stderr', 2, 'repo-missing', /Repository \/nope does not exist/],
    ['not-a-repo-log-json.stderr', 2, 'not-a-repo', /not a valid repository/],
    ['archive-does-not-exist-log-json.stderr', 2, 'archive-missing', /Archive nope does not exist/],
    ['archive-already-exists-log-json.stderr', 2, 'archive-exists', /Archive third already exists/],
    ['lock-timeout-log-json.stderr', 2, 'lock-timeout', /Failed to create\/acquire the lock/],
    ['relocated-repo-log-json.stderr', 2, 'relocated', /Repository access aborted/],
    ['unknown-unencrypted-log-json.stderr', 2, 'aborted', /Cache initialization aborted/],
    [
      'delete-repo-log-json.stderr',
      2,
      'aborted',
      /confirmation \(BORG_DELETE_I_KNOW_WHAT_I_AM_DOING\)/,
    ],
    ['signal-sigint-create-log-json.stderr', 2, 'interrupted', /Got Ctrl-C/],
    ['passphrase-fd-not-open.stderr', 2, 'unknown', /OSError: \[Errno 9\] Bad file descriptor/],
    ['wrong-passphrase.stderr', 2, 'unknown', /passphrase supplied/],
    ['signal-sigterm-create.stderr', 143, 'interrupted', /Received SIGTERM/],
  ])('%s (rc %i) → %s', (fixture, rc, kind, message) => {
    const e = failure(outcome(fixture, rc));
    expect(e.kind).toBe(kind);
    expect(e.message).toMatch(/^borg list failed: /);
    expect(e.message).toMatch(message);
    expect(e.message).not.toContain('\n');
    expect(e.hint).toBeTruthy();
    expect(e.rc).toBe(rc);
    expect(e.command).toEqual(COMMAND);
    expect(e.stderrTail.length).toBeGreaterThan(0);
    expect(e.exitCode).toBe(1);
  });

  it('rc 143 names the signal', () => {
    expect(failure(outcome('signal-sigterm-create.stderr', 143)).signal).toBe('SIGTERM');
  });

  it('killed outright (SIGKILL, no output) still gives a BorgError', () => {
    const e = failure(outcome(null, null, { signal: 'SIGKILL' }));
    expect(e).toMatchObject({ kind: 'interrupted', signal: 'SIGKILL', rc: null });
    expect(e.message).toBe('borg list failed: killed by SIGKILL');
  });
});

describe('classifyOutcome: rc 0 and 1', () => {
  it('rc 1 is a warning carrying the warning-level messages', () => {
    const info = classifyOutcome(outcome('warning-missing-source-log-json.stderr', 1), COMMAND);
    expect(info.rc).toBe(1);
    expect(info.warnings).toEqual([
      { message: expect.stringMatching(/does-not-exist: \[Errno 2\]/), msgid: undefined },
    ]);
  });

  it('rc 0 reports no warnings (warning-level lines are notices then)', () => {
    const info = classifyOutcome(outcome('warning-missing-source-log-json.stderr', 0), COMMAND);
    expect(info).toEqual({ rc: 0, warnings: [], durationMs: 5 });
  });

  it('an abort we asked for is an InterruptedError with borg’s error as cause', () => {
    const o = outcome('signal-sigint-create-log-json.stderr', 2, { interruptedBy: 'SIGINT' });
    const err = (() => {
      try {
        classifyOutcome(o, COMMAND);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InterruptedError);
    expect((err as InterruptedError).exitCode).toBe(130);
    expect((err as InterruptedError).cause).toBeInstanceOf(BorgError);
  });

  it('SIGTERM abort → exit 143', () => {
    expect(() =>
      classifyOutcome(outcome(null, 143, { interruptedBy: 'SIGTERM' }), COMMAND),
    ).toThrow(expect.objectContaining({ exitCode: 143 }));
  });

  it('a stopped stream (consumer went away) is not an error', () => {
    expect(classifyOutcome(outcome(null, 143, { stopped: true }), COMMAND).rc).toBe(0);
  });

  it('a handler that threw is rethrown after borg exits', () => {
    const boom = new Error('handler bug');
    const events = new EventCollector({
      onLog: () => {
        throw boom;
      },
    });
    events.line(borgFixtureLines('warning-missing-source-log-json.stderr')[0]!);
    expect(() => classifyOutcome({ ...outcome(null, 1), events }, COMMAND)).toThrow(boom);
  });
});

describe('helpers', () => {
  it.each([
    [0, false, false],
    [1, true, false],
    [2, false, true],
    [130, false, true],
    [null, false, true],
  ])('rc %s: warning %s, fatal %s', (rc, warning, fatal) => {
    expect(isWarning(rc)).toBe(warning);
    expect(isFatal(rc)).toBe(fatal);
  });

  it.each([
    [143, null, 'SIGTERM'],
    [130, null, 'SIGINT'],
    [129, null, 'SIGHUP'],
    [2, null, null],
    [null, 'SIGKILL', 'SIGKILL'],
  ])('signalFromRc(%s, %s) = %s', (rc, signal, expected) =>
    expect(signalFromRc(rc, signal)).toBe(expected),
  );

  it.each([
    ['PassphraseWrong', 'passphrase-wrong'],
    ['Repository.StorageQuotaExceeded', 'quota-exceeded'],
    ['NoPassphraseFailure', 'passphrase-missing'],
    ['SomethingNew', 'unknown'],
    [undefined, 'unknown'],
  ])('kindFromMsgid(%s) = %s', (msgid, kind) => expect(kindFromMsgid(msgid)).toBe(kind));
});
