import { describe, expect, it } from 'vitest';
import { FakeHookRunner } from '../../test/support/fakes/fake-ops.js';
import type { HookOutcome } from './hook-runner.js';
import { pushTail, TAIL_LINE_CHARS, TAIL_LINES } from './hook-runner.js';
import { commandText, hookEnv, hookFailure, runHookList, substitute } from './hooks.js';

const vars = { repo: 'docs', archive: '2026-03-01_02:03:04', result: 'success' };

describe('substitute', () => {
  it.each([
    [
      ['echo', '{repo}'],
      ['echo', 'docs'],
    ],
    [
      ['x', '{repo}-{archive}-{result}'],
      ['x', 'docs-2026-03-01_02:03:04-success'],
    ],
    [
      ['x', '--tag={repo}', '{repo}{repo}'],
      ['x', '--tag=docs', 'docsdocs'],
    ],
    [
      ['x', '{unknown}', '{ repo }', '{{repo}}'],
      ['x', '{unknown}', '{ repo }', '{docs}'],
    ],
    [
      ['sh', '-c', 'echo "$BORGBOI_REPO" {result}'],
      ['sh', '-c', 'echo "$BORGBOI_REPO" success'],
    ],
  ])('%j → %j', (argv, expected) => expect(substitute(argv, vars)).toEqual(expected));

  it('gives an empty {archive} before the archive exists', () => {
    expect(substitute(['x', 'a={archive}'], { ...vars, archive: null })).toEqual(['x', 'a=']);
  });

  it('does not re-substitute placeholders coming from a value', () => {
    expect(substitute(['{repo}'], { ...vars, repo: '{result}' })).toEqual(['{result}']);
  });
});

describe('hookEnv', () => {
  it('holds exactly the three BORGBOI_* variables', () => {
    expect(hookEnv({ ...vars, archive: null })).toEqual({
      BORGBOI_REPO: 'docs',
      BORGBOI_ARCHIVE: '',
      BORGBOI_RESULT: 'success',
    });
  });
});

describe('hookFailure', () => {
  const base: HookOutcome = {
    exitCode: 0,
    signal: null,
    timedOut: false,
    canceled: false,
    startError: null,
    tail: ['first', 'disk full'],
  };
  it.each<[Partial<HookOutcome>, string | null]>([
    [{}, null],
    [{ exitCode: 3 }, "hook sh -c 'exit 3' exited with 3 (last output: disk full)"],
    [{ exitCode: 1, tail: [] }, "hook sh -c 'exit 3' exited with 1"],
    [
      { exitCode: null, signal: 'SIGTERM', timedOut: true },
      "hook sh -c 'exit 3' timed out after 60 s (last output: disk full)",
    ],
    [
      { exitCode: null, signal: 'SIGKILL' },
      "hook sh -c 'exit 3' was killed by SIGKILL (last output: disk full)",
    ],
    [{ exitCode: null, canceled: true }, "hook sh -c 'exit 3' was stopped by the interrupt"],
    [
      { exitCode: null, startError: 'spawn nope ENOENT' },
      "hook sh -c 'exit 3' could not start: spawn nope ENOENT",
    ],
  ])('%j → %j', (patch, expected) => {
    expect(hookFailure(['sh', '-c', 'exit 3'], { ...base, ...patch }, 60_000)).toBe(expected);
  });
});

describe('commandText and the output tail', () => {
  it('quotes arguments with spaces or shell characters, cuts long commands', () => {
    expect(commandText(['pg_dump', '-f', '/var/backups/db.sql'])).toBe(
      'pg_dump -f /var/backups/db.sql',
    );
    expect(commandText(['sh', '-c', 'echo $X > y'])).toBe("sh -c 'echo $X > y'");
    expect(commandText(['x', 'a'.repeat(200)])).toHaveLength(120);
  });

  it('keeps the last TAIL_LINES lines, each cut to TAIL_LINE_CHARS', () => {
    const tail: string[] = [];
    for (let i = 0; i < TAIL_LINES + 5; i++) pushTail(tail, `line ${i}`);
    pushTail(tail, 'x'.repeat(TAIL_LINE_CHARS + 50));
    expect(tail).toHaveLength(TAIL_LINES);
    expect(tail[0]).toBe('line 6');
    expect(tail.at(-1)).toBe(`${'x'.repeat(TAIL_LINE_CHARS)}…`);
  });
});

describe('runHookList', () => {
  const lists = [
    ['one', '{repo}'],
    ['two', '{archive}'],
    ['three', '{result}'],
  ];
  const opts = { cwd: '/srv', timeoutMs: 5000 };

  it('runs every command in order with the placeholders, env, cwd and timeout', async () => {
    const runner = new FakeHookRunner();
    const res = await runHookList(runner, lists, vars, { ...opts, stopOnFailure: false });
    expect(runner.argvs()).toEqual([
      ['one', 'docs'],
      ['two', '2026-03-01_02:03:04'],
      ['three', 'success'],
    ]);
    expect(runner.calls[0]).toMatchObject({ cwd: '/srv', timeoutMs: 5000, env: hookEnv(vars) });
    expect(res).toMatchObject({ ran: 3, failures: [], canceled: false });
    expect(res.output).toEqual([
      '$ one docs',
      'ran one docs',
      '$ two 2026-03-01_02:03:04',
      'ran two 2026-03-01_02:03:04',
      '$ three success',
      'ran three success',
    ]);
  });

  it('stops at the first failure when asked (before_backup)', async () => {
    const runner = new FakeHookRunner();
    runner.answer('two', { exitCode: 4, tail: ['no space'] });
    const res = await runHookList(runner, lists, vars, { ...opts, stopOnFailure: true });
    expect(runner.argvs().map((a) => a[0])).toEqual(['one', 'two']);
    expect(res.failures).toEqual([
      'hook two 2026-03-01_02:03:04 exited with 4 (last output: no space)',
    ]);
  });

  it('runs the rest after a failure otherwise, listing every failure', async () => {
    const runner = new FakeHookRunner();
    runner.answer('one', { exitCode: 1 });
    runner.answer('three', { exitCode: 2 });
    const res = await runHookList(runner, lists, vars, { ...opts, stopOnFailure: false });
    expect(res.ran).toBe(3);
    expect(res.failures).toHaveLength(2);
  });

  it('stops after a command the interrupt stopped', async () => {
    const runner = new FakeHookRunner();
    runner.answer('one', { exitCode: null, canceled: true });
    const res = await runHookList(runner, lists, vars, { ...opts, stopOnFailure: false });
    expect(res).toMatchObject({ ran: 1, canceled: true });
  });
});
