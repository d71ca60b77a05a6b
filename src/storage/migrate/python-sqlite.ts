import { copyFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database, SqlValue } from 'sql.js';
import { BorgboiError, errorMessage } from '../../core/errors.js';
import type { StoreLayout } from '../layout.js';
import { isErrnoCode } from '../store-errors.js';
import type { CommandRunner } from './command-runner.js';
import { emptySource, type SourceData } from './python-sources.js';

type Row = Record<string, SqlValue>;

const sizeOf = (file: string) =>
  stat(file).then(
    (s) => s.size,
    () => -1,
  );

/**
 * CURRENT: `.database/borgboi.db` (or the early `<base>/borgboi.db`), read with sql.js. sql.js
 * sees only the main file, so a non-empty `-wal` (Python still running, or killed before a
 * checkpoint) is folded into a copy with the sqlite3 tool first; without that tool we stop
 * rather than import a partial view.
 */
export async function readSqlite(layout: StoreLayout, run: CommandRunner): Promise<SourceData> {
  const out = emptySource();
  let file = layout.sqliteFile;
  if ((await sizeOf(file)) < 0) file = layout.sqliteEarlyFile;
  if ((await sizeOf(file)) < 0) return out;
  const walSize = await sizeOf(`${file}-wal`);
  const bytes = walSize > 0 ? await foldWal(file, walSize, run) : await readFile(file);
  const { default: initSqlJs } = await import('sql.js');
  const SQL = await initSqlJs();
  const db = new SQL.Database(bytes);
  try {
    const repos = selectAll(db, 'repositories', file, out.warnings);
    repos.forEach((row, i) => {
      out.repos.push({
        source: 'sqlite',
        origin: `${file} (row ${i + 1})`,
        raw: rowToDocument(row),
      });
    });
    for (const row of selectAll(db, 's3_stats_cache', file, [])) {
      out.stats.push({ source: 'sqlite', name: String(row.repo_name), raw: statsRow(row) });
    }
  } finally {
    db.close();
  }
  return out;
}

function selectAll(db: Database, table: string, file: string, warnings: string[]): Row[] {
  let result;
  try {
    result = db.exec(`SELECT * FROM ${table} ORDER BY id`);
  } catch (e) {
    if (/no such table/.test(errorMessage(e))) {
      warnings.push(`${file} has no ${table} table`);
      return [];
    }
    throw new BorgboiError('io', `cannot read ${file}: ${errorMessage(e)}`, {
      hint: 'check the file with `sqlite3 <file> .tables`; it was left untouched',
      cause: e,
    });
  }
  const first = result[0];
  if (!first) return [];
  return first.values.map((values) =>
    Object.fromEntries(first.columns.map((c, i) => [c, values[i] ?? null])),
  );
}

async function foldWal(file: string, walSize: number, run: CommandRunner): Promise<Uint8Array> {
  const fail = (why: string) =>
    new BorgboiError(
      'io',
      `${file} has ${walSize} bytes of changes in ${file}-wal that cannot be read without the sqlite3 tool (${why})`,
      {
        hint: "install sqlite3 ('apt-get install sqlite3'), or run Python borgboi once and quit it, then re-run 'borgboi migrate'; nothing was imported",
      },
    );
  const dir = await mkdtemp(join(tmpdir(), 'borgboi-migrate-'));
  try {
    const copy = join(dir, 'borgboi.db');
    await copyFile(file, copy);
    await copyFile(`${file}-wal`, `${copy}-wal`);
    const r = await run('sqlite3', [copy, 'PRAGMA wal_checkpoint(TRUNCATE);']);
    if (r.notFound) throw fail('sqlite3 is not installed');
    if (r.exitCode !== 0) throw fail(`sqlite3 failed: ${r.stderr.trim() || `exit ${r.exitCode}`}`);
    if ((await sizeOf(`${copy}-wal`)) > 0) throw fail('the checkpoint left the WAL non-empty');
    return await readFile(copy);
  } catch (e) {
    if (e instanceof BorgboiError || !isErrnoCode(e, 'ENOENT')) throw e;
    throw fail(errorMessage(e));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** SQLAlchemy's naive `YYYY-MM-DD HH:MM:SS.ffffff` → ISO (kept naive, as Python's JSON wrote it). */
function isoOf(v: SqlValue): string | null {
  return typeof v === 'string' && v !== '' ? v.replace(' ', 'T') : null;
}

function jsonOf(v: SqlValue): unknown {
  if (typeof v !== 'string' || v === '') return null;
  try {
    return JSON.parse(v);
  } catch {
    return v; // left as text so validation reports it (and the field is dropped)
  }
}

function retentionOf(row: Row): Record<string, number> | null {
  const keys = ['daily', 'weekly', 'monthly', 'yearly'] as const;
  const values = keys.map((k) => row[`retention_keep_${k}`]);
  if (values.every((v) => v === null || v === undefined)) return null;
  return Object.fromEntries(keys.map((k, i) => [`keep_${k}`, Number(values[i] ?? 0)]));
}

function rowToDocument(row: Row): Record<string, unknown> {
  return {
    name: row.name,
    path: row.path,
    backup_target: row.backup_target,
    hostname: row.hostname,
    os_platform: row.os_platform,
    last_backup: isoOf(row.last_backup ?? null),
    last_s3_sync: isoOf(row.last_s3_sync ?? null),
    created_at: isoOf(row.created_at ?? null),
    updated_at: isoOf(row.updated_at ?? null),
    metadata: jsonOf(row.metadata_json ?? null),
    retention: retentionOf(row),
    passphrase: row.passphrase ?? null,
    passphrase_file_path: row.passphrase_file_path ?? null,
    passphrase_migrated: row.passphrase_migrated === 1,
  };
}

function statsRow(row: Row): Record<string, unknown> {
  return {
    total_size_bytes: Number(row.total_size_bytes ?? 0),
    object_count: Number(row.object_count ?? 0),
    last_modified: isoOf(row.last_modified ?? null),
    cached_at: isoOf(row.cached_at ?? null),
  };
}
