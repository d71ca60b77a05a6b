// Runs the CommonJS CLI bundle through vm.Script with V8's code cache (what v8-compile-cache
// does; Node 20 has no module.enableCompileCache): a run that finds the cache skips parsing and
// compiling every function an earlier run compiled. The cache is never required: a missing,
// unreadable, corrupt or rejected cache, or a cache dir we cannot write, just means no cache.
import { createHash } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** Distinct commands one cache learns (each new one rewrites it once); bounds the writes. */
export const MAX_LEARNED = 48;
const MAGIC = 'bbcc1';
/** Cache files kept per cache dir: a few installs or node versions side by side. */
export const KEEP_FILES = 4;

export interface CodeCacheInput {
  /** Absolute path of the CommonJS bundle. */
  bundle: string;
  /** Content hash of the bundle (computed by the build). */
  bundleHash: string;
  /** `$XDG_CACHE_HOME/borgboi` or `~/.cache/borgboi`; null: run without a cache. */
  cacheDir: string | null;
  /** What this run does, e.g. 'repo list': a command the cache has not seen yet updates it. */
  command: string;
  /** Node version, arch and V8 flags: V8 rejects a cache made under others. */
  runtime: string;
}

export interface CodeCacheRun {
  /** The cache file this run used or will write, null without a cache dir. */
  file: string | null;
  /** 'hit': cache accepted; 'miss': none; 'rejected': V8 or our header refused it. */
  status: 'hit' | 'miss' | 'rejected';
  /** Writes the cache when this run has something new to add (call at exit); never throws. */
  save(): void;
}

/** `$XDG_CACHE_HOME/borgboi`, else `$HOME/.cache/borgboi`; null when neither is set. */
export function codeCacheDir(env: Readonly<Record<string, string | undefined>>): string | null {
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && xdg.startsWith('/')) return join(xdg, 'borgboi');
  return env.HOME ? join(env.HOME, '.cache', 'borgboi') : null;
}

/** The learning key of an argv: up to two leading command words ('repo list', '--version'). */
export function commandKey(argv: readonly string[]): string {
  const words = argv.filter((a) => /^[a-z][a-z0-9-]*$/.test(a)).slice(0, 2);
  if (words.length > 0) return words.join(' ');
  return argv.find((a) => a === '--version' || a === '-V' || a === '--help' || a === '-h') ?? '';
}

interface CacheFile {
  commands: string[];
  data: Buffer;
}

/** [magic][u32 header length][header JSON][V8 data]; null when absent or malformed. */
function readCacheFile(file: string): CacheFile | 'corrupt' | null {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    return null;
  }
  try {
    if (buf.toString('latin1', 0, MAGIC.length) !== MAGIC) return 'corrupt';
    const len = buf.readUInt32LE(MAGIC.length);
    const start = MAGIC.length + 4;
    const header = JSON.parse(buf.toString('utf8', start, start + len)) as {
      commands?: unknown;
      size?: unknown;
    };
    const data = buf.subarray(start + len);
    const commands = header.commands;
    if (!Array.isArray(commands) || header.size !== data.length) return 'corrupt';
    return { commands: commands.map(String), data };
  } catch {
    return 'corrupt';
  }
}

/** temp + fsync + rename in a 0700 dir. */
function writeCacheFile(dir: string, file: string, commands: string[], data: Buffer): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const header = Buffer.from(JSON.stringify({ commands, size: data.length }));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length);
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    for (const part of [Buffer.from(MAGIC, 'latin1'), len, header, data]) writeSync(fd, part);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  pruneOldCaches(dir);
}

/** Keeps the KEEP_FILES newest caches (other installs or node versions), drops older ones. */
function pruneOldCaches(dir: string): void {
  const caches = readdirSync(dir)
    .filter((n) => n.startsWith('code-') && n.endsWith('.bin'))
    .map((n) => ({ path: join(dir, n), mtime: statSync(join(dir, n)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of caches.slice(KEEP_FILES)) unlinkSync(old.path);
}

/** Compiles and runs the bundle as a CommonJS module (with the cache when there is one). */
export function runBundle(input: CodeCacheInput): CodeCacheRun {
  const key = createHash('sha256').update(`${input.bundleHash}\0${input.runtime}`).digest('hex');
  const file = input.cacheDir ? join(input.cacheDir, `code-${key.slice(0, 32)}.bin`) : null;
  const found = file ? readCacheFile(file) : null;
  const cached = found === 'corrupt' ? null : found;
  const source = readFileSync(input.bundle, 'utf8');
  const script = new Script(wrap(source), {
    filename: input.bundle,
    ...(cached ? { cachedData: cached.data } : {}),
  });
  const rejected = found === 'corrupt' || (cached !== null && script.cachedDataRejected === true);
  const status = rejected ? 'rejected' : cached ? 'hit' : 'miss';
  const learned = status === 'hit' ? cached!.commands : [];
  const fresh = !learned.includes(input.command) && learned.length < MAX_LEARNED;
  const save = (): void => {
    if (!file || !input.cacheDir || !fresh) return;
    try {
      // Includes what this run compiled on top of what the cache held: the cache learns.
      const data = script.createCachedData();
      writeCacheFile(input.cacheDir, file, [...learned, input.command], data);
    } catch {
      // A cache we cannot write costs the next run its compile time, nothing else.
    }
  };
  const module = { exports: {} as unknown, filename: input.bundle };
  const fn = script.runInThisContext() as (...args: unknown[]) => void;
  fn.call(
    module.exports,
    module.exports,
    createRequire(input.bundle),
    module,
    input.bundle,
    dirname(input.bundle),
  );
  return { file, status, save };
}
