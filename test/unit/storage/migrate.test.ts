import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MigrationRow } from '../../../src/storage/types.js';
import { useTempDirs } from '../../support/temp.js';
import { makeStore, only, snapshot } from './helpers.js';
import {
  PYTHON_METADATA,
  pythonDocument,
  writeA54,
  writeLegacy,
  pythonHome,
  STATS,
} from './python-fixtures.js';

const isPython = (k: string) =>
  k.startsWith('.borgboi_metadata') ||
  k.startsWith('.database') ||
  k.startsWith('data/repositories/') ||
  k === 'data/repositories_index.json' ||
  k === 'data/s3_stats_cache.json' ||
  k.endsWith('_excludes.txt');

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
