import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InterruptedError } from '../../../src/core/errors.js';
import { NOW, useHarness, type Harness } from '../../support/fakes/harness.js';

const harness = useHarness();
const ref = (name: string) => ({ kind: 'name' as const, name });
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The check kinds that ran (borg check or spot) in the last daily run. */
function ranChecks(h: Harness): string[] {
  const last = h.store.runLog.records.at(-1);
  return (last?.steps ?? [])
    .filter((s) => s.name.startsWith('check:') && s.result !== 'skipped')
    .map((s) => s.name.slice(6));
}

describe('checks on a cadence in backup daily', () => {
  it('runs each kind exactly when due over 15 days of dailies, after compact', async () => {
    const h = harness({
      config: {
        checks: [
          { kind: 'repository', frequency: '1 day' },
          { kind: 'archives', frequency: '1 week' },
          { kind: 'data', frequency: '2 weeks' },
          { kind: 'spot', frequency: 'never' },
        ],
      },
    });
    await h.addRepo('docs');
    const ran: Record<number, string[]> = {};
    for (let day = 0; day < 15; day++) {
      // The timer's randomized delay: some days fire up to 40 minutes earlier than the day before.
      h.clock.set(new Date(Date.parse(NOW) + day * DAY - (day % 3) * 20 * 60_000).toISOString());
      await h.orch.dailyBackup({ ref: ref('docs') });
      ran[day] = ranChecks(h);
    }
    const days = (kind: string) =>
      Object.keys(ran)
        .filter((d) => ran[Number(d)]!.includes(kind))
        .map(Number);
    expect(days('repository')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(days('archives')).toEqual([0, 7, 14]);
    expect(days('data')).toEqual([0, 14]);
    expect(days('spot')).toEqual([]);
    const last = h.store.runLog.records.at(-1);
    expect(last?.steps.map((s) => s.name)).toEqual([
      'resolve',
      'create',
      'prune',
      'compact',
      'check:repository',
      'check:archives',
      'check:data',
      'sync',
      'metadata',
      'table',
    ]);
    const borgChecks = h.borg.calls.filter((c) => c.verb === 'check').map((c) => c.opts);
    expect(borgChecks).toHaveLength(15 + 3 + 2);
  });

  it('records a check that is not due as skipped with the time it falls due', async () => {
    const h = harness({ config: { checks: [{ kind: 'data', frequency: '2 weeks' }] } });
    await h.addRepo('docs');
    await h.orch.dailyBackup({ ref: ref('docs') });
    h.clock.advance(DAY);
    const res = await h.orch.dailyBackup({ ref: ref('docs') });
    expect(res.steps.find((s) => s.name === 'check:data')).toEqual({
      name: 'check:data',
      result: 'skipped',
      duration_ms: 0,
      message: `not due until ${new Date(Date.parse(NOW) + 14 * DAY - HOUR).toISOString()}`,
    });
  });

  it('counts a `repo check` run by hand, so the daily does not repeat it', async () => {
    const h = harness({ config: { checks: [{ kind: 'data', frequency: '1 week' }] } });
    await h.addRepo('docs');
    await h.orch.checkRepo({ ref: ref('docs'), kind: 'data' });
    h.clock.advance(DAY);
    await h.orch.dailyBackup({ ref: ref('docs') });
    expect(ranChecks(h)).toEqual([]);
    h.clock.advance(6 * DAY);
    await h.orch.dailyBackup({ ref: ref('docs') });
    expect(ranChecks(h)).toEqual(['data']);
  });

  it('a failing borg check makes the daily partial (exit 3), skips the sync and runs again next time', async () => {
    const h = harness({
      online: true,
      config: { checks: [{ kind: 'repository', frequency: '1 week' }] },
    });
    const repo = await h.addRepo('docs');
    h.borg.stateAt(repo.path)!.corrupt = true;
    const res = await h.orch.dailyBackup({ ref: ref('docs') });
    expect(res).toMatchObject({ result: 'partial', exitCode: 3 });
    expect(res.error).toMatchObject({
      code: 'check-failed',
      message:
        'repository check failed: Data integrity error: Segment entry checksum mismatch [segment 26, offset 8]',
      hint: expect.stringContaining('borgboi repo check -n docs --kind repository'),
    });
    expect(res.steps.find((s) => s.name === 'sync')).toMatchObject({ result: 'skipped' });
    expect(h.remote.s3.calls).toEqual([]);
    expect((await h.store.metadata.getByName('docs'))?.last_backup).toBe(NOW);
    h.clock.advance(DAY);
    h.borg.stateAt(repo.path)!.corrupt = false;
    const next = await h.orch.dailyBackup({ ref: ref('docs') });
    expect(ranChecks(h)).toEqual(['repository']);
    expect(next).toMatchObject({ result: 'success', exitCode: 0 });
  });

  it('a spot check against a source changed after create fails listing the changed paths; S3 still syncs', async () => {
    const h = harness({
      online: true,
      config: { checks: [{ kind: 'spot', frequency: 'always', sample_size: 50 }] },
    });
    await h.addRepo('docs');
    h.borg.onCall('compact', () => {
      writeFileSync(join(h.target, 'docs', 'a.txt'), 'ALPHA\n');
      writeFileSync(join(h.target, 'sub', 'deep', 'c.bin'), 'longer than five bytes');
    });
    const res = await h.orch.dailyBackup({ ref: ref('docs') });
    expect(res).toMatchObject({ result: 'partial', exitCode: 3 });
    const a = join(h.target, 'docs', 'a.txt');
    const c = join(h.target, 'sub', 'deep', 'c.bin');
    expect(res.error?.message).toBe(
      `spot check failed: ${a}: content differs; ${c}: size differs (archive 5 B, source 22 B)`,
    );
    expect(res.steps.find((s) => s.name === 'check:spot')).toMatchObject({
      result: 'failed',
      output: [`${a}: content differs`, `${c}: size differs (archive 5 B, source 22 B)`],
    });
    expect(res.steps.find((s) => s.name === 'sync')).toMatchObject({ result: 'ok' });
    expect(h.remote.s3.calls.map((c) => c.op)).toContain('sync');
  });

  it('a spot check on an unchanged source passes', async () => {
    const h = harness({ config: { checks: [{ kind: 'spot', frequency: 'always' }] } });
    await h.addRepo('docs');
    const res = await h.orch.dailyBackup({ ref: ref('docs') });
    expect(res).toMatchObject({ result: 'success', exitCode: 0 });
    expect(ranChecks(h)).toEqual(['spot']);
  });

  it('a check that cannot run (borg error) is a failed check, and the next kind still runs', async () => {
    const h = harness({
      config: {
        checks: [
          { kind: 'archives', frequency: 'always' },
          { kind: 'spot', frequency: 'always' },
        ],
      },
    });
    await h.addRepo('docs');
    h.borg.failOn('check', 'lock-timeout', 1, 'Failed to create/acquire the lock');
    const res = await h.orch.dailyBackup({ ref: ref('docs') });
    expect(res).toMatchObject({ result: 'partial', exitCode: 3 });
    expect(res.error?.message).toBe(
      'archives check failed: could not run: Failed to create/acquire the lock',
    );
    expect(
      res.steps.filter((s) => s.name.startsWith('check:')).map((s) => [s.name, s.result]),
    ).toEqual([
      ['check:archives', 'failed'],
      ['check:spot', 'ok'],
    ]);
  });

  it('is skipped after an earlier failure, and an interrupt during a check stops the run', async () => {
    const h = harness({ config: { checks: [{ kind: 'data', frequency: 'always' }] } });
    await h.addRepo('docs');
    h.borg.failOn('compact', 'unknown', 1);
    const failed = await h.orch.dailyBackup({ ref: ref('docs') });
    expect(failed.steps.find((s) => s.name === 'check')).toMatchObject({
      result: 'skipped',
      message: 'skipped after an earlier failure',
    });
    const ac = new AbortController();
    h.borg.onCall('check', () => void ac.abort(new InterruptedError('SIGINT')));
    const res = await h.orch.dailyBackup({ ref: ref('docs'), signal: ac.signal });
    expect(res).toMatchObject({ result: 'interrupted', exitCode: 130 });
    expect(res.steps.find((s) => s.name === 'check:data')).toMatchObject({ result: 'interrupted' });
  });
});
