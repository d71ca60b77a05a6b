import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/**
 * Who holds a borg lock. borg 1.2 keeps `lock.exclusive/<host>@<hostid>.<pid>-<thread>` and a
 * `lock.roster` JSON next to it, in the repository and in the cache dir (borg-1.2.md §5).
 */
export interface LockHolder {
  host: string;
  pid: number;
  thread: number;
  /** When the holder took the lock (mtime of its file in lock.exclusive), if known. */
  since: Date | null;
}

const rosterSchema = z.object({
  exclusive: z.array(z.tuple([z.string(), z.number(), z.number()])).optional(),
  shared: z.array(z.tuple([z.string(), z.number(), z.number()])).optional(),
});

/** `Failed to create/acquire the lock /r/lock.exclusive (timeout).` → `/r/lock.exclusive`. */
export function lockPathFromMessage(message: string): string | null {
  const m = /the lock (.+?lock\.exclusive) \(timeout\)/.exec(message);
  return m ? m[1]! : null;
}

/** `vm@3281355014145.9065-0` → host `vm`, pid 9065, thread 0. */
export function parseLockFileName(name: string): Omit<LockHolder, 'since'> | null {
  const m = /^(.+)@(\d+)\.(\d+)-(\d+)$/.exec(name);
  return m ? { host: m[1]!, pid: Number(m[3]), thread: Number(m[4]) } : null;
}

function hostOf(hostId: string): string {
  const at = hostId.lastIndexOf('@');
  return at < 0 ? hostId : hostId.slice(0, at);
}

async function exclusiveHolders(lockDir: string): Promise<LockHolder[]> {
  let names: string[];
  try {
    names = await readdir(lockDir);
  } catch {
    return [];
  }
  const holders: LockHolder[] = [];
  for (const name of names) {
    const parsed = parseLockFileName(name);
    if (!parsed) continue;
    const since = await stat(join(lockDir, name)).then(
      (s) => s.mtime,
      () => null,
    );
    holders.push({ ...parsed, since });
  }
  return holders;
}

async function rosterHolders(rosterPath: string): Promise<LockHolder[]> {
  let text: string;
  try {
    text = await readFile(rosterPath, 'utf8');
  } catch {
    return [];
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  const roster = rosterSchema.safeParse(value);
  if (!roster.success) return [];
  const entries = [...(roster.data.exclusive ?? []), ...(roster.data.shared ?? [])];
  return entries.map(([id, pid, thread]) => ({ host: hostOf(id), pid, thread, since: null }));
}

/** Every holder named by `lock.exclusive/` or `lock.roster`, de-duplicated by host and pid. */
export async function readLockHolders(exclusiveDir: string): Promise<LockHolder[]> {
  const [excl, roster] = await Promise.all([
    exclusiveHolders(exclusiveDir),
    rosterHolders(join(dirname(exclusiveDir), 'lock.roster')),
  ]);
  const byKey = new Map<string, LockHolder>();
  for (const h of [...excl, ...roster]) {
    const key = `${h.host}/${h.pid}`;
    if (!byKey.has(key)) byKey.set(key, h);
  }
  return [...byKey.values()];
}

/**
 * Linux: a PID is alive while /proc/<pid> exists. Elsewhere we cannot tell without touching
 * `process`, so every PID counts as alive and no lock is ever broken automatically.
 */
export function procPidAlive(pid: number): boolean {
  if (!existsSync('/proc/self')) return true;
  return existsSync(`/proc/${pid}`);
}

/** Provably stale: held only by processes of this host that no longer exist. */
export function isStale(
  holders: readonly LockHolder[],
  hostname: string,
  isAlive: (pid: number) => boolean,
): boolean {
  return holders.length > 0 && holders.every((h) => h.host === hostname && !isAlive(h.pid));
}

function age(since: Date, now: Date): string {
  const s = Math.max(0, Math.round((now.getTime() - since.getTime()) / 1000));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} days`;
}

/** `host vm, PID 9065 (running), locked 12 min ago` for each holder. */
export function describeHolders(
  holders: readonly LockHolder[],
  hostname: string,
  isAlive: (pid: number) => boolean,
  now: Date,
): string {
  return holders
    .map((h) => {
      const state =
        h.host !== hostname ? 'on another host' : isAlive(h.pid) ? 'running' : 'not running';
      const since = h.since ? `, locked ${age(h.since, now)} ago` : '';
      return `host ${h.host}, PID ${h.pid} (${state})${since}`;
    })
    .join('; ');
}
