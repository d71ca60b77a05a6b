import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
    expect(res).toMatchObject({ exitCode: 0, result: 'success', warnings: [] });
    expect(h.borg.calls[0]?.passphrase).toBe('from-the-db');
    expect(notices.join('\n')).toMatch(/moved the passphrase of 'old'/);
    expect(await h.store.metadata.getByName('old')).toMatchObject({ passphrase_migrated: true });
    expect(h.store.passphrases.keys.get('old')).toBe('from-the-db');
    expect(JSON.stringify(res)).not.toContain('from-the-db');
  });
});
