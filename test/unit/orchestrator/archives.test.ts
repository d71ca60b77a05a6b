import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useHarness, type Harness } from '../../support/fakes/harness.js';

const harness = useHarness();
const ref = (name: string) => ({ kind: 'name' as const, name });

/** Dated archives: `backup run` with borg's --timestamp, names from the timestamp. */
async function dated(h: Harness, ...timestamps: string[]): Promise<void> {
  for (const timestamp of timestamps) await h.orch.backupRepo({ ref: ref('docs'), timestamp });
  h.borg.calls.length = 0;
}

describe('listing and inspecting archives', () => {
  it('lists newest first by start time, not by name', async () => {
    const h = harness();
    await h.addRepo('docs');
    await h.orch.backupRepo({
      ref: ref('docs'),
      archiveName: 'zzz-old',
      timestamp: '2026-01-01T00:00:00',
    });
    await h.orch.backupRepo({
      ref: ref('docs'),
      archiveName: 'aaa-new',
      timestamp: '2026-02-01T00:00:00',
    });
    const res = await h.orch.listArchives({ ref: ref('docs') });
    expect(res.archives.map((a) => a.name)).toEqual(['aaa-new', 'zzz-old']);
  });

  it('streams the contents of an archive and reports one archive', async () => {
    const h = harness();
    await h.addRepo('docs');
    await dated(h, '2026-01-01T00:00:00');
    const res = await h.orch.archiveContents({ ref: ref('docs'), archive: '2026-01-01_00:00:00' });
    const paths: string[] = [];
    for await (const item of res.items) paths.push(item.path);
    expect(paths).toContain(`${h.target.slice(1)}/docs/a.txt`);
    const info = await h.orch.archiveInfo({ ref: ref('docs'), archive: '2026-01-01_00:00:00' });
    expect(info.archive).toMatchObject({ name: '2026-01-01_00:00:00', stats: { nfiles: 3 } });
    expect(info.encryption.mode).toBe('repokey');
  });

  it('backup run makes one archive, records last_backup and a run, and does not prune', async () => {
    const h = harness();
    await h.addRepo('docs');
    const res = await h.orch.backupRepo({ ref: ref('docs'), archiveName: 'manual' });
    expect(h.borg.verbs()).toEqual(['create']);
    expect(res).toMatchObject({ archive: { name: 'manual' }, stats: { nfiles: 3 }, dryRun: false });
    expect(res.repo.last_backup).not.toBeNull();
    expect(h.store.runLog.records.at(-1)).toMatchObject({
      command: 'backup run',
      result: 'success',
    });
    const dry = await h.orch.backupRepo({ ref: ref('docs'), archiveName: 'dry', dryRun: true });
    expect(dry).toMatchObject({ archive: null, dryRun: true });
    expect(h.borg.calls[1]?.opts).toMatchObject({ dryRun: true });
  });
});

describe('findInArchives', () => {
  it('lists the archives holding a matching path, newest first, with size and mtime', async () => {
    const h = harness();
    await h.addRepo('docs');
    await dated(h, '2026-01-01T00:00:00');
    writeFileSync(join(h.target, 'docs', 'new.txt'), 'fresh');
    await dated(h, '2026-01-02T00:00:00');
    const res = await h.orch.findInArchives({ ref: ref('docs'), glob: '**/docs/*.txt' });
    expect(res.archivesSearched).toBe(2);
    expect(res.matches.map((m) => [m.archive, m.path.split('/').pop(), m.size])).toEqual([
      ['2026-01-02_00:00:00', 'a.txt', 6],
      ['2026-01-02_00:00:00', 'b.txt', 12],
      ['2026-01-02_00:00:00', 'new.txt', 5],
      ['2026-01-01_00:00:00', 'a.txt', 6],
      ['2026-01-01_00:00:00', 'b.txt', 12],
    ]);
    expect(res.matches[0]?.mtime).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('narrows the borg listing to the literal prefix and honours --limit', async () => {
    const h = harness();
    await h.addRepo('docs');
    await dated(h, '2026-01-01T00:00:00', '2026-01-02T00:00:00');
    const glob = `${h.target}/sub/*/c.bin`;
    const res = await h.orch.findInArchives({ ref: ref('docs'), glob, limit: 1 });
    expect(res.matches).toHaveLength(1);
    expect(h.borg.calls.filter((c) => c.verb === 'list-contents').map((c) => c.opts)).toEqual([
      { paths: [`${h.target.slice(1)}/sub`] },
    ]);
  });
});

describe('restoreArchive', () => {
  it('extracts into a new target directory (created) with selected paths', async () => {
    const h = harness();
    await h.addRepo('docs');
    await dated(h, '2026-01-01T00:00:00');
    const target = join(h.root, 'restore');
    const inArchive = `/${h.target.slice(1)}/docs`;
    const res = await h.orch.restoreArchive({
      ref: ref('docs'),
      archive: '2026-01-01_00:00:00',
      target,
      paths: [inArchive],
    });
    expect(res).toMatchObject({ target, dryRun: false, warnings: [] });
    expect(h.borg.calls[0]?.opts).toMatchObject({ target, paths: [inArchive.slice(1)] });
    expect(readFileSync(join(target, h.target, 'docs', 'a.txt'), 'utf8')).toBe('alpha\n');
  });

  it('restores into the current directory by default and writes into a non-empty one with force', async () => {
    const h = harness();
    await h.addRepo('docs');
    await dated(h, '2026-01-01T00:00:00');
    const res = await h.orch.restoreArchive({
      ref: ref('docs'),
      archive: '2026-01-01_00:00:00',
      force: true,
    });
    expect(res.target).toBe(h.root);
  });

  it('dry-run extracts nothing and creates no directory', async () => {
    const h = harness();
    await h.addRepo('docs');
    await dated(h, '2026-01-01T00:00:00');
    const target = join(h.root, 'nope');
    await h.orch.restoreArchive({
      ref: ref('docs'),
      archive: '2026-01-01_00:00:00',
      target,
      dryRun: true,
    });
    expect(h.borg.calls[0]?.opts).toMatchObject({ dryRun: true });
    expect(() => readFileSync(target)).toThrow();
  });
});

describe('diffArchives', () => {
  it('defaults to the two newest archives (older first) and summarises the changes', async () => {
    const h = harness();
    await h.addRepo('docs');
    await dated(h, '2026-01-01T00:00:00');
    writeFileSync(join(h.target, 'docs', 'a.txt'), 'alpha alpha\n');
    writeFileSync(join(h.target, 'docs', 'new.txt'), 'fresh');
    await dated(h, '2026-01-02T00:00:00', '2026-01-03T00:00:00');
    const res = await h.orch.diffArchives({ ref: ref('docs') });
    expect([res.archive1, res.archive2]).toEqual(['2026-01-02_00:00:00', '2026-01-03_00:00:00']);
    const explicit = await h.orch.diffArchives({
      ref: ref('docs'),
      archive1: '2026-01-01_00:00:00',
      archive2: '2026-01-03_00:00:00',
    });
    expect(explicit.summary).toEqual({
      added: 1,
      removed: 0,
      modified: 1,
      modeChanged: 0,
      bytesAdded: 12 + 5,
      bytesRemoved: 6,
    });
  });

  it('needs two archives', async () => {
    const h = harness();
    await h.addRepo('docs');
    await dated(h, '2026-01-01T00:00:00');
    await expect(h.orch.diffArchives({ ref: ref('docs') })).rejects.toMatchObject({
      code: 'validation',
      exitCode: 2,
    });
  });
});

describe('recreate, delete, prune', () => {
  it('recreates with excludes and recompression (config compression by default)', async () => {
    const h = harness();
    await h.addRepo('docs');
    await dated(h, '2026-01-01T00:00:00');
    await h.orch.recreateArchive({
      ref: ref('docs'),
      archive: '2026-01-01_00:00:00',
      excludes: ['*.bin'],
      recompress: true,
    });
    expect(h.borg.calls[0]?.opts).toEqual({
      excludes: ['*.bin'],
      recompress: 'if-different',
      compression: 'zstd,6',
      dryRun: false,
      listFiles: false,
    });
  });

  it('a compression alone recompresses to it; a dry run lists what would change', async () => {
    const h = harness();
    await h.addRepo('docs');
    await dated(h, '2026-01-01T00:00:00');
    const res = await h.orch.recreateArchive({
      ref: ref('docs'),
      archive: '2026-01-01_00:00:00',
      compression: 'lzma,3',
      dryRun: true,
    });
    expect(h.borg.calls[0]?.opts).toEqual({
      excludes: [],
      recompress: 'if-different',
      compression: 'lzma,3',
      dryRun: true,
      listFiles: true,
    });
    expect(res).toMatchObject({ dryRun: true, changes: [] });
  });

  it('deletes an archive, compacts and refreshes the stored stats', async () => {
    const h = harness();
    await h.addRepo('docs');
    await dated(h, '2026-01-01T00:00:00', '2026-01-02T00:00:00');
    const res = await h.orch.deleteArchive({
      ref: ref('docs'),
      archive: '2026-01-01_00:00:00',
      confirmed: true,
    });
    expect(res).toMatchObject({ compacted: true, dryRun: false });
    expect(h.borg.verbs()).toEqual(['delete-archive', 'compact', 'info']);
    expect((await h.store.metadata.getByName('docs'))?.metadata?.cache.stats.unique_csize).toBe(23);
  });

  it.each([
    [
      'repo',
      { keep_daily: 1, keep_weekly: 0, keep_monthly: 0, keep_yearly: 0 },
      {},
      ['2026-01-10_00:00:00'],
    ],
    [
      'config',
      null,
      { borg: { retention: { keep_daily: 2, keep_weekly: 0, keep_monthly: 0 } } },
      ['2026-01-10_00:00:00', '2026-01-09_00:00:00'],
    ],
    ['default', null, {}, null],
  ] as const)('prunes with the %s retention', async (source, retention, config, kept) => {
    const h = harness({ config: config as Record<string, unknown> });
    const repo = await h.addRepo('docs');
    if (retention) await h.store.metadata.upsert({ ...repo, retention: { ...retention } });
    await dated(h, '2026-01-08T00:00:00', '2026-01-09T00:00:00', '2026-01-10T00:00:00');
    const res = await h.orch.pruneRepo({ ref: ref('docs') });
    expect(res.policySource).toBe(source);
    expect(h.borg.calls[0]?.opts).toMatchObject({ policy: res.policy });
    if (kept) expect(res.prune.kept.map((k) => k.name)).toEqual(kept);
    else
      expect(res.policy).toEqual({
        keep_daily: 7,
        keep_weekly: 4,
        keep_monthly: 6,
        keep_yearly: 0,
      });
    h.borg.calls.length = 0;
    await h.orch.dailyBackup({ ref: ref('docs') });
    expect(h.borg.calls.find((c) => c.verb === 'prune')?.opts).toMatchObject({
      policy: res.policy,
    });
  });
});
