import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InterruptedError } from '../../../src/core/errors.js';
import type { WorkflowObserver } from '../../../src/core/orchestrator-api.js';
import { HOST, NOW, PASS, useHarness } from '../../support/fakes/harness.js';

const harness = useHarness();
const ref = (name: string) => ({ kind: 'name' as const, name });

describe('dailyBackup', () => {
  it('runs exactly create, prune, compact with the configured options and records the run', async () => {
    const h = harness();
    const repo = await h.addRepo('docs');
    const res = await h.orch.dailyBackup({ ref: ref('docs') });

    expect(h.borg.verbs()).toEqual(['create', 'prune', 'compact']);
    expect(res).toMatchObject({ repo: 'docs', result: 'success', exitCode: 0, error: null });
    expect(res.archive).toBe('2026-03-01_02:03:04');
    const create = h.borg.calls[0];
    expect(create?.opts).toMatchObject({
      repoPath: repo.path,
      archiveName: '2026-03-01_02:03:04',
      sources: [h.target],
      compression: 'zstd,6',
      excludeFrom: h.store.exclusions.repoFile('docs'),
      excludeCaches: true,
      excludeNodump: true,
      excludePatterns: [],
      checkpointInterval: 900,
    });
    for (const call of h.borg.calls) {
      expect(call.passphrase).toBe(PASS);
      expect(call.lockWait).toBe(10);
    }
    expect(res.stats).toMatchObject({ nfiles: 3, original_size: 6 + 12 + 5 });
    expect(res.steps.map((s) => [s.name, s.result])).toEqual([
      ['resolve', 'ok'],
      ['create', 'ok'],
      ['prune', 'ok'],
      ['compact', 'ok'],
      ['sync', 'skipped'],
      ['metadata', 'ok'],
      ['table', 'skipped'],
    ]);
  });

  it('saves last_backup and the repo stats from create --json (no borg info)', async () => {
    const h = harness();
    await h.addRepo('docs');
    await h.orch.dailyBackup({ ref: ref('docs') });
    const saved = await h.store.metadata.getByName('docs');
    expect(saved?.last_backup).toBe(NOW);
    expect(saved?.last_s3_sync).toBeNull();
    expect(saved?.metadata?.cache.stats.unique_csize).toBe(23);
    expect(saved?.metadata?.security_dir).toMatch(/security/);
    expect(h.borg.verbs()).not.toContain('info');
  });

  it('writes a running record first and the final record with the same id', async () => {
    const h = harness();
    await h.addRepo('docs');
    const res = await h.orch.dailyBackup({ ref: ref('docs') });
    const runs = h.store.runLog.records.filter((r) => r.command === 'backup daily');
    expect(runs.map((r) => [r.id, r.result])).toEqual([
      [res.runId, 'running'],
      [res.runId, 'success'],
    ]);
    expect(runs[1]).toMatchObject({
      repo: 'docs',
      hostname: HOST,
      archive: res.archive,
      archive_count: 1,
    });
    expect(runs[1]?.stats?.nfiles).toBe(3);
  });

  it('excludes the repo directory when it lies inside the backup target', async () => {
    const h = harness();
    const repo = await h.addRepo('all', { target: h.root });
    await h.orch.dailyBackup({ ref: ref('all') });
    expect(h.borg.calls[0]?.opts).toMatchObject({ excludePatterns: [`pp:${repo.path}`] });
  });

  it('retries once with a -2 suffix when the archive name is taken', async () => {
    const h = harness();
    await h.addRepo('docs');
    h.borg.failOn('create', 'archive-exists', 1);
    const res = await h.orch.dailyBackup({ ref: ref('docs') });
    expect(h.borg.calls.filter((c) => c.verb === 'create').map((c) => c.archive)).toEqual([
      '2026-03-01_02:03:04',
      '2026-03-01_02:03:04-2',
    ]);
    expect(res).toMatchObject({ exitCode: 0, archive: '2026-03-01_02:03:04-2' });
  });

  it('names the archive after --timestamp and passes it to borg', async () => {
    const h = harness();
    await h.addRepo('docs');
    const res = await h.orch.dailyBackup({ ref: ref('docs'), timestamp: '2025-12-24T18:00:00' });
    expect(res.archive).toBe('2025-12-24_18:00:00');
    expect(h.borg.calls[0]?.opts).toMatchObject({ timestamp: '2025-12-24T18:00:00' });
  });

  it('continues on borg warnings (rc 1) and lists them: exit 0, result warning', async () => {
    const h = harness();
    await h.addRepo('docs');
    h.borg.warnOn('create', '/data/x: file changed while we backed it up');
    const res = await h.orch.dailyBackup({ ref: ref('docs') });
    expect(h.borg.verbs()).toEqual(['create', 'prune', 'compact']);
    expect(res).toMatchObject({ exitCode: 0, result: 'warning' });
    expect(res.warnings).toEqual(['create: /data/x: file changed while we backed it up']);
    expect(res.steps.find((s) => s.name === 'create')).toMatchObject({
      result: 'warning',
      borg_rc: 1,
    });
  });

  it('treats a failing compact as partial: exit 3, metadata and run record saved', async () => {
    const h = harness({ online: true });
    await h.addRepo('docs');
    h.borg.failOn('compact');
    const res = await h.orch.dailyBackup({ ref: ref('docs') });
    expect(res).toMatchObject({ exitCode: 3, result: 'partial', archive: '2026-03-01_02:03:04' });
    expect(res.error?.message).toMatch(/compact failed/);
    expect(res.steps.find((s) => s.name === 'sync')).toMatchObject({ result: 'skipped' });
    expect(h.remote.s3.calls).toEqual([]);
    expect((await h.store.metadata.getByName('docs'))?.last_backup).toBe(NOW);
    expect(h.store.runLog.records.at(-1)).toMatchObject({ result: 'partial', id: res.runId });
    expect(await h.remote.table.getByName('docs')).toMatchObject({ last_backup: NOW });
  });

  it('skips compact after a failing prune and still saves (exit 3)', async () => {
    const h = harness();
    await h.addRepo('docs');
    h.borg.failOn('prune', 'lock-timeout');
    const res = await h.orch.dailyBackup({ ref: ref('docs') });
    expect(h.borg.verbs()).toEqual(['create', 'prune']);
    expect(res.exitCode).toBe(3);
    expect((await h.store.metadata.getByName('docs'))?.last_backup).toBe(NOW);
  });

  it('fails with exit 1 when create fails; the run is recorded, metadata untouched', async () => {
    const h = harness();
    await h.addRepo('docs');
    const before = await h.store.metadata.getByName('docs');
    h.borg.failOn('create');
    const res = await h.orch.dailyBackup({ ref: ref('docs') });
    expect(h.borg.verbs()).toEqual(['create']);
    expect(res).toMatchObject({ exitCode: 1, result: 'failed', archive: null });
    expect(res.error).toMatchObject({ code: 'borg' });
    expect(await h.store.metadata.getByName('docs')).toEqual(before);
    expect(h.store.runLog.records.at(-1)).toMatchObject({
      result: 'failed',
      error: { code: 'borg' },
    });
  });

  it('refuses to back up without an exclusions file (exit 2, nothing run or recorded)', async () => {
    const h = harness();
    await h.addRepo('docs');
    await h.store.exclusions.removeAll('docs');
    const before = h.store.dump();
    await expect(h.orch.dailyBackup({ ref: ref('docs') })).rejects.toMatchObject({
      code: 'validation',
      exitCode: 2,
      hint: expect.stringContaining('borgboi exclusions add -n docs'),
    });
    expect(h.borg.calls).toEqual([]);
    expect(h.store.dump()).toBe(before);
  });

  it('uses the shared excludes.txt when the repo has no file of its own', async () => {
    const h = harness();
    await h.addRepo('docs');
    await h.store.exclusions.removeAll('docs');
    h.store.exclusions.shared = ['*.tmp'];
    await h.orch.dailyBackup({ ref: ref('docs') });
    expect(h.borg.calls[0]?.opts).toMatchObject({
      excludeFrom: join(h.paths.baseDir, 'excludes.txt'),
    });
  });

  it('passes the observer borg handlers to every borg call and reports each step', async () => {
    const h = harness();
    await h.addRepo('docs');
    const events: string[] = [];
    const observer: WorkflowObserver = {
      borg: { onProgress: () => undefined },
      stepStarted: (e) => events.push(`start ${e.step}`),
      stepFinished: (e) => events.push(`${e.result} ${e.step}`),
    };
    await h.orch.dailyBackup({ ref: ref('docs'), observer });
    expect(h.borg.calls.every((c) => c.handlers === observer.borg)).toBe(true);
    expect(events).toEqual([
      'start resolve',
      'ok resolve',
      'start create',
      'ok create',
      'start prune',
      'ok prune',
      'start compact',
      'ok compact',
      'start sync',
      'skipped sync',
      'start metadata',
      'ok metadata',
      'start table',
      'skipped table',
    ]);
  });

  it('honours --no-prune and --no-compact', async () => {
    const h = harness();
    await h.addRepo('docs');
    const res = await h.orch.dailyBackup({ ref: ref('docs'), noPrune: true, noCompact: true });
    expect(h.borg.verbs()).toEqual(['create']);
    expect(res.steps.filter((s) => s.result === 'skipped').map((s) => s.message)).toEqual([
      '--no-prune',
      '--no-compact',
      'offline',
      'offline',
    ]);
  });

  it('moves a legacy DB passphrase into a key file on the way (notice, record saved)', async () => {
    const h = harness();
    const path = join(h.root, 'repos', 'old');
    await h.borg.seedRepo(path, { passphrase: 'from-the-db' });
    await h.store.metadata.upsert({
      ...(await h.addRepo('tmp')),
      name: 'old',
      path,
      passphrase: 'from-the-db',
      passphrase_file_path: null,
      passphrase_migrated: false,
    });
    await h.store.exclusions.add('old', '*.tmp');
    const notices: string[] = [];
    const res = await h.orch.dailyBackup({
      ref: ref('old'),
      observer: { notice: (m) => notices.push(m) },
    });
    expect(res.exitCode).toBe(0);
    expect(h.borg.calls[0]?.passphrase).toBe('from-the-db');
    expect(notices.join('\n')).toMatch(/moved the passphrase of 'old'/);
    expect(await h.store.metadata.getByName('old')).toMatchObject({ passphrase_migrated: true });
    expect(h.store.passphrases.keys.get('old')).toBe('from-the-db');
    expect(JSON.stringify(res)).not.toContain('from-the-db');
  });
});

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
