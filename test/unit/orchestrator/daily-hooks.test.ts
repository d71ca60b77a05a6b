import { describe, expect, it } from 'vitest';
import { InterruptedError } from '../../../src/core/errors.js';
import { FakeHookRunner } from '../../support/fakes/fake-ops.js';
import { PASS, useHarness } from '../../support/fakes/harness.js';

const harness = useHarness();
const ref = (name: string) => ({ kind: 'name' as const, name });
const ARCHIVE = '2026-03-01_02:03:04';

const HOOKS = {
  before_backup: [['pre', '{repo}', '{archive}', '{result}']],
  after_backup: [['post', '{repo}', '{archive}', '{result}']],
  on_error: [['err', '{repo}', '{archive}', '{result}']],
  on_recovered: [['back', '{repo}']],
};

function setup(hooks: Record<string, string[][]> = HOOKS, online = false) {
  const runner = new FakeHookRunner();
  const h = harness({ config: { hooks }, online, deps: { hooks: runner } });
  return { h, runner };
}

describe('daily hooks', () => {
  it('runs before_backup first and after_backup last, with placeholders, env and cwd', async () => {
    const { h, runner } = setup();
    await h.addRepo('docs');
    const res = await h.orch.dailyBackup({ ref: ref('docs') });
    expect(res).toMatchObject({ result: 'success', exitCode: 0 });
    expect(runner.argvs()).toEqual([
      ['pre', 'docs', '', 'running'],
      ['post', 'docs', ARCHIVE, 'success'],
    ]);
    expect(runner.calls.map((c) => c.env)).toEqual([
      { BORGBOI_REPO: 'docs', BORGBOI_ARCHIVE: '', BORGBOI_RESULT: 'running' },
      { BORGBOI_REPO: 'docs', BORGBOI_ARCHIVE: ARCHIVE, BORGBOI_RESULT: 'success' },
    ]);
    expect(runner.calls.every((c) => c.cwd === h.root && c.timeoutMs === 3_600_000)).toBe(true);
    expect(res.steps.map((s) => s.name)).toEqual([
      'resolve',
      'hooks:before',
      'create',
      'prune',
      'compact',
      'sync',
      'metadata',
      'table',
      'hooks:after',
    ]);
  });

  it('keeps the output tail of each hook list in the run record', async () => {
    const { h, runner } = setup();
    runner.answer('pre', { tail: ['snapshot created', 'mounted /mnt/snap'] });
    await h.addRepo('docs');
    await h.orch.dailyBackup({ ref: ref('docs') });
    const record = h.store.runLog.records.at(-1);
    expect(record?.steps.find((s) => s.name === 'hooks:before')).toMatchObject({
      result: 'ok',
      message: '1 command ran',
      output: ["$ pre docs '' running", 'snapshot created', 'mounted /mnt/snap'],
    });
  });

  it('a failing before_backup aborts the backup: exit 1, recorded, on_error runs, after does not', async () => {
    const { h, runner } = setup();
    runner.answer('pre', { exitCode: 2, tail: ['pg_dump: connection refused'] });
    await h.addRepo('docs');
    const res = await h.orch.dailyBackup({ ref: ref('docs') });
    expect(h.borg.verbs()).toEqual([]);
    expect(res).toMatchObject({ result: 'failed', exitCode: 1, archive: null });
    expect(res.error).toMatchObject({
      code: 'hook-failed',
      message:
        "before_backup hook pre docs '' running exited with 2 (last output: pg_dump: connection refused); the backup did not run",
    });
    expect(runner.argvs()).toEqual([
      ['pre', 'docs', '', 'running'],
      ['err', 'docs', '', 'failed'],
    ]);
    const record = h.store.runLog.records.at(-1);
    expect(record).toMatchObject({ result: 'failed', error: { code: 'hook-failed' } });
    expect(record?.steps.map((s) => [s.name, s.result])).toEqual([
      ['resolve', 'ok'],
      ['hooks:before', 'failed'],
      ['hooks:error', 'ok'],
    ]);
    expect((await h.store.metadata.getByName('docs'))?.last_backup).toBeNull();
  });

  it('stops the before_backup list at its first failure', async () => {
    const { h, runner } = setup({ before_backup: [['one'], ['two'], ['three']] });
    runner.answer('two', { exitCode: 1 });
    await h.addRepo('docs');
    await h.orch.dailyBackup({ ref: ref('docs') });
    expect(runner.argvs()).toEqual([['one'], ['two']]);
  });

  it('a failing after_backup is a warning: exit 0, result warning, the archive stays', async () => {
    const { h, runner } = setup();
    runner.answer('post', { exitCode: 5 });
    await h.addRepo('docs');
    const res = await h.orch.dailyBackup({ ref: ref('docs') });
    expect(res).toMatchObject({ result: 'warning', exitCode: 0, archive: ARCHIVE });
    expect(res.warnings).toEqual([
      `after_backup: hook post docs ${ARCHIVE} success exited with 5 (last output: ran post docs ${ARCHIVE} success)`,
    ]);
    expect(runner.argvs().map((a) => a[0])).toEqual(['pre', 'post']);
  });

  it('runs on_error (not after_backup) when create fails', async () => {
    const { h, runner } = setup();
    await h.addRepo('docs');
    h.borg.failOn('create');
    const res = await h.orch.dailyBackup({ ref: ref('docs') });
    expect(res.exitCode).toBe(1);
    expect(runner.argvs()).toEqual([
      ['pre', 'docs', '', 'running'],
      ['err', 'docs', '', 'failed'],
    ]);
  });

  it('runs after_backup and on_error on a partial run (the archive exists, compact failed)', async () => {
    const { h, runner } = setup();
    await h.addRepo('docs');
    h.borg.failOn('compact');
    const res = await h.orch.dailyBackup({ ref: ref('docs') });
    expect(res.exitCode).toBe(3);
    expect(runner.argvs().slice(1)).toEqual([
      ['post', 'docs', ARCHIVE, 'partial'],
      ['err', 'docs', ARCHIVE, 'partial'],
    ]);
  });

  it('a failing on_error is one more warning; the result stays failed', async () => {
    const { h, runner } = setup();
    runner.answer('err', { exitCode: null, startError: 'spawn err ENOENT' });
    await h.addRepo('docs');
    h.borg.failOn('create');
    const res = await h.orch.dailyBackup({ ref: ref('docs') });
    expect(res).toMatchObject({ result: 'failed', exitCode: 1 });
    expect(res.warnings).toEqual([
      "on_error: hook err docs '' failed could not start: spawn err ENOENT",
    ]);
  });

  it('after an interrupt runs on_error without the abort signal, and no after_backup', async () => {
    const { h, runner } = setup();
    await h.addRepo('docs');
    const ac = new AbortController();
    h.borg.onCall('prune', () => ac.abort(new InterruptedError('SIGTERM')));
    const res = await h.orch.dailyBackup({ ref: ref('docs'), signal: ac.signal });
    expect(res).toMatchObject({ result: 'interrupted', exitCode: 143 });
    expect(runner.argvs().slice(1)).toEqual([['err', 'docs', ARCHIVE, 'interrupted']]);
    expect(runner.calls[0]?.signal).toBe(ac.signal);
    expect(runner.calls[1]?.signal).toBeUndefined();
  });

  it('runs on_recovered exactly once, on the first good run after a failed one', async () => {
    const { h, runner } = setup({ on_recovered: [['back', '{repo}', '{result}']] });
    await h.addRepo('docs');
    const day = async () => {
      h.clock.advance(86_400_000);
      runner.calls.length = 0;
      const res = await h.orch.dailyBackup({ ref: ref('docs') });
      return [res.result, res.recovered, runner.argvs()];
    };
    expect(await day()).toEqual(['success', false, []]);
    h.borg.failOn('create', 'unknown', 1);
    expect(await day()).toEqual(['failed', false, []]);
    expect(await day()).toEqual(['success', true, [['back', 'docs', 'success']]]);
    expect(await day()).toEqual(['success', false, []]);
  });

  it('--all: a repo that cannot start gets its on_error, the others back up', async () => {
    const { h, runner } = setup({ on_error: [['err', '{repo}', '{result}']] });
    await h.addRepo('a');
    await h.addRepo('b');
    await h.store.exclusions.removeAll('a');
    const all = await h.orch.dailyBackupAll({});
    expect(all.results.map((r) => [r.repo, r.result])).toEqual([
      ['a', 'failed'],
      ['b', 'success'],
    ]);
    expect(runner.argvs()).toEqual([['err', 'a', 'failed']]);
    expect(h.store.runLog.records.find((r) => r.repo === 'a')?.steps.map((s) => s.name)).toEqual([
      'resolve',
      'hooks:error',
    ]);
  });

  it('never hands a hook the passphrase (argv or env)', async () => {
    const { h, runner } = setup();
    await h.addRepo('docs');
    await h.orch.dailyBackup({ ref: ref('docs') });
    h.borg.failOn('create');
    await h.orch.dailyBackup({ ref: ref('docs') });
    expect(runner.calls.length).toBeGreaterThan(2);
    expect(JSON.stringify(runner.calls)).not.toContain(PASS);
  });

  it('adds no hook steps when no hooks are configured', async () => {
    const { h, runner } = setup({});
    await h.addRepo('docs');
    const res = await h.orch.dailyBackup({ ref: ref('docs') });
    expect(runner.calls).toEqual([]);
    expect(res.steps.some((s) => s.name.startsWith('hooks:'))).toBe(false);
  });
});
