import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NOW, PASS, useHarness } from '../../support/fakes/harness.js';

const harness = useHarness();
const ref = (name: string) => ({ kind: 'name' as const, name });

describe('resolveRepo', () => {
  it('finds a repo by name, by path (relative to cwd, trailing slash) and as the only one', async () => {
    const h = harness();
    const repo = await h.addRepo('docs');
    expect((await h.orch.resolveRepo(ref('docs'))).path).toBe(repo.path);
    expect((await h.orch.resolveRepo({ kind: 'path', path: 'repos/docs/' })).name).toBe('docs');
    expect((await h.orch.resolveRepo({ kind: 'default' })).name).toBe('docs');
  });

  it('refuses to guess between several repos of this host and names them', async () => {
    const h = harness();
    await h.addRepo('a');
    await h.addRepo('b');
    await expect(h.orch.resolveRepo({ kind: 'default' })).rejects.toMatchObject({
      code: 'usage',
      exitCode: 2,
      message: 'this host has 2 repositories (a, b); say which one',
      hint: 'pass -n NAME or -p PATH',
    });
  });

  it("ignores other hosts' repos for the default and refuses borg work on them", async () => {
    const h = harness();
    const repo = await h.addRepo('mine');
    await h.store.metadata.upsert({ ...repo, name: 'theirs', hostname: 'other' });
    expect((await h.orch.resolveRepo({ kind: 'default' })).name).toBe('mine');
    await expect(h.orch.listArchives({ ref: ref('theirs') })).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringContaining("belongs to host 'other'"),
    });
  });
});

describe('deleteRepo', () => {
  it('removes the borg repo, record, exclusions and key file (offline, never synced)', async () => {
    const h = harness();
    const repo = await h.addRepo('docs');
    const res = await h.orch.deleteRepo({ ref: ref('docs'), confirmed: true });
    expect(h.borg.verbs()).toEqual(['delete-repo']);
    expect(res).toMatchObject({
      removed: ['borg repo', 'metadata', 'exclusions', 'key file'],
      s3Deleted: null,
      warnings: [],
    });
    expect(existsSync(repo.path)).toBe(false);
    expect(await h.store.metadata.getByName('docs')).toBeNull();
    expect(h.store.exclusions.files.has('docs')).toBe(false);
    expect(h.store.passphrases.keys.has('docs')).toBe(false);
  });

  it('dry-run needs no confirmation and changes nothing', async () => {
    const h = harness();
    const repo = await h.addRepo('docs');
    const before = h.store.dump();
    const res = await h.orch.deleteRepo({ ref: ref('docs'), dryRun: true, confirmed: false });
    expect(h.borg.calls[0]).toMatchObject({ verb: 'delete-repo', opts: { dryRun: true } });
    expect(res.removed).toEqual(['borg repo', 'metadata', 'exclusions', 'key file']);
    expect(existsSync(repo.path)).toBe(true);
    expect(h.store.dump()).toBe(before);
  });

  it('keeps the key file while an S3 copy may remain (online) and says so', async () => {
    const h = harness({ online: true });
    await h.addRepo('docs');
    const res = await h.orch.deleteRepo({ ref: ref('docs'), confirmed: true });
    expect(res.removed).not.toContain('key file');
    expect(res.warnings.join()).toMatch(
      /kept the key file .*docs\.key: an S3 copy of 'docs' may remain/,
    );
    expect(h.store.passphrases.keys.has('docs')).toBe(true);
    expect(await h.remote.table.getByName('docs')).toBeNull();
  });

  it('keeps the key file offline when the repo was ever synced', async () => {
    const h = harness();
    const repo = await h.addRepo('docs');
    await h.store.metadata.upsert({ ...repo, last_s3_sync: NOW });
    await h.orch.deleteRepo({ ref: ref('docs'), confirmed: true });
    expect(h.store.passphrases.keys.has('docs')).toBe(true);
  });

  it('--delete-from-s3 removes the S3 copy first, then everything including the key', async () => {
    const h = harness({ online: true });
    await h.addRepo('docs');
    await h.orch.syncRepo({ ref: ref('docs') });
    const res = await h.orch.deleteRepo({ ref: ref('docs'), deleteFromS3: true, confirmed: true });
    expect(res.removed).toEqual(['s3', 'borg repo', 'metadata', 'exclusions', 'key file']);
    expect(res.s3Deleted).toBeGreaterThan(0);
    expect(h.remote.s3.objects.size).toBe(0);
    expect(await h.store.s3Stats.get('docs')).toBeNull();
  });

  it('changes nothing local when the S3 delete fails', async () => {
    const h = harness({ online: true });
    const repo = await h.addRepo('docs');
    h.remote.s3.failOn('deletePrefix');
    const before = h.store.dump();
    await expect(
      h.orch.deleteRepo({ ref: ref('docs'), deleteFromS3: true, confirmed: true }),
    ).rejects.toMatchObject({ code: 'aws' });
    expect(existsSync(repo.path)).toBe(true);
    expect(h.store.dump()).toBe(before);
  });

  it('cleans up the records of a repo whose directory is already gone', async () => {
    const h = harness();
    const repo = await h.addRepo('docs');
    await h.store.metadata.upsert({ ...repo, path: join(h.root, 'vanished') });
    const res = await h.orch.deleteRepo({ ref: ref('docs'), confirmed: true });
    expect(h.borg.calls).toEqual([]);
    expect(res.warnings[0]).toMatch(/no longer exists/);
    expect(await h.store.metadata.getByName('docs')).toBeNull();
  });
});

describe('moveRepo', () => {
  it('renames the directory, lets borg accept the new location once and updates the record', async () => {
    const h = harness();
    const repo = await h.addRepo('docs');
    const to = join(h.root, 'moved');
    const res = await h.orch.moveRepo({ ref: ref('docs'), to });
    expect(res).toEqual({ repo: 'docs', from: repo.path, to });
    expect(existsSync(repo.path)).toBe(false);
    expect(h.borg.calls).toMatchObject([{ verb: 'info', repo: to, allowRelocated: true }]);
    expect((await h.store.metadata.getByName('docs'))?.path).toBe(to);
    h.borg.calls.length = 0;
    expect((await h.orch.dailyBackup({ ref: ref('docs') })).exitCode).toBe(0);
    expect(h.borg.calls.every((c) => !c.allowRelocated)).toBe(true);
  });

  it('copies, verifies and removes across file systems (EXDEV)', async () => {
    const exdev = Object.assign(new Error('cross-device link'), { code: 'EXDEV' });
    const h = harness({ deps: { renameDir: () => Promise.reject(exdev) } });
    const repo = await h.addRepo('docs');
    await h.orch.dailyBackup({ ref: ref('docs') });
    const original = readFileSync(join(repo.path, 'config'), 'utf8');
    const to = join(h.root, 'other-disk');
    await h.orch.moveRepo({ ref: ref('docs'), to });
    expect(existsSync(repo.path)).toBe(false);
    expect(readFileSync(join(to, 'config'), 'utf8')).toBe(original);
    expect((await h.store.metadata.getByName('docs'))?.path).toBe(to);
  });
});

describe('renameRepo', () => {
  it('renames record, exclusions, key file and stats cache; the key path follows', async () => {
    const h = harness();
    await h.addRepo('old');
    await h.store.s3Stats.set('old', {
      total_size_bytes: 1,
      object_count: 1,
      last_modified: null,
      cached_at: NOW,
    });
    const res = await h.orch.renameRepo({ ref: ref('old'), to: 'new' });
    expect(res).toEqual({
      from: 'old',
      to: 'new',
      moved: ['metadata', 'exclusions', 'key file', 's3 stats'],
      s3Moved: null,
    });
    expect(await h.store.metadata.getByName('new')).toMatchObject({
      passphrase_file_path: h.store.passphrases.keyFilePath('new'),
    });
    expect(h.store.passphrases.keys.get('new')).toBe(PASS);
    expect((await h.orch.dailyBackup({ ref: ref('new') })).exitCode).toBe(0);
  });

  it('online: moves the S3 prefix first and renames the table item', async () => {
    const h = harness({ online: true });
    await h.addRepo('old');
    await h.orch.syncRepo({ ref: ref('old') });
    const res = await h.orch.renameRepo({ ref: ref('old'), to: 'new' });
    expect(res.s3Moved).toBeGreaterThan(0);
    expect([...h.remote.s3.objects.keys()].every((k) => k.startsWith('new/'))).toBe(true);
    expect(await h.remote.table.getByName('new')).not.toBeNull();
  });

  it('undoes the local steps (and the S3 move) when one fails', async () => {
    const h = harness({ online: true });
    await h.addRepo('old');
    await h.orch.syncRepo({ ref: ref('old') });
    h.store.exclusions.rename = () => Promise.reject(new Error('disk full'));
    await expect(h.orch.renameRepo({ ref: ref('old'), to: 'new' })).rejects.toThrow('disk full');
    expect(await h.store.metadata.getByName('old')).not.toBeNull();
    expect(await h.store.metadata.getByName('new')).toBeNull();
    expect([...h.remote.s3.objects.keys()].every((k) => k.startsWith('old/'))).toBe(true);
  });
});
