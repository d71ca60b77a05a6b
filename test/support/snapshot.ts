import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';

export type EntryType = 'file' | 'dir' | 'symlink' | 'other' | 'missing';

export interface SnapshotEntry {
  type: EntryType;
  /** Permission bits as octal text, e.g. `0600` (not for symlinks or missing paths). */
  mode?: string;
  size?: number;
  sha256?: string;
  /** Symlink target as stored (never followed). */
  target?: string;
  mtimeMs?: number;
}

/** Path → entry, keys in code-point order so two equal trees serialize identically. */
export type Snapshot = Record<string, SnapshotEntry>;

export interface SnapshotOptions {
  /** Record mtimes too (off by default: reads and rewrites of the same bytes are not changes). */
  mtimes?: boolean;
  /** Paths (absolute) to leave out; an ignored directory is not descended into. */
  ignore?: (path: string) => boolean;
  /** Key entries relative to their root (`.` for the root itself) instead of absolutely. */
  relative?: boolean;
}

export interface Change {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  /** Fields that differ (changed only), e.g. `['mode', 'sha256']`. */
  fields: Array<keyof SnapshotEntry>;
  before?: SnapshotEntry;
  after?: SnapshotEntry;
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

async function entryFor(path: string, mtimes: boolean): Promise<SnapshotEntry> {
  let st;
  try {
    st = await lstat(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { type: 'missing' };
    throw e;
  }
  const mode = (st.mode & 0o7777).toString(8).padStart(4, '0');
  const extra = mtimes ? { mtimeMs: st.mtimeMs } : {};
  if (st.isSymbolicLink()) return { type: 'symlink', target: await readlink(path), ...extra };
  if (st.isDirectory()) return { type: 'dir', mode, ...extra };
  if (st.isFile())
    return { type: 'file', mode, size: st.size, sha256: await sha256(path), ...extra };
  return { type: 'other', mode, ...extra };
}

/**
 * A deterministic picture of every path under dirs (the roots included; a missing root is
 * recorded as `missing`, so creating it later shows up as a change).
 */
export async function snapshotTree(
  dirs: string | readonly string[],
  opts: SnapshotOptions = {},
): Promise<Snapshot> {
  const entries: Array<[string, SnapshotEntry]> = [];
  for (const dir of typeof dirs === 'string' ? [dirs] : dirs) {
    const root = resolve(dir);
    const key = (p: string) => (opts.relative ? relative(root, p) || '.' : p);
    const visit = async (path: string): Promise<void> => {
      if (opts.ignore?.(path)) return;
      const entry = await entryFor(path, opts.mtimes ?? false);
      entries.push([key(path), entry]);
      if (entry.type !== 'dir') return;
      for (const name of (await readdir(path)).sort(byCodePoint)) await visit(join(path, name));
    };
    await visit(root);
  }
  entries.sort(([a], [b]) => byCodePoint(a, b));
  return Object.fromEntries(entries);
}

const FIELDS: ReadonlyArray<keyof SnapshotEntry> = [
  'type',
  'mode',
  'size',
  'sha256',
  'target',
  'mtimeMs',
];

/** What differs from a to b, sorted by path; an empty list means nothing changed. */
export function diffSnapshots(a: Snapshot, b: Snapshot): Change[] {
  const paths = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(byCodePoint);
  const changes: Change[] = [];
  for (const path of paths) {
    const before = a[path];
    const after = b[path];
    const existed = before !== undefined && before.type !== 'missing';
    const exists = after !== undefined && after.type !== 'missing';
    if (!existed && !exists) continue;
    if (!existed) changes.push({ path, kind: 'added', fields: [], after: after! });
    else if (!exists) changes.push({ path, kind: 'removed', fields: [], before });
    else {
      const fields = FIELDS.filter((f) => before[f] !== after![f]);
      if (fields.length > 0) changes.push({ path, kind: 'changed', fields, before, after: after! });
    }
  }
  return changes;
}

/** One line per change, for assertion messages: `changed /x/y (mode 0644 -> 0600)`. */
export function formatChanges(changes: readonly Change[]): string {
  return changes
    .map((c) => {
      if (c.kind !== 'changed') return `${c.kind} ${c.path}`;
      const detail = c.fields.map((f) => `${f} ${c.before?.[f]} -> ${c.after?.[f]}`).join(', ');
      return `changed ${c.path} (${detail})`;
    })
    .join('\n');
}
