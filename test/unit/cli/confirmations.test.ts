import { describe, expect, it } from 'vitest';
import { runCmd } from './harness.js';

/** Destructive verbs: [argv, the orchestrator method that destroys, words the question has]. */
const destructive: Array<[string, string, RegExp]> = [
  ['repo delete -n alpha', 'deleteRepo', /Delete repository 'alpha' at \/srv\/borg\/alpha/],
  ['repo delete -p /srv/borg/alpha --delete-from-s3', 'deleteRepo', /'alpha'.*and its S3 copy/],
  [
    'backup delete -n alpha -a first',
    'deleteArchive',
    /Delete archive 'first' from repository 'alpha'/,
  ],
  ['s3 delete -n alpha', 'deleteFromS3', /Delete the S3 copy of 'alpha'/],
  ['repo check -n alpha --repair', 'checkRepo', /Repair repository 'alpha'/],
];

const methods = (r: Awaited<ReturnType<typeof runCmd>>) => r.orch.calls.map((c) => c.method);

describe('confirmations of destructive verbs', () => {
  it.each(destructive)(
    '%s without a TTY and without --yes: exit 2, nothing done',
    async (line, method, question) => {
      const r = await runCmd(line.split(' '));
      expect(r.code).toBe(2);
      expect(r.err).toMatch(question);
      expect(r.err).toMatch(/confirmation needed; pass --yes/);
      expect(methods(r)).toEqual(['resolveRepo']);
      expect(methods(r)).not.toContain(method);
    },
  );

  it.each(destructive)('%s --yes: runs, confirmed', async (line, method) => {
    const r = await runCmd([...line.split(' '), '--yes']);
    expect(r.code).toBe(0);
    const call = r.orch.calls.find((c) => c.method === method)!;
    expect(call.args[0]).toMatchObject({ confirmed: true });
  });

  it.each(destructive)('%s on a TTY, answered y: runs', async (line, method, question) => {
    const r = await runCmd(line.split(' '), { tty: true, stdin: 'y\n' });
    expect(r.code).toBe(0);
    expect(r.err).toMatch(question);
    expect(r.err).toMatch(/\[y\/N\]/);
    expect(methods(r)).toContain(method);
  });

  it.each(destructive)(
    '%s on a TTY, declined: exit 1 "aborted", nothing done',
    async (line, method) => {
      const r = await runCmd(line.split(' '), { tty: true, stdin: 'n\n' });
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/Error: aborted: .* not (deleted|repaired); nothing was changed/);
      expect(methods(r)).not.toContain(method);
    },
  );

  it.each([
    ['repo delete -n alpha --dry-run', 'deleteRepo'],
    ['backup delete -n alpha -a first --dry-run', 'deleteArchive'],
    ['s3 delete -n alpha --dry-run', 'deleteFromS3'],
  ])('%s asks nothing (a dry run changes nothing)', async (line, method) => {
    const r = await runCmd(line.split(' '));
    expect(r.code).toBe(0);
    expect(r.orch.calls.find((c) => c.method === method)!.args[0]).toMatchObject({
      dryRun: true,
      confirmed: false,
    });
  });

  it('an unknown repository fails before any question (exit 2)', async () => {
    const r = await runCmd(['repo', 'delete', '-n', 'nope'], { tty: true, stdin: 'y\n' });
    expect(r.code).toBe(2);
    expect(r.err).toBe("Error: repository 'nope' not found; see 'borgboi repo list'\n");
    expect(methods(r)).toEqual(['resolveRepo']);
  });

  it('--json cannot prompt: --yes is required even on a TTY', async () => {
    const r = await runCmd(['backup', 'delete', '-n', 'alpha', '-a', 'first', '--json'], {
      tty: true,
      stdin: 'y\n',
    });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out)).toMatchObject({ error: { code: 'confirmation-required' } });
  });
});
