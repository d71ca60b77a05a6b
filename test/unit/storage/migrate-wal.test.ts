import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BorgboiError } from '../../../src/core/errors.js';
import type { CommandRunner } from '../../../src/storage/index.js';
import { useTempDirs } from '../../support/temp.js';
import { makeStore, only, snapshot } from './helpers.js';
import { writeSqlite } from './python-fixtures.js';

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
