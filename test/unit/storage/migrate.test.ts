import { execFileSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BorgboiError } from '../../../src/core/errors.js';
import type { CommandRunner } from '../../../src/storage/index.js';
import { storeLayout } from '../../../src/storage/layout.js';
import type { MigrationRow } from '../../../src/storage/types.js';
import { useTempDirs } from '../../support/temp.js';
import { makeStore } from './helpers.js';
import {
  PYTHON_METADATA,
  pythonDocument,
  writeA54,
  writeLegacy,
  writeSqlite,
} from './python-fixtures.js';

/** Every file under dir: relative path → mode + content (dirs: mode only). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const s = lstatSync(p);
      const key = relative(dir, p);
      if (s.isDirectory()) {
        out[key] = `dir ${s.mode & 0o777}`;
        walk(p);
      } else out[key] = `${s.mode & 0o777} ${readFileSync(p, 'base64')}`;
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

const only = (snap: Record<string, string>, keep: (k: string) => boolean) =>
  Object.fromEntries(Object.entries(snap).filter(([k]) => keep(k)));
const isPython = (k: string) =>
  k.startsWith('.borgboi_metadata') ||
  k.startsWith('.database') ||
  k.startsWith('data/repositories/') ||
  k === 'data/repositories_index.json' ||
  k === 'data/s3_stats_cache.json' ||
  k.endsWith('_excludes.txt');

const STATS = {
  total_size_bytes: 1234,
  object_count: 7,
  last_modified: '2025-01-01T00:00:00',
  cached_at: '2025-01-02T00:00:00',
};

/** A home with all three layouts, overlapping on the name `shared`. */
async function pythonHome(tmp: () => string) {
  const home = tmp();
  const base = join(home, '.borgboi');
  writeLegacy(base, [
    { name: 'legacy-only', path: '/srv/legacy-only', last_backup: '2024-03-04T05:06:07' },
    { name: 'shared', path: '/srv/shared-legacy' },
  ]);
  writeFileSync(join(base, '.borgboi_metadata', 'broken.json'), '{"name": "broken",');
  writeFileSync(
    join(base, '.borgboi_metadata', 'nohost.json'),
    JSON.stringify({
      name: 'nohost',
      path: '/srv/nohost',
      backup_target: '/x',
      os_platform: 'Linux',
    }),
  );
  writeA54(
    base,
    [
      {
        name: 'a54-only',
        path: '/srv/a54-only',
        passphrase: 'a54-secret',
        passphrase_migrated: false,
        retention_policy: { keep_daily: 3, keep_weekly: 2, keep_monthly: 1, keep_yearly: 0 },
      },
      { name: 'shared', path: '/srv/shared-a54' },
    ],
    { 'a54-only': STATS },
  );
  await writeSqlite(
    base,
    [
      {
        name: 'sql-only',
        path: '/srv/sql-only',
        passphrase: 'sql-secret',
        retention: [9, null, null, 1],
      },
      { name: 'shared', path: '/srv/shared', os_platform: 'darwin', metadata_json: '{not json' },
    ],
    `INSERT INTO s3_stats_cache (repo_name, total_size_bytes, object_count, last_modified, cached_at)
     VALUES ('sql-only', 99, 2, '2025-02-01 00:00:00.000000', '2025-02-02 00:00:00.000000');`,
  );
  writeFileSync(join(base, 'legacy-only_excludes.txt'), '*.iso\nsh:**/node_modules\n');
  writeFileSync(join(base, 'sql-only_excludes.txt'), 're:^/tmp/\n');
  mkdirSync(join(base, 'data', 'exclusions'));
  writeFileSync(join(base, 'data', 'exclusions', 'a54-only_excludes.txt'), '*.bak\n');
  writeFileSync(join(base, 'excludes.txt'), '*.cache\n');
  return { home, base, layout: storeLayout(base) };
}

const row = (name: string, source: MigrationRow['source'], status: MigrationRow['status']) =>
  expect.objectContaining({ name, source, status });

describe('migrate from Python borgboi', () => {
  const tmp = useTempDirs();

  it('dry run reports what would move and writes nothing', async () => {
    const { home, base } = await pythonHome(tmp);
    const before = snapshot(base);
    const report = await makeStore(home).migrate({ dryRun: true });
    expect(snapshot(base)).toEqual(before);
    expect(report.dryRun).toBe(true);
    expect(report.rows.filter((r) => r.status === 'would-migrate').map((r) => r.name)).toEqual([
      'a54-only',
      'legacy-only',
      'shared',
      'sql-only',
    ]);
    const a54 = report.rows.find((r) => r.name === 'a54-only');
    expect(a54?.moved).toEqual([
      expect.stringMatching(/^passphrase → .*a54-only\.key$/),
      expect.stringMatching(/^exclusions → .*a54-only\.txt$/),
      's3 stats',
    ]);
  });

  it('imports all three layouts: newest layout wins a name, secrets move to key files', async () => {
    const { home, base, layout } = await pythonHome(tmp);
    const pythonBefore = only(snapshot(base), isPython);
    const store = makeStore(home);
    const report = await store.migrate({ dryRun: false });

    expect(report.rows).toEqual(
      [
        row('a54-only', 'a54', 'migrated'),
        expect.objectContaining({ name: 'broken', status: 'skipped' }),
        row('legacy-only', 'legacy', 'migrated'),
        expect.objectContaining({
          name: 'nohost',
          status: 'skipped',
          reason: expect.stringMatching(/hostname/),
        }),
        row('shared', 'sqlite', 'migrated'),
        expect.objectContaining({
          name: 'shared',
          source: 'a54',
          status: 'skipped',
          reason: 'superseded by the newer sqlite copy',
        }),
        expect.objectContaining({
          name: 'shared',
          source: 'legacy',
          status: 'skipped',
          reason: 'superseded by the newer sqlite copy',
        }),
        row('sql-only', 'sqlite', 'migrated'),
      ].filter((r) => r !== undefined),
    );
    expect(report.rows[1]?.reason).toMatch(/unreadable .*broken\.json/);
    expect(report.warnings).toContainEqual(
      expect.stringMatching(/'shared'.*dropped unusable field metadata/),
    );

    const repos = await store.metadata.list();
    expect(repos.map((r) => [r.name, r.path])).toEqual([
      ['a54-only', '/srv/a54-only'],
      ['legacy-only', '/srv/legacy-only'],
      ['shared', '/srv/shared'],
      ['sql-only', '/srv/sql-only'],
    ]);
    const byName = Object.fromEntries(repos.map((r) => [r.name, r]));
    expect(byName['legacy-only']).toMatchObject({
      last_backup: '2024-03-04T05:06:07',
      metadata: { cache: { stats: PYTHON_METADATA.cache.stats }, encryption: { mode: 'repokey' } },
      passphrase: null,
      passphrase_migrated: false,
    });
    expect(byName['legacy-only']?.metadata?.cache).not.toHaveProperty('unique_csize_gb');
    expect(byName['a54-only']).toMatchObject({
      retention: { keep_daily: 3, keep_weekly: 2, keep_monthly: 1, keep_yearly: 0 },
      passphrase: null,
      passphrase_migrated: true,
      passphrase_file_path: store.passphrases.keyFilePath('a54-only'),
    });
    expect(byName['sql-only']).toMatchObject({
      retention: { keep_daily: 9, keep_weekly: 0, keep_monthly: 0, keep_yearly: 1 },
      created_at: '2025-01-02T03:04:05.123456',
      passphrase: null,
      passphrase_migrated: true,
    });
    expect(byName.shared).toMatchObject({ os_platform: 'Darwin', metadata: null });

    for (const [name, secret] of [
      ['a54-only', 'a54-secret'],
      ['sql-only', 'sql-secret'],
    ]) {
      const keyFile = store.passphrases.keyFilePath(name as string);
      expect(readFileSync(keyFile, 'utf8')).toBe(secret);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    }
    expect(readFileSync(layout.indexFile, 'utf8')).not.toMatch(/a54-secret|sql-secret/);
    expect(await store.passphrases.exists('legacy-only')).toBe(false);

    expect((await store.exclusions.show('legacy-only')).lines).toEqual([
      '*.iso',
      'sh:**/node_modules',
    ]);
    expect(await store.exclusions.show('sql-only')).toMatchObject({
      source: 'repo',
      lines: ['re:^/tmp/'],
    });
    expect(await store.exclusions.show('a54-only')).toMatchObject({
      source: 'repo',
      lines: ['*.bak'],
    });
    expect(await store.exclusions.show('shared')).toMatchObject({ source: 'shared' });

    expect(await store.s3Stats.get('a54-only')).toEqual(STATS);
    expect(await store.s3Stats.get('sql-only')).toEqual({
      total_size_bytes: 99,
      object_count: 2,
      last_modified: '2025-02-01T00:00:00.000000',
      cached_at: '2025-02-02T00:00:00.000000',
    });
    expect(only(snapshot(base), isPython)).toEqual(pythonBefore);
  });

  it('a second run changes nothing and reports every repo as already migrated', async () => {
    const { home, base } = await pythonHome(tmp);
    await makeStore(home).migrate({ dryRun: false });
    const after = snapshot(base);
    const second = await makeStore(home).migrate({ dryRun: false });
    expect(snapshot(base)).toEqual(after);
    expect(second.rows.filter((r) => r.status === 'already').map((r) => r.name)).toEqual([
      'a54-only',
      'legacy-only',
      'shared',
      'sql-only',
    ]);
    expect(second.rows.every((r) => r.moved.length === 0)).toBe(true);
  });

  it('never takes a name or a path that borgboi already uses for another repository', async () => {
    const { home } = await pythonHome(tmp);
    const store = makeStore(home);
    const base = { backup_target: '/x', hostname: 'host-a', os_platform: 'Linux' as const };
    const taken = (name: string, path: string) => ({
      ...base,
      name,
      path,
      created_at: null,
      last_backup: null,
      last_s3_sync: null,
      metadata: null,
      retention: null,
      passphrase: null,
      passphrase_file_path: null,
      passphrase_migrated: false,
    });
    await store.metadata.upsert(taken('sql-only', '/srv/somewhere-else'));
    await store.metadata.upsert(taken('mine', '/srv/legacy-only'));
    const report = await store.migrate({ dryRun: false });
    expect(report.rows.find((r) => r.name === 'sql-only')).toMatchObject({
      status: 'skipped',
      reason: expect.stringMatching(/name is already used by \/srv\/somewhere-else/),
    });
    expect(report.rows.find((r) => r.name === 'legacy-only')).toMatchObject({
      status: 'skipped',
      reason: expect.stringMatching(/registered as 'mine'/),
    });
    expect(await store.passphrases.exists('sql-only')).toBe(false);
  });

  it('skips a name unusable as a file name; S3 stats may come from an older layout', async () => {
    const home = tmp();
    const base = join(home, '.borgboi');
    writeLegacy(base, [{ name: 'ok', path: '/srv/ok' }]);
    writeFileSync(
      join(base, '.borgboi_metadata', 'slash.json'),
      JSON.stringify({ ...pythonDocument({ name: 'a/b', path: '/srv/ab' }) }),
    );
    writeA54(base, [], { ok: STATS });
    const store = makeStore(home);
    const report = await store.migrate({ dryRun: false });
    expect(report.rows).toEqual([
      expect.objectContaining({
        name: 'a/b',
        status: 'skipped',
        reason: expect.stringMatching(/file name/),
      }),
      expect.objectContaining({ name: 'ok', status: 'migrated', moved: ['s3 stats'] }),
    ]);
    expect(await store.s3Stats.get('ok')).toEqual(STATS);
  });

  it('an empty home migrates nothing', async () => {
    const home = tmp();
    const report = await makeStore(home).migrate({ dryRun: false });
    expect(report).toMatchObject({ rows: [], warnings: [] });
  });
});

describe('migrate: SQLite with a non-empty WAL', () => {
  const tmp = useTempDirs();

  /** A database whose newest row lives only in `borgboi.db-wal` (as after a killed Python). */
  async function walHome() {
    const home = tmp();
    const base = join(home, '.borgboi');
    const db = await writeSqlite(base, [{ name: 'in-main', path: '/srv/in-main' }]);
    const script = [
      '.dbconfig no_ckpt_on_close on',
      'PRAGMA journal_mode=WAL;',
      "INSERT INTO repositories (name, path, backup_target, hostname, os_platform) VALUES ('in-wal', '/srv/in-wal', '/x', 'host-a', 'Linux');",
    ].join('\n');
    execFileSync('sqlite3', [db], { input: script, stdio: ['pipe', 'ignore', 'inherit'] });
    expect(statSync(`${db}-wal`).size).toBeGreaterThan(0);
    return { home, base, db };
  }

  it('folds the WAL into a copy with sqlite3 and imports every row; the originals stay as they were', async () => {
    const { home, base, db } = await walHome();
    const before = only(snapshot(base), (k) => k.startsWith('.database'));
    const report = await makeStore(home).migrate({ dryRun: false });
    expect(report.rows.map((r) => [r.name, r.status])).toEqual([
      ['in-main', 'migrated'],
      ['in-wal', 'migrated'],
    ]);
    expect(only(snapshot(base), (k) => k.startsWith('.database'))).toEqual(before);
    expect(existsSync(`${db}-wal`)).toBe(true);
  });

  it.each<[string, CommandRunner]>([
    [
      'sqlite3 is not installed',
      async () => ({ exitCode: null, stdout: '', stderr: '', notFound: true }),
    ],
    [
      'sqlite3 fails',
      async () => ({ exitCode: 1, stdout: '', stderr: 'database is locked', notFound: false }),
    ],
  ])('stops with a clear message when %s; nothing is imported', async (_w, runCommand) => {
    const { home, base } = await walHome();
    const before = snapshot(base);
    const err = await makeStore(home, { runCommand })
      .migrate({ dryRun: false })
      .catch((e: BorgboiError) => e);
    expect(err).toBeInstanceOf(BorgboiError);
    expect((err as BorgboiError).message).toMatch(/borgboi\.db-wal .*sqlite3/);
    expect((err as BorgboiError).hint).toMatch(/apt-get install sqlite3/);
    expect(snapshot(base)).toEqual(before);
  });
});
