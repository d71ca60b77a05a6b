import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InterruptedError } from '../../../src/core/errors.js';
import { NOW, useHarness } from '../../support/fakes/harness.js';

const harness = useHarness();
const ref = (name: string) => ({ kind: 'name' as const, name });

describe('dailyBackup online', () => {
  it('syncs to S3 while holding the borg lock, then saves last_s3_sync and writes the table', async () => {
    const h = harness({ online: true });
    const repo = await h.addRepo('docs');
    let lockedDuringSync = false;
    h.remote.s3.onSync = (dir) => (lockedDuringSync = h.borg.stateAt(dir)?.locked ?? false);
    const res = await h.orch.dailyBackup({ ref: ref('docs') });
    expect(h.borg.verbs()).toEqual(['create', 'prune', 'compact', 'lock']);
    expect(lockedDuringSync).toBe(true);
    expect(h.borg.stateAt(repo.path)?.locked).toBe(false);
    expect(h.remote.s3.calls[0]).toMatchObject({ op: 'sync', prefix: 'docs', local: repo.path });
    expect(res).toMatchObject({ exitCode: 0, result: 'success' });
    const saved = await h.store.metadata.getByName('docs');
    expect(saved).toMatchObject({ last_backup: NOW, last_s3_sync: NOW });
    expect(await h.store.s3Stats.get('docs')).toMatchObject({ cached_at: NOW });
    expect(await h.remote.table.getByName('docs')).toEqual(saved);
  });

  it('gives exit 3 when the S3 sync fails; metadata and table still saved, lock released', async () => {
    const h = harness({ online: true });
    const repo = await h.addRepo('docs');
    h.remote.s3.failOn('sync');
    const res = await h.orch.dailyBackup({ ref: ref('docs') });
    expect(res).toMatchObject({ exitCode: 3, result: 'partial' });
    expect(h.borg.stateAt(repo.path)?.locked).toBe(false);
    expect(await h.store.metadata.getByName('docs')).toMatchObject({
      last_backup: NOW,
      last_s3_sync: null,
    });
    expect(await h.remote.table.getByName('docs')).toMatchObject({ last_backup: NOW });
  });

  it('gives exit 3 and a warning when the table write fails; the local record is kept', async () => {
    const h = harness({ online: true });
    await h.addRepo('docs');
    h.remote.table.failNext('upsert');
    const res = await h.orch.dailyBackup({ ref: ref('docs') });
    expect(res).toMatchObject({ exitCode: 3, result: 'partial' });
    expect(res.warnings.join('\n')).toMatch(/DynamoDB was not updated/);
    expect(await h.store.metadata.getByName('docs')).toMatchObject({
      last_backup: NOW,
      last_s3_sync: NOW,
    });
  });

  it('skips the sync with --no-s3-sync but still writes the table', async () => {
    const h = harness({ online: true });
    await h.addRepo('docs');
    const res = await h.orch.dailyBackup({ ref: ref('docs'), noS3Sync: true });
    expect(h.remote.s3.calls).toEqual([]);
    expect(res.steps.find((s) => s.name === 'sync')).toMatchObject({
      result: 'skipped',
      message: '--no-s3-sync',
    });
    expect(await h.remote.table.getByName('docs')).toMatchObject({ last_backup: NOW });
  });
});

describe('dailyBackup interrupted', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    'stops at %s during create: exit %i, run recorded, no later steps',
    async (sig, code) => {
      const h = harness();
      await h.addRepo('docs');
      const ac = new AbortController();
      h.borg.onCall('create', () => ac.abort(new InterruptedError(sig)));
      const res = await h.orch.dailyBackup({ ref: ref('docs'), signal: ac.signal });
      expect(h.borg.verbs()).toEqual(['create']);
      expect(res).toMatchObject({ exitCode: code, result: 'interrupted', archive: null });
      expect(h.store.runLog.records.at(-1)).toMatchObject({ result: 'interrupted', id: res.runId });
    },
  );

  it('after the archive exists: later steps skipped, last_backup still saved', async () => {
    const h = harness();
    await h.addRepo('docs');
    const ac = new AbortController();
    h.borg.onCall('prune', () => ac.abort(new InterruptedError('SIGINT')));
    const res = await h.orch.dailyBackup({ ref: ref('docs'), signal: ac.signal });
    expect(h.borg.verbs()).toEqual(['create', 'prune']);
    expect(res).toMatchObject({ exitCode: 130, result: 'interrupted' });
    expect(res.steps.find((s) => s.name === 'compact')).toMatchObject({
      result: 'skipped',
      message: 'interrupted',
    });
    expect((await h.store.metadata.getByName('docs'))?.last_backup).toBe(NOW);
  });
});

describe('dailyBackupAll', () => {
  it('backs up every repo of this host; broken ones do not stop the others', async () => {
    const h = harness();
    await h.addRepo('a-ok');
    const gone = await h.addRepo('b-gone');
    await h.addRepo('c-noexcl');
    await h.addRepo('d-ok');
    rmSync(gone.path, { recursive: true });
    await h.store.exclusions.removeAll('c-noexcl');
    const all = await h.orch.dailyBackupAll({});
    expect(all.results.map((r) => [r.repo, r.exitCode])).toEqual([
      ['a-ok', 0],
      ['b-gone', 1],
      ['c-noexcl', 2],
      ['d-ok', 0],
    ]);
    expect(all.exitCode).toBe(1);
    expect(
      h.store.runLog.records.filter((r) => r.repo === 'c-noexcl').map((r) => r.result),
    ).toEqual(['failed']);
    expect((await h.store.metadata.getByName('d-ok'))?.last_backup).toBe(NOW);
  });

  it('reports exit 3 when the worst outcome is partial', async () => {
    const h = harness();
    await h.addRepo('a');
    await h.addRepo('b');
    h.borg.failOn('compact', 'unknown', 1);
    const all = await h.orch.dailyBackupAll({});
    expect(all.results.map((r) => r.exitCode)).toEqual([3, 0]);
    expect(all.exitCode).toBe(3);
  });

  it('stops starting repos once interrupted and reports 130', async () => {
    const h = harness();
    await h.addRepo('a');
    await h.addRepo('b');
    const ac = new AbortController();
    h.borg.onCall('create', () => ac.abort(new InterruptedError('SIGINT')));
    const all = await h.orch.dailyBackupAll({ signal: ac.signal });
    expect(all.results.map((r) => r.repo)).toEqual(['a']);
    expect(all.exitCode).toBe(130);
  });

  it('says so when this host has no repository', async () => {
    const h = harness();
    await expect(h.orch.dailyBackupAll({})).rejects.toMatchObject({
      code: 'not-found',
      exitCode: 2,
    });
  });
});
