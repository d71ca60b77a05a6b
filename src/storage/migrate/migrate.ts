import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../../core/errors.js';
import type { Repository } from '../../core/models/index.js';
import type { FileExclusionsStore } from '../exclusions-store.js';
import { fileSafeName, type StoreLayout } from '../layout.js';
import type { MetadataStore, MetadataTransaction } from '../metadata-store.js';
import { pathKey } from '../repo-index.js';
import type {
  MigrationReport,
  MigrationRow,
  PassphraseService,
  S3StatsCache,
  S3StatsEntry,
} from '../types.js';
import type { CommandRunner } from './command-runner.js';
import { toRepository, toStatsEntry } from './convert.js';
import {
  readA54,
  readLegacy,
  SOURCE_KINDS,
  type SourceData,
  type SourceKind,
} from './python-sources.js';
import { readSqlite } from './python-sqlite.js';

export interface MigrateContext {
  layout: StoreLayout;
  metadata: MetadataStore;
  passphrases: PassphraseService;
  exclusions: FileExclusionsStore;
  s3Stats: S3StatsCache;
  runCommand: CommandRunner;
}

interface Candidate {
  source: SourceKind;
  repo: Repository;
  stats: S3StatsEntry | null;
}

interface Run {
  ctx: MigrateContext;
  dryRun: boolean;
  warnings: string[];
  /** (path, host) keys taken by repos of this run (a dry run writes none to the index). */
  claimed: Map<string, string>;
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

/**
 * Imports Python borgboi's data: CURRENT SQLite > A54 JSON > LEGACY JSON when a name appears in
 * several layouts. Idempotent (a registered name is "already"), never deletes or changes the
 * old files; key files, exclusions and S3 stats are written before the record that refers to them.
 */
export async function migrateFromPython(
  ctx: MigrateContext,
  opts: { dryRun: boolean },
): Promise<MigrationReport> {
  // SQLite first: a WAL it cannot fold stops the migration before anything is written.
  const sources = [
    await readSqlite(ctx.layout, ctx.runCommand),
    await readA54(ctx.layout),
    await readLegacy(ctx.layout),
  ];
  const run: Run = {
    ctx,
    dryRun: opts.dryRun,
    warnings: sources.flatMap((s) => s.warnings),
    claimed: new Map(),
  };
  const { candidates, rows } = pickCandidates(sources, run.warnings);
  const planned = await ctx.metadata.transaction(async (tx) => {
    const out: MigrationRow[] = [];
    for (const c of candidates) out.push(await migrateOne(run, tx, c));
    return out;
  });
  rows.push(...planned);
  rows.sort(byReportOrder);
  return { dryRun: opts.dryRun, baseDir: ctx.layout.baseDir, rows, warnings: run.warnings };
}

/** Converts every document; the newest layout wins a name, the others become skipped rows. */
function pickCandidates(sources: SourceData[], warnings: string[]) {
  const rows: MigrationRow[] = [];
  const byName = new Map<string, Candidate>();
  const stats = newestStats(sources, warnings);
  for (const data of sources) {
    for (const f of data.failures) rows.push(skipped(f.name, f.source, f.reason));
    for (const src of data.repos) {
      const converted = toRepository(src);
      if (!converted.ok) {
        const name = typeof src.raw.name === 'string' ? src.raw.name : src.origin;
        rows.push(skipped(name, src.source, `${converted.reason} (${src.origin})`));
        continue;
      }
      warnings.push(...converted.warnings);
      const { repo } = converted;
      const winner = byName.get(repo.name);
      if (winner) {
        rows.push(skipped(repo.name, src.source, `superseded by the newer ${winner.source} copy`));
        continue;
      }
      byName.set(repo.name, { source: src.source, repo, stats: stats.get(repo.name) ?? null });
    }
  }
  return { candidates: [...byName.values()], rows };
}

/** Per repo name, the first usable S3 stats entry in layout precedence. */
function newestStats(sources: SourceData[], warnings: string[]): Map<string, S3StatsEntry> {
  const out = new Map<string, S3StatsEntry>();
  for (const data of sources) {
    for (const s of data.stats) {
      if (out.has(s.name)) continue;
      const entry = toStatsEntry(s.raw);
      if (entry) out.set(s.name, entry);
      else warnings.push(`'${s.name}': ignored an unusable S3 stats entry (${s.source})`);
    }
  }
  return out;
}

/** By name; for one name the imported row first, then the others newest layout first. */
function byReportOrder(a: MigrationRow, b: MigrationRow): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  const rank = (r: MigrationRow) =>
    (r.status === 'skipped' ? SOURCE_KINDS.length : 0) + SOURCE_KINDS.indexOf(r.source);
  return rank(a) - rank(b);
}

function skipped(name: string, source: SourceKind, reason: string): MigrationRow {
  return { name, source, status: 'skipped', reason, moved: [] };
}

async function migrateOne(run: Run, tx: MetadataTransaction, c: Candidate): Promise<MigrationRow> {
  const { repo, source } = c;
  try {
    fileSafeName(repo.name);
  } catch (e) {
    return skipped(repo.name, source, errorMessage(e));
  }
  const key = pathKey(repo.path, repo.hostname);
  const existing = tx.getByName(repo.name);
  if (existing) {
    if (pathKey(existing.path, existing.hostname) === key) {
      return { name: repo.name, source, status: 'already', moved: [] };
    }
    const reason = `the name is already used by ${existing.path} on ${existing.hostname}`;
    return skipped(repo.name, source, reason);
  }
  const holder = tx.getByPath(repo.path, repo.hostname)?.name ?? run.claimed.get(key);
  if (holder !== undefined) {
    return skipped(
      repo.name,
      source,
      `${repo.path} on ${repo.hostname} is registered as '${holder}'`,
    );
  }
  run.claimed.set(key, repo.name);
  const moved: string[] = [];
  const record = await movePassphrase(run, repo, moved);
  await moveExclusions(run, repo.name, moved);
  await moveStats(run, repo.name, c.stats, moved);
  if (!run.dryRun) tx.upsert(record);
  return { name: repo.name, source, status: run.dryRun ? 'would-migrate' : 'migrated', moved };
}

/** A DB-stored passphrase goes to the key file (the passphrase lifecycle's own migration). */
async function movePassphrase(run: Run, repo: Repository, moved: string[]): Promise<Repository> {
  const { passphrases } = run.ctx;
  const keyFile = passphrases.keyFilePath(repo.name);
  if (!repo.passphrase) {
    const has = await passphrases.exists(repo.name);
    return { ...repo, passphrase_file_path: has ? keyFile : null, passphrase_migrated: has };
  }
  if (run.dryRun) {
    if (!(await passphrases.exists(repo.name))) moved.push(`passphrase → ${keyFile}`);
    return repo;
  }
  const resolved = await passphrases.resolveExisting(repo, {});
  run.warnings.push(...resolved.warnings.filter((w) => !w.startsWith('moved the stored')));
  if (!resolved.migratedRepo) return repo;
  if (resolved.source === 'legacy-db') moved.push(`passphrase → ${keyFile}`);
  return resolved.migratedRepo;
}

async function moveExclusions(run: Run, name: string, moved: string[]): Promise<void> {
  const { exclusions, layout } = run.ctx;
  const sources = [
    layout.pythonExcludes(name),
    join(layout.a54ExclusionsDir, `${name}_excludes.txt`),
  ];
  const target = exclusions.repoFile(name);
  if (await exists(target)) return;
  for (const file of sources) {
    if (!(await exists(file))) continue;
    try {
      if (run.dryRun || (await exclusions.importFile(name, file))) {
        moved.push(`exclusions → ${target}`);
      }
    } catch (e) {
      run.warnings.push(`'${name}': could not copy ${file}: ${errorMessage(e)}`);
    }
    return;
  }
}

async function moveStats(run: Run, name: string, entry: S3StatsEntry | null, moved: string[]) {
  if (!entry || (await run.ctx.s3Stats.get(name))) return;
  if (!run.dryRun) await run.ctx.s3Stats.set(name, entry);
  moved.push('s3 stats');
}
