import { readdir, readFile } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import { errorMessage } from '../../core/errors.js';
import type { StoreLayout } from '../layout.js';
import { isErrnoCode } from '../store-errors.js';

/** The three Python borgboi layouts, newest first: the order of precedence. */
export const SOURCE_KINDS = ['sqlite', 'a54', 'legacy'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** One repository document found in a Python layout, not yet validated. */
export interface SourceRepo {
  source: SourceKind;
  /** Where it came from (file, or db file + row), for messages. */
  origin: string;
  raw: Record<string, unknown>;
}

export interface SourceStats {
  source: SourceKind;
  name: string;
  raw: unknown;
}

/** A repository document that could not be read at all (named after its file). */
export interface SourceFailure {
  source: SourceKind;
  name: string;
  reason: string;
}

export interface SourceData {
  repos: SourceRepo[];
  stats: SourceStats[];
  failures: SourceFailure[];
  warnings: string[];
}

export const emptySource = (): SourceData => ({ repos: [], stats: [], failures: [], warnings: [] });

async function listJson(dir: string): Promise<string[]> {
  try {
    const names = await readdir(dir);
    return names.filter((n) => n.endsWith('.json')).map((n) => join(dir, n));
  } catch (e) {
    if (isErrnoCode(e, 'ENOENT', 'ENOTDIR')) return [];
    throw e;
  }
}

/** Parses a JSON file; null when missing, a warning string when unreadable. */
async function readJson(file: string): Promise<{ value: unknown } | { error: string } | null> {
  try {
    return { value: JSON.parse(await readFile(file, 'utf8')) };
  } catch (e) {
    if (isErrnoCode(e, 'ENOENT')) return null;
    return { error: `${file}: ${errorMessage(e)}` };
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

async function readRepoFiles(files: string[], source: SourceKind, out: SourceData) {
  for (const file of files) {
    const r = await readJson(file);
    if (r === null) continue;
    const name = basename(file, '.json');
    if ('error' in r) out.failures.push({ source, name, reason: `unreadable ${r.error}` });
    else if (!isRecord(r.value))
      out.failures.push({ source, name, reason: `${file} is not an object` });
    else out.repos.push({ source, origin: file, raw: r.value });
  }
}

/** LEGACY: `.borgboi_metadata/{repo}.json`. */
export async function readLegacy(layout: StoreLayout): Promise<SourceData> {
  const out = emptySource();
  await readRepoFiles(await listJson(layout.legacyMetadataDir), 'legacy', out);
  return out;
}

/** A54: `data/repositories/*.json` (+ files the index names elsewhere) and the S3 stats cache. */
export async function readA54(layout: StoreLayout): Promise<SourceData> {
  const out = emptySource();
  const files = new Set(await listJson(layout.a54ReposDir));
  const index = await readJson(layout.a54IndexFile);
  if (index && 'error' in index) out.warnings.push(`ignored unreadable ${index.error}`);
  if (index && 'value' in index && isRecord(index.value) && isRecord(index.value.repositories)) {
    for (const entry of Object.values(index.value.repositories)) {
      const f = isRecord(entry) && typeof entry.metadata_file === 'string' && entry.metadata_file;
      if (!f) continue;
      const file = isAbsolute(f) ? f : join(layout.a54ReposDir, basename(f));
      if (!files.has(file) && (await readJson(file)) === null) {
        out.warnings.push(`${layout.a54IndexFile} names ${f}, which does not exist`);
      } else files.add(file);
    }
  }
  await readRepoFiles([...files].sort(), 'a54', out);
  const stats = await readJson(layout.a54StatsFile);
  if (stats && 'error' in stats) out.warnings.push(`ignored unreadable ${stats.error}`);
  if (stats && 'value' in stats && isRecord(stats.value) && isRecord(stats.value.repos)) {
    for (const [name, raw] of Object.entries(stats.value.repos)) {
      out.stats.push({ source: 'a54', name, raw });
    }
  }
  return out;
}
