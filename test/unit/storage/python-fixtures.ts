import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import initSqlJs from 'sql.js';
import { storeLayout } from '../../../src/storage/layout.js';

/**
 * Builders for the three Python borgboi layouts (borgboi-python.md §2.5–2.7). The RepoInfo is
 * real `borg info --json` output plus the computed `*_gb` strings Python adds.
 */
const info = JSON.parse(readFileSync('test/fixtures/borg/info-repo.json', 'utf8'));
export const PYTHON_METADATA = {
  ...info,
  cache: { ...info.cache, total_size_gb: '0.00', total_csize_gb: '0.00', unique_csize_gb: '0.00' },
  archives: [],
};

export interface PyRepo {
  name: string;
  path: string;
  backup_target?: string;
  hostname?: string;
  os_platform?: string;
  last_backup?: string | null;
  passphrase?: string | null;
  passphrase_migrated?: boolean;
  retention_policy?: Record<string, number> | null;
}

/** The JSON document Python wrote (LEGACY `.borgboi_metadata/`, A54 `data/repositories/`). */
export function pythonDocument(r: PyRepo): Record<string, unknown> {
  return {
    path: r.path,
    backup_target: r.backup_target ?? `/home/${r.name}`,
    name: r.name,
    hostname: r.hostname ?? 'host-a',
    os_platform: r.os_platform ?? 'Linux',
    last_backup: r.last_backup ?? null,
    metadata: PYTHON_METADATA,
    safe_path: r.path,
    ...(r.passphrase === undefined ? {} : { passphrase: r.passphrase }),
    ...(r.passphrase_migrated === undefined ? {} : { passphrase_migrated: r.passphrase_migrated }),
    ...(r.retention_policy === undefined ? {} : { retention_policy: r.retention_policy }),
  };
}

function writeJson(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(value, null, 2));
}

export function writeLegacy(base: string, repos: PyRepo[]): void {
  for (const r of repos)
    writeJson(join(base, '.borgboi_metadata', `${r.name}.json`), pythonDocument(r));
}

export function writeA54(base: string, repos: PyRepo[], stats: Record<string, unknown> = {}): void {
  const index: Record<string, unknown> = {};
  for (const r of repos) {
    const file = join(base, 'data', 'repositories', `${r.name}.json`);
    writeJson(file, pythonDocument(r));
    index[r.name] = {
      name: r.name,
      path: r.path,
      hostname: r.hostname ?? 'host-a',
      metadata_file: file,
      last_updated: '2025-01-01T00:00:00',
    };
  }
  const now = '2025-01-01T00:00:00';
  writeJson(join(base, 'data', 'repositories_index.json'), {
    version: 1,
    repositories: index,
    last_updated: now,
  });
  writeJson(join(base, 'data', 's3_stats_cache.json'), {
    version: 1,
    repos: stats,
    last_updated: now,
  });
}

/** CURRENT's schema exactly as SQLAlchemy creates it (§2.7). */
export const SQLITE_SCHEMA = `
CREATE TABLE repositories (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  name VARCHAR(255) NOT NULL,
  path VARCHAR(1024) NOT NULL,
  backup_target VARCHAR(1024) NOT NULL,
  hostname VARCHAR(255) NOT NULL,
  os_platform VARCHAR(10) NOT NULL,
  last_backup DATETIME,
  metadata_json TEXT,
  retention_keep_daily INTEGER,
  retention_keep_weekly INTEGER,
  retention_keep_monthly INTEGER,
  retention_keep_yearly INTEGER,
  last_s3_sync DATETIME,
  created_at DATETIME,
  passphrase VARCHAR(512),
  passphrase_file_path VARCHAR(1024),
  passphrase_migrated BOOLEAN DEFAULT 0,
  updated_at DATETIME,
  CONSTRAINT uq_repo_path_hostname UNIQUE (path, hostname)
);
CREATE UNIQUE INDEX ix_repositories_name ON repositories (name);
CREATE INDEX ix_repositories_hostname ON repositories (hostname);
CREATE TABLE s3_stats_cache (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  repo_name VARCHAR(255) UNIQUE,
  total_size_bytes BIGINT DEFAULT 0,
  object_count INTEGER DEFAULT 0,
  last_modified DATETIME,
  cached_at DATETIME
);
CREATE TABLE backup_stage_timings (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  repo_name VARCHAR(255),
  stage_id VARCHAR(64),
  sync_enabled BOOLEAN,
  duration_ms BIGINT,
  succeeded BOOLEAN,
  completed_at DATETIME
);
CREATE INDEX ix_backup_stage_timings_repo_name ON backup_stage_timings (repo_name);
CREATE INDEX ix_backup_stage_timings_stage_id ON backup_stage_timings (stage_id);
CREATE INDEX ix_backup_stage_timings_succeeded ON backup_stage_timings (succeeded);
CREATE INDEX ix_backup_stage_timings_completed_at ON backup_stage_timings (completed_at);
CREATE TABLE schema_version (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  version INTEGER,
  applied_at DATETIME
);
INSERT INTO schema_version (version, applied_at) VALUES (1, '2025-01-01 00:00:00.000000');
`;

export interface SqlRepo extends PyRepo {
  retention?: [number | null, number | null, number | null, number | null];
  metadata_json?: string | null;
}

/** An INSERT for one repository row (SQLAlchemy text datetimes, 0/1 booleans). */
export function sqliteInsert(r: SqlRepo): string {
  const q = (v: string | number | null | undefined) =>
    v === null || v === undefined
      ? 'NULL'
      : typeof v === 'number'
        ? String(v)
        : `'${v.replaceAll("'", "''")}'`;
  const [d, w, m, y] = r.retention ?? [null, null, null, null];
  const meta = r.metadata_json === undefined ? JSON.stringify(PYTHON_METADATA) : r.metadata_json;
  return `INSERT INTO repositories (name, path, backup_target, hostname, os_platform, last_backup,
    metadata_json, retention_keep_daily, retention_keep_weekly, retention_keep_monthly,
    retention_keep_yearly, last_s3_sync, created_at, passphrase, passphrase_file_path,
    passphrase_migrated, updated_at) VALUES (${[
      q(r.name),
      q(r.path),
      q(r.backup_target ?? `/home/${r.name}`),
      q(r.hostname ?? 'host-a'),
      q(r.os_platform ?? 'Linux'),
      q(r.last_backup ?? null),
      q(meta),
      q(d),
      q(w),
      q(m),
      q(y),
      'NULL',
      q('2025-01-02 03:04:05.123456'),
      q(r.passphrase ?? null),
      'NULL',
      r.passphrase_migrated ? 1 : 0,
      q('2025-01-03 00:00:00.000000'),
    ].join(', ')});`;
}

export async function writeSqlite(base: string, repos: SqlRepo[], statsSql = ''): Promise<string> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.exec(SQLITE_SCHEMA);
  for (const r of repos) db.exec(sqliteInsert(r));
  if (statsSql) db.exec(statsSql);
  const file = join(base, '.database', 'borgboi.db');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, db.export());
  db.close();
  return file;
}

export const STATS = {
  total_size_bytes: 1234,
  object_count: 7,
  last_modified: '2025-01-01T00:00:00',
  cached_at: '2025-01-02T00:00:00',
};

/** A home with all three layouts, overlapping on the name `shared`. */
export async function pythonHome(tmp: () => string) {
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
