import { describe, expect, it } from 'vitest';
import { HOST, NOW, useHarness } from '../../support/fakes/harness.js';

const harness = useHarness();
const ref = (name: string) => ({ kind: 'name' as const, name });
const HOUR = 3_600_000;

describe('status', () => {
  it('shows last backup, result, age, size and archive count per repo', async () => {
    const h = harness();
    await h.addRepo('docs');
    await h.addRepo('idle');
    await h.orch.dailyBackup({ ref: ref('docs') });
    h.clock.advance(2 * HOUR);
    const res = await h.orch.status({});
    expect(res).toMatchObject({ source: 'local', maxAgeMs: null, stale: [] });
    expect(res.repos).toEqual([
      {
        name: 'docs',
        hostname: HOST,
        path: expect.any(String),
        last_backup: NOW,
        last_s3_sync: null,
        last_result: 'success',
        last_duration_ms: 0,
        age_ms: 2 * HOUR,
        stale: false,
        deduplicated_size: 23,
        archive_count: 1,
      },
      expect.objectContaining({ name: 'idle', last_backup: null, last_result: null, age_ms: null }),
    ]);
  });

  it('lists repos older than --max-age, and never-backed-up ones, as stale', async () => {
    const h = harness();
    await h.addRepo('docs');
    await h.addRepo('idle');
    await h.orch.dailyBackup({ ref: ref('docs') });
    h.clock.advance(25 * HOUR);
    expect((await h.orch.status({ maxAgeMs: 26 * HOUR })).stale).toEqual(['idle']);
    h.clock.advance(2 * HOUR);
    expect((await h.orch.status({ maxAgeMs: 26 * HOUR })).stale).toEqual(['docs', 'idle']);
  });

  it('shows a killed run as still running (its start record has no final record)', async () => {
    const h = harness();
    await h.addRepo('docs');
    await h.store.runLog.append({
      id: 'killed',
      command: 'backup daily',
      repo: 'docs',
      started_at: NOW,
      duration_ms: null,
      result: 'running',
      steps: [],
      warnings: [],
    });
    const [row] = (await h.orch.status({})).repos;
    expect(row).toMatchObject({ last_result: 'running', last_duration_ms: null });
  });

  it('reads every host from the table with --all-hosts (online); an old S3 copy is stale too', async () => {
    const h = harness({ online: true });
    const repo = await h.addRepo('docs');
    const far = { ...repo, hostname: 'elsewhere', last_backup: NOW, last_s3_sync: NOW };
    const earlier = new Date(Date.parse(NOW) - 2 * HOUR).toISOString();
    await h.remote.table.upsert({ ...far, name: 'far', path: '/far' });
    await h.remote.table.upsert({ ...far, name: 'unsynced', path: '/u', last_s3_sync: earlier });
    const res = await h.orch.status({ allHosts: true, maxAgeMs: HOUR });
    expect(res.source).toBe('table');
    expect(res.repos.map((r) => [r.name, r.hostname, r.stale])).toEqual([
      ['docs', HOST, true],
      ['far', 'elsewhere', false],
      ['unsynced', 'elsewhere', true],
    ]);
    expect((await h.orch.status({ maxAgeMs: HOUR })).stale).toEqual(['docs']);
  });

  it('previousRun is the newest finished daily of the repo', async () => {
    const h = harness();
    await h.addRepo('docs');
    expect(await h.orch.previousRun('docs')).toBeNull();
    const res = await h.orch.dailyBackup({ ref: ref('docs') });
    expect(await h.orch.previousRun('docs')).toMatchObject({ id: res.runId, result: 'success' });
  });
});
