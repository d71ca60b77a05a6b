import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { PruneArchiveLine } from '../../../src/borg/types.js';
import type { ArchiveItem, DiffEntry, RetentionPolicy } from '../../../src/core/models/index.js';

/** What the fake borg keeps per repository (found on disk through the id in `<repo>/config`). */
export interface FakeArchive {
  name: string;
  id: string;
  start: string;
  items: ArchiveItem[];
  contents: Map<string, Buffer>;
}

export interface FakeRepoState {
  id: string;
  encryption: 'repokey' | 'repokey-blake2' | 'none';
  passphrase: string | null;
  /** Last path borg saw it at (a different path = "previously located at"). */
  location: string;
  /** False for an unencrypted repo this machine's borg has never opened. */
  known: boolean;
  archives: FakeArchive[];
  config: Map<string, string>;
  corrupt: boolean;
  locked: boolean;
}

export const hexId = (): string => randomBytes(32).toString('hex');

/** borg's JSON times: naive `YYYY-MM-DDTHH:MM:SS.ffffff` (we use UTC). */
export function naiveIso(d: Date, micros = '000000'): string {
  return `${d.toISOString().slice(0, 19)}.${micros}`;
}

function modeString(mode: number, type: string): string {
  const bits = 'rwxrwxrwx'.split('').map((c, i) => (mode & (1 << (8 - i)) ? c : '-'));
  return `${type === '-' ? '-' : type}${bits.join('')}`;
}

/** Snapshot of the sources as borg would store them; `pp:` excludes and CACHEDIR.TAG dirs skipped. */
export async function snapshot(
  sources: string[],
  excludePrefixes: string[],
): Promise<{ items: ArchiveItem[]; contents: Map<string, Buffer>; missing: string[] }> {
  const items: ArchiveItem[] = [];
  const contents = new Map<string, Buffer>();
  const missing: string[] = [];
  const skip = (p: string) => excludePrefixes.some((x) => p === x || p.startsWith(`${x}/`));
  const visit = async (abs: string): Promise<void> => {
    if (skip(abs)) return;
    const st = await lstat(abs);
    const type = st.isDirectory() ? 'd' : st.isSymbolicLink() ? 'l' : st.isFile() ? '-' : null;
    if (!type) return;
    if (type === 'd' && existsSync(join(abs, 'CACHEDIR.TAG'))) return;
    const path = abs.replace(/^\/+/, '');
    const link = type === 'l' ? await readlink(abs) : '';
    items.push({
      type,
      mode: modeString(st.mode, type),
      user: st.uid === 0 ? 'root' : String(st.uid),
      group: st.gid === 0 ? 'root' : String(st.gid),
      uid: st.uid,
      gid: st.gid,
      path,
      healthy: true,
      source: link,
      linktarget: link,
      flags: 0,
      mtime: naiveIso(st.mtime, String(Math.floor(st.mtimeMs * 1000) % 1_000_000).padStart(6, '0')),
      size: type === '-' ? st.size : 0,
    });
    if (type === '-') contents.set(path, await readFile(abs));
    if (type === 'd') for (const e of (await readdir(abs)).sort()) await visit(join(abs, e));
  };
  for (const s of sources) {
    if (existsSync(s)) await visit(s);
    else missing.push(s);
  }
  return { items, contents, missing };
}

function isoWeek(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const week = Math.ceil(((t.getTime() - Date.UTC(t.getUTCFullYear(), 0, 1)) / 864e5 + 1) / 7);
  return `${t.getUTCFullYear()}-${week}`;
}

const PERIODS: Array<[keyof RetentionPolicy, string, (d: Date) => string]> = [
  ['keep_daily', 'daily', (d) => d.toISOString().slice(0, 10)],
  ['keep_weekly', 'weekly', isoWeek],
  ['keep_monthly', 'monthly', (d) => d.toISOString().slice(0, 7)],
  ['keep_yearly', 'yearly', (d) => d.toISOString().slice(0, 4)],
];

/** borg 1.2's prune_split over the archives, newest first (times read as UTC). */
export function pruneSplit(
  archives: FakeArchive[],
  policy: RetentionPolicy,
): { kept: PruneArchiveLine[]; pruned: PruneArchiveLine[] } {
  const sorted = [...archives].sort((a, b) => (a.start < b.start ? 1 : a.start > b.start ? -1 : 0));
  const because = new Map<string, string>();
  for (const [key, rule, period] of PERIODS) {
    const n = policy[key];
    if (n <= 0) continue;
    let last: string | null = null;
    let count = 0;
    for (const a of sorted) {
      const p = period(new Date(`${a.start.slice(0, 19)}Z`));
      if (p === last) continue;
      last = p;
      if (because.has(a.id)) continue;
      count += 1;
      because.set(a.id, `${rule} #${count}`);
      if (count === n) break;
    }
  }
  const line = (a: FakeArchive): PruneArchiveLine => ({
    name: a.name,
    rule: because.get(a.id) ?? null,
    time: a.start,
    id: a.id,
  });
  return {
    kept: sorted.filter((a) => because.has(a.id)).map(line),
    pruned: sorted.filter((a) => !because.has(a.id)).map(line),
  };
}

const digest = (b: Buffer | undefined) =>
  createHash('sha256')
    .update(b ?? '')
    .digest('hex');

/** A small `borg diff`: added / removed / modified (by content) / mode changes per path. */
export function diffOf(a: FakeArchive, b: FakeArchive, contentOnly: boolean): DiffEntry[] {
  const before = new Map(a.items.map((i) => [i.path, i]));
  const after = new Map(b.items.map((i) => [i.path, i]));
  const out: DiffEntry[] = [];
  for (const [path, item] of after) {
    const old = before.get(path);
    if (!old) out.push({ path, changes: [{ type: 'added', size: item.size }] });
    else {
      const changes: DiffEntry['changes'] = [];
      if (item.type === '-' && digest(a.contents.get(path)) !== digest(b.contents.get(path))) {
        changes.push({ type: 'modified', added: item.size, removed: old.size });
      }
      if (!contentOnly && old.mode !== item.mode) {
        changes.push({ type: 'mode', old_mode: old.mode, new_mode: item.mode });
      }
      if (changes.length > 0) out.push({ path, changes });
    }
  }
  for (const [path, item] of before) {
    if (!after.has(path)) out.push({ path, changes: [{ type: 'removed', size: item.size }] });
  }
  return out;
}
