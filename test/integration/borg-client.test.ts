import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BorgEvent } from '../../src/borg/types.js';
import {
  archiveInfoResultSchema,
  archiveItemSchema,
  archiveListSchema,
  backupOptionsSchema,
  createResultSchema,
  diffEntrySchema,
  repoInfoSchema,
  restoreOptionsSchema,
} from '../../src/core/models/index.js';
import { Passphrase } from '../../src/core/secret.js';
import { CACHEDIR_TAG, collect, makeBorgClient, writeTree } from '../support/borg.js';

// One repository through its whole life, in the order a user meets the verbs.
describe('BorgClient against real borg: a repository from init to delete', () => {
  const root = mkdtempSync(join(tmpdir(), 'bb-borg-life-'));
  const src = join(root, 'src');
  const repo = join(root, 'repo');
  const excludes = join(root, 'excludes.txt');
  const borg = makeBorgClient(join(root, 'base'));
  const ctx = { passphrase: Passphrase.of('life-cycle passphrase') };
  const backup = (archiveName: string, timestamp: string) =>
    backupOptionsSchema.parse({
      repoPath: repo,
      archiveName,
      sources: [src],
      compression: 'zstd,3',
      excludeFrom: excludes,
      listFiles: true,
      timestamp,
    });
  const paths = async (archive: string) =>
    (await collect(borg.listContents(repo, archive, {}, ctx))).map((i) => i.path);
  const rel = (p: string) => join(src, p).slice(1);

  beforeAll(() => {
    writeTree(src, {
      'docs/a.txt': 'alpha v1\n',
      'docs/b.txt': 'bravo\n',
      'logs/app.log': 'excluded by absolute path\n',
      'logs/skip.tmp': 'excluded by *.tmp\n',
      'cache1/CACHEDIR.TAG': CACHEDIR_TAG,
      'cache1/big.bin': 'excluded with its cache dir\n',
    });
    writeFileSync(excludes, `*.tmp\n${join(src, 'logs/app.log')}\n`);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('init (repokey, quota) then borg config additional_free_space', async () => {
    const info = await borg.init(
      repo,
      { encryption: 'repokey', storageQuota: '1G', additionalFreeSpace: '10M' },
      ctx,
    );
    expect(info.rc).toBe(0);
    expect(await borg.getConfig(repo, 'additional_free_space', ctx)).toBe('10M');
    expect(await borg.getConfig(repo, 'storage_quota', ctx)).toBe('1000000000');
    expect(await borg.getConfig(repo, 'no_such_key', ctx)).toBe('');
  });

  it('create with exclusions: --json result, progress and file events', async () => {
    const events: BorgEvent[] = [];
    const handlers = {
      onProgress: (e: BorgEvent) => events.push(e),
      onFileStatus: (e: BorgEvent) => events.push(e),
    };
    const r = await borg.create(backup('a1', '2026-01-01T10:00:00'), { ...ctx, handlers });
    expect(r.rc).toBe(0);
    expect(createResultSchema.parse(r.result).archive.name).toBe('a1');
    expect(r.result.archive.stats.nfiles).toBe(2);
    expect(r.result.cache.stats.total_chunks).toBeGreaterThan(0);
    const files = events.flatMap((e) => (e.type === 'file_status' ? [e.path] : []));
    expect(files.sort()).toEqual([join(src, 'docs/a.txt'), join(src, 'docs/b.txt')]);
    expect(events.some((e) => e.type === 'archive_progress' && e.finished)).toBe(true);
  });

  it('list archives and archive contents (excluded paths absent)', async () => {
    const list = await borg.listArchives(repo, ctx);
    expect(archiveListSchema.parse(list.result).archives.map((a) => a.name)).toEqual(['a1']);
    const items = await collect(borg.listContents(repo, 'a1', {}, ctx));
    items.forEach((i) => archiveItemSchema.parse(i));
    const p = items.map((i) => i.path);
    expect(p).toEqual(expect.arrayContaining([rel('docs/a.txt'), rel('docs/b.txt'), rel('logs')]));
    expect(p.filter((x) => /skip\.tmp|app\.log|cache1/.test(x))).toEqual([]);
    const only = await collect(borg.listContents(repo, 'a1', { patterns: ['**/a.txt'] }, ctx));
    expect(only.map((i) => i.path)).toEqual([rel('docs/a.txt')]);
  });

  it('info of the repository and of an archive', async () => {
    const repoInfo = await borg.repoInfo(repo, ctx);
    expect(repoInfoSchema.parse(repoInfo.result).encryption.mode).toBe('repokey');
    const a = await borg.archiveInfo(repo, 'a1', ctx);
    expect(archiveInfoResultSchema.parse(a.result).archives[0]).toMatchObject({
      name: 'a1',
      start: '2026-01-01T10:00:00.000000',
      stats: { nfiles: 2 },
    });
  });

  it('diff between two archives', async () => {
    writeTree(src, { 'docs/a.txt': 'alpha v2, longer\n', 'docs/c.txt': 'charlie\n' });
    rmSync(join(src, 'docs/b.txt'));
    await borg.create(backup('a2', '2026-01-02T10:00:00'), ctx);
    const entries = await collect(borg.diff(repo, 'a1', 'a2', { contentOnly: true }, ctx));
    entries.forEach((e) => diffEntrySchema.parse(e));
    const byPath = Object.fromEntries(entries.map((e) => [e.path, e.changes.map((c) => c.type)]));
    expect(byPath).toEqual({
      [rel('docs/a.txt')]: ['modified'],
      [rel('docs/b.txt')]: ['removed'],
      [rel('docs/c.txt')]: ['added'],
    });
  });

  it('extract selected paths into a target, and one file to a byte stream', async () => {
    const target = join(root, 'restore');
    mkdirSync(target);
    const opts = restoreOptionsSchema.parse({
      repoPath: repo,
      archiveName: 'a2',
      target,
      paths: [rel('docs')],
    });
    expect((await borg.extract(opts, ctx)).rc).toBe(0);
    expect(readFileSync(join(target, rel('docs/c.txt')), 'utf8')).toBe('charlie\n');
    expect(existsSync(join(target, rel('logs')))).toBe(false);
    const chunks = await collect(borg.extractFile(repo, 'a1', rel('docs/a.txt'), ctx));
    expect(Buffer.concat(chunks).toString()).toBe('alpha v1\n');
  });

  it('prune: dry run lists, the real run removes (keep-daily 1)', async () => {
    const policy = { keep_daily: 1, keep_weekly: 0, keep_monthly: 0, keep_yearly: 0 };
    const dry = await borg.prune(repo, policy, { dryRun: true }, ctx);
    expect(dry).toMatchObject({ dryRun: true, pruned: [{ name: 'a1', rule: null }] });
    expect((await borg.listArchives(repo, ctx)).result.archives).toHaveLength(2);
    const real = await borg.prune(repo, policy, {}, ctx);
    expect(real.kept).toEqual([
      {
        name: 'a2',
        rule: 'daily #1',
        time: expect.stringMatching(/2026-01-02/),
        id: expect.any(String),
      },
    ]);
    expect(real.pruned.map((a) => a.name)).toEqual(['a1']);
    expect((await borg.listArchives(repo, ctx)).result.archives.map((a) => a.name)).toEqual(['a2']);
  });

  it('compact, then check (full and archives-only)', async () => {
    expect((await borg.compact(repo, ctx)).rc).toBe(0);
    const full = await borg.check(repo, { kind: 'full' }, ctx);
    expect(full).toMatchObject({ ok: true, rc: 0, problems: [] });
    expect(full.report).toEqual(expect.arrayContaining(['Starting repository check']));
    const archives = await borg.check(repo, { kind: 'archives' }, ctx);
    expect(archives.report.some((l) => /Archive consistency check complete/.test(l))).toBe(true);
  });

  it('recreate: exclude into a new archive, recompress in place', async () => {
    await borg.recreate(repo, 'a2', { excludes: ['*/c.txt'], target: 'a2-small' }, ctx);
    expect(await paths('a2-small')).not.toContain(rel('docs/c.txt'));
    const before = (await borg.archiveInfo(repo, 'a2', ctx)).result.archives[0]!.id;
    const r = await borg.recreate(repo, 'a2', { recompress: 'always', compression: 'lzma,1' }, ctx);
    expect(r.rc).toBe(0);
    expect((await borg.archiveInfo(repo, 'a2', ctx)).result.archives[0]!.id).not.toBe(before);
  });

  it.each([
    ['key', /^BORG_KEY [0-9a-f]+\n/],
    ['paper', /BORG PAPER KEY v1/],
    ['qr-html', /<html/],
  ] as const)('key export --%s', async (format, pattern) => {
    expect((await borg.exportKey(repo, { format }, ctx)).text).toMatch(pattern);
  });

  it('delete an archive, then the whole repository', async () => {
    await borg.deleteArchive(repo, 'a2-small', {}, ctx);
    expect((await borg.listArchives(repo, ctx)).result.archives.map((a) => a.name)).toEqual(['a2']);
    await borg.deleteRepo(repo, { dryRun: true }, ctx);
    expect(existsSync(join(repo, 'config'))).toBe(true);
    await borg.deleteRepo(repo, {}, ctx);
    expect(existsSync(repo)).toBe(false);
  });
});
