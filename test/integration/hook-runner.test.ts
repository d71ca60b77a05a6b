import { afterEach, describe, expect, it } from 'vitest';
import { createHookRunner, SECRET_ENV_NAMES, TAIL_LINES } from '../../src/ops/hook-runner.js';
import { useTempDirs } from '../support/temp.js';

const tmp = useTempDirs();
const runner = createHookRunner();
const run = (argv: string[], extra: { timeoutMs?: number; signal?: AbortSignal } = {}) =>
  runner.run({
    argv,
    env: { BORGBOI_REPO: 'docs' },
    cwd: tmp('bb-hook-'),
    timeoutMs: 10_000,
    ...extra,
  });

const saved = new Map<string, string | undefined>();
afterEach(() => {
  for (const [k, v] of saved) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  saved.clear();
});

describe('the real hook runner', () => {
  it('runs argv without a shell: metacharacters reach the program as text', async () => {
    const out = await run(['echo', 'a; touch /tmp/bb-should-not-exist', '$BORGBOI_REPO']);
    expect(out).toMatchObject({ exitCode: 0, startError: null });
    expect(out.tail).toEqual(['a; touch /tmp/bb-should-not-exist $BORGBOI_REPO']);
  });

  it('passes BORGBOI_* and the inherited env, but none of the passphrase variables', async () => {
    for (const name of SECRET_ENV_NAMES) {
      saved.set(name, process.env[name]);
      process.env[name] = 'hunter2-secret';
    }
    saved.set('BB_TEST_INHERITED', process.env.BB_TEST_INHERITED);
    process.env.BB_TEST_INHERITED = 'yes';
    const out = await run([
      'sh',
      '-c',
      'env | grep -c hunter2-secret; echo "$BORGBOI_REPO $BB_TEST_INHERITED ${BORG_PASSPHRASE-unset}"',
    ]);
    expect(out.tail).toEqual(['0', 'docs yes unset']);
  });

  it('runs in the given directory and reports the exit code with stdout and stderr interleaved', async () => {
    const cwd = tmp('bb-cwd-');
    const out = await runner.run({
      argv: ['sh', '-c', 'pwd; echo oops >&2; exit 7'],
      env: {},
      cwd,
      timeoutMs: 10_000,
    });
    expect(out).toMatchObject({ exitCode: 7, signal: null, timedOut: false });
    expect(out.tail).toEqual([cwd, 'oops']);
  });

  it('keeps only the tail of a chatty command', async () => {
    const out = await run([
      'sh',
      '-c',
      'i=0; while [ $i -lt 5000 ]; do echo "line $i"; i=$((i+1)); done',
    ]);
    expect(out.tail).toHaveLength(TAIL_LINES);
    expect(out.tail.at(-1)).toBe('line 4999');
  });

  it('says why a program could not start', async () => {
    const out = await run(['/nonexistent/bin/hook']);
    expect(out).toMatchObject({ exitCode: null, timedOut: false });
    expect(out.startError).toMatch(/ENOENT/);
  });

  it('stops a command at its timeout', async () => {
    const out = await run(['sleep', '30'], { timeoutMs: 200 });
    expect(out).toMatchObject({ exitCode: null, timedOut: true, signal: 'SIGTERM' });
  });

  it('stops a command when the abort signal fires', async () => {
    const ac = new AbortController();
    const pending = run(['sleep', '30'], { signal: ac.signal });
    setTimeout(() => ac.abort(), 100);
    expect(await pending).toMatchObject({ exitCode: null, canceled: true });
  });
});
