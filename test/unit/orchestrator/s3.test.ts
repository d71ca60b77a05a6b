import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOST, NOW, PASS, useHarness } from '../../support/fakes/harness.js';

const harness = useHarness();
const ref = (name: string) => ({ kind: 'name' as const, name });

describe('S3 verbs (online)', () => {
  it('sync mirrors the repo under its name while holding the borg lock', async () => {
    const h = harness({ online: true });
    const repo = await h.addRepo('docs');
    let locked = false;
    h.remote.s3.onSync = (dir) => (locked = h.borg.stateAt(dir)?.locked ?? false);
    const res = await h.orch.syncRepo({ ref: ref('docs') });
    expect(locked).toBe(true);
    expect(h.borg.verbs()).toEqual(['lock']);
    expect(res.sync.uploaded.map((u) => u.key)).toContain('docs/config');
    expect(await h.store.metadata.getByName('docs')).toMatchObject({
      last_s3_sync: NOW,
      path: repo.path,
    });
    expect(await h.store.s3Stats.get('docs')).toMatchObject({
      object_count: res.sync.remote.object_count,
    });
    expect(await h.remote.table.getByName('docs')).toMatchObject({ last_s3_sync: NOW });
  });

  it('sync --dry-run uploads nothing and records nothing', async () => {
    const h = harness({ online: true });
    await h.addRepo('docs');
    const before = h.store.dump();
    const res = await h.orch.syncRepo({ ref: ref('docs'), dryRun: true });
    expect(res.sync.uploaded.length).toBeGreaterThan(0);
    expect(h.remote.s3.objects.size).toBe(0);
    expect(h.store.dump()).toBe(before);
  });

  it('sync --all tries every repo and names the ones that failed', async () => {
    const h = harness({ online: true });
    await h.addRepo('a');
    const b = await h.addRepo('b');
    await h.addRepo('c');
    rmSync(b.path, { recursive: true });
    const err = await h.orch.syncAll({}).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'aws',
      message: expect.stringMatching(/^s3 sync failed for 1 of 3 repositories: b \(/),
      details: { synced: ['a', 'c'] },
    });
    expect(await h.store.metadata.getByName('c')).toMatchObject({ last_s3_sync: NOW });
    expect(await h.orch.syncAll({}).catch(() => 'failed again')).toBe('failed again');
  });

  it('restore brings a repo from S3 onto a new machine and registers it here', async () => {
    const h = harness({ online: true });
    const repo = await h.addRepo('docs');
    await h.orch.dailyBackup({ ref: ref('docs') });
    await h.remote.table.upsert({ ...repo, hostname: 'old-laptop' });
    rmSync(repo.path, { recursive: true });
    await h.store.metadata.delete('docs');
    h.borg.calls.length = 0;

    const target = join(h.root, 'restored');
    const res = await h.orch.restoreRepoFromS3({
      ref: ref('docs'),
      target,
      passphrase: { cliValue: PASS },
    });
    expect(res).toMatchObject({ repo: 'docs', registered: true, restore: { target } });
    expect(existsSync(join(target, 'config'))).toBe(true);
    expect(h.borg.calls).toMatchObject([
      { verb: 'info', repo: target, allowRelocated: true, passphrase: PASS },
    ]);
    const local = await h.store.metadata.getByName('docs');
    expect(local).toMatchObject({ path: target, hostname: HOST });
    expect(await h.remote.table.getByName('docs')).toMatchObject({ path: target, hostname: HOST });
    expect(
      (await h.orch.dailyBackup({ ref: ref('docs'), passphrase: { cliValue: PASS } })).exitCode,
    ).toBe(0);
  });

  it('restore refuses to overwrite a repo that exists locally unless forced', async () => {
    const h = harness({ online: true });
    const repo = await h.addRepo('docs');
    await h.orch.syncRepo({ ref: ref('docs') });
    await expect(h.orch.restoreRepoFromS3({ ref: ref('docs') })).rejects.toMatchObject({
      code: 'validation',
      message: `repository 'docs' already exists locally at ${repo.path}`,
    });
    const forced = await h.orch.restoreRepoFromS3({ ref: ref('docs'), force: true });
    expect(forced.restore.skipped).toBeGreaterThan(0);
    const dry = await h.orch.restoreRepoFromS3({
      ref: ref('docs'),
      target: join(h.root, 'd'),
      dryRun: true,
    });
    expect(dry.registered).toBe(false);
    expect(existsSync(join(h.root, 'd'))).toBe(false);
  });

  it('verify restores into a scratch dir, checks the copy, removes it, and points borg back', async () => {
    const h = harness({ online: true });
    const repo = await h.addRepo('docs');
    await h.orch.syncRepo({ ref: ref('docs') });
    h.borg.calls.length = 0;
    const res = await h.orch.verifyS3({ ref: ref('docs') });
    expect(res).toMatchObject({ repo: 'docs', ok: true, check: { ok: true } });
    const [check, repoint] = h.borg.calls;
    expect(check).toMatchObject({ verb: 'check', opts: { kind: 'full' }, allowRelocated: true });
    expect(check?.repo).toMatch(/borgboi-verify-/);
    expect(repoint).toMatchObject({ verb: 'info', repo: repo.path, allowRelocated: true });
    expect(readdirSync(h.root).some((d) => d.startsWith('borgboi-verify-'))).toBe(false);
    expect((await h.orch.dailyBackup({ ref: ref('docs') })).exitCode).toBe(0);
  });

  it('stats come from the cache; --refresh reads the bucket and updates the cache', async () => {
    const h = harness({ online: true });
    await h.addRepo('docs');
    await h.orch.syncRepo({ ref: ref('docs') });
    const cached = await h.orch.s3Stats({});
    expect(cached).toMatchObject({
      refreshed: false,
      bucket: null,
      repos: { docs: { cached_at: NOW } },
    });
    h.clock.advance(60_000);
    const fresh = await h.orch.s3Stats({ refresh: true });
    expect(fresh.refreshed).toBe(true);
    expect(fresh.bucket?.byPrefix.docs?.object_count).toBe(cached.repos.docs?.object_count);
    expect(fresh.repos.docs?.cached_at).toBe('2026-03-01T02:04:04.000Z');
  });

  it('delete removes the prefix (confirmed), clears last_s3_sync; dry-run lists only', async () => {
    const h = harness({ online: true });
    await h.addRepo('docs');
    await h.orch.syncRepo({ ref: ref('docs') });
    const n = h.remote.s3.objects.size;
    const dry = await h.orch.deleteFromS3({ ref: ref('docs'), dryRun: true, confirmed: false });
    expect(dry).toMatchObject({ deleted: n, dryRun: true });
    expect(h.remote.s3.objects.size).toBe(n);
    await h.orch.deleteFromS3({ ref: ref('docs'), confirmed: true });
    expect(h.remote.s3.objects.size).toBe(0);
    expect(await h.store.metadata.getByName('docs')).toMatchObject({ last_s3_sync: null });
    expect(await h.store.s3Stats.get('docs')).toBeNull();
  });

  it('delete also works for a repo whose record is gone (the key file was kept for it)', async () => {
    const h = harness({ online: true });
    await h.addRepo('docs');
    await h.orch.syncRepo({ ref: ref('docs') });
    await h.orch.deleteRepo({ ref: ref('docs'), confirmed: true });
    const res = await h.orch.deleteFromS3({ ref: ref('docs'), confirmed: true });
    expect(res.deleted).toBeGreaterThan(0);
    expect(h.remote.s3.objects.size).toBe(0);
  });
});
