// Runs the CommonJS CLI bundle through vm.Script with V8's code cache (what v8-compile-cache
// does; Node 20 has no module.enableCompileCache): a run that finds the cache skips parsing and
// compiling every function an earlier run compiled. The cache is never required: a missing,
// unreadable, corrupt or rejected cache, or a cache dir we cannot write, just means no cache.
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
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import * as zlib from 'node:zlib';

/** Distinct commands one cache learns (each new one rewrites it once); bounds the writes. */
export const MAX_LEARNED = 48;
const MAGIC = 'bbcc1';
/** Cache files kept per cache dir: a few bundles, installs or node versions side by side. */
export const KEEP_FILES = 8;

export interface LoaderInput {
  /** `$XDG_CACHE_HOME/borgboi` or `~/.cache/borgboi`; null: run without a cache. */
  cacheDir: string | null;
  /** What this run does, e.g. 'repo list': a command a cache has not seen yet updates it. */
  command: string;
  /** Node version, arch and V8 flags: a cache made under others is not used. */
  runtime: string;
  /** Content hash of each bundle of the directory by file name (computed by the build). */
  hashes: Readonly<Record<string, string>>;
}

export type CacheStatus = 'hit' | 'miss' | 'rejected' | 'none';

export interface CodeCacheLoader {
  /**
   * Runs a bundle as a CommonJS module and returns its exports; its `require('./x.js')` of a
   * sibling bundle named in `hashes` goes through the cache too (once, like require).
   */
  load(file: string): unknown;
  /** 'hit': cache used; 'miss': none yet; 'rejected': corrupt or refused; 'none': no cache dir. */
  status(file: string): CacheStatus | undefined;
  /** The cache file of a bundle (null without a cache dir). */
  cacheFile(file: string): string | null;
  /** Writes the caches of bundles this run taught something new (call at exit); never throws. */
  save(): void;
}

/**
 * `$BORGBOI_CODE_CACHE` when set (empty or `off`: no cache), else `$XDG_CACHE_HOME/borgboi`,
 * else `$HOME/.cache/borgboi`; null when none is set.
 */
export function codeCacheDir(env: Readonly<Record<string, string | undefined>>): string | null {
  const own = env.BORGBOI_CODE_CACHE;
  if (own !== undefined) return own.startsWith('/') ? own : null;
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

interface Header {
  key: string;
  commands: string[];
  size: number;
  /** CRC-32 of the V8 data: release V8 builds do not checksum a code cache they load. */
  crc: number;
}

// zlib.crc32 is Node >= 20.15; without it the cache is not used (a bad cache could crash V8).
const crc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

/** FNV-1a, 32 bits: names the cache file (the header holds the full key; node:crypto is slow to load). */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** [magic][u32 header length][header JSON][V8 data]; null when absent, 'corrupt' when unusable. */
function readCacheFile(file: string, key: string): CacheFile | 'corrupt' | null {
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
    const header = JSON.parse(buf.toString('utf8', start, start + len)) as Partial<Header>;
    const data = buf.subarray(start + len);
    const { commands } = header;
    if (header.key !== key || header.size !== data.length || !Array.isArray(commands)) {
      return 'corrupt';
    }
    if (header.crc !== crc32!(data)) return 'corrupt';
    return { commands: commands.map(String), data };
  } catch {
    return 'corrupt';
  }
}

/** temp + fsync + rename in a 0700 dir. */
function writeCacheFile(dir: string, file: string, header: Header, data: Buffer): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const head = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(head.length);
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    for (const part of [Buffer.from(MAGIC, 'latin1'), len, head, data]) writeSync(fd, part);
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

interface Loaded {
  exports: unknown;
  status: CacheStatus;
  cacheFile: string | null;
  save: () => void;
}

/** Compiles one bundle (with its cache when there is one) and runs it as a CommonJS module. */
function runOne(input: LoaderInput, file: string, requireOf: (file: string) => NodeJS.Require) {
  const hash = input.hashes[basename(file)];
  const key = `${hash}\0${input.runtime}`;
  const cacheFile =
    input.cacheDir && hash && crc32 ? join(input.cacheDir, `code-${shortHash(key)}.bin`) : null;
  const found = cacheFile ? readCacheFile(cacheFile, key) : null;
  const cached = found === 'corrupt' ? null : found;
  const script = new Script(wrap(readFileSync(file, 'utf8')), {
    filename: file,
    ...(cached ? { cachedData: cached.data } : {}),
  });
  const rejected = found === 'corrupt' || (cached !== null && script.cachedDataRejected === true);
  const status: CacheStatus = !cacheFile ? 'none' : rejected ? 'rejected' : cached ? 'hit' : 'miss';
  const learned = status === 'hit' ? cached!.commands : [];
  const fresh = !learned.includes(input.command) && learned.length < MAX_LEARNED;
  const save = (): void => {
    if (!cacheFile || !input.cacheDir || !fresh) return;
    try {
      // Holds what this run compiled on top of what the cache held: the cache learns.
      const data = script.createCachedData();
      const commands = [...learned, input.command];
      const header = { key, commands, size: data.length, crc: crc32!(data) };
      writeCacheFile(input.cacheDir, cacheFile, header, data);
    } catch {
      // A cache we cannot write costs the next run its compile time, nothing else.
    }
  };
  const module = { exports: {} as unknown, filename: file };
  const fn = script.runInThisContext() as (...args: unknown[]) => void;
  fn.call(module.exports, module.exports, requireOf(file), module, file, dirname(file));
  return { exports: module.exports, status, cacheFile, save };
}

export function createLoader(input: LoaderInput): CodeCacheLoader {
  const loaded = new Map<string, Loaded>();
  const load = (file: string): unknown => {
    let one = loaded.get(file);
    if (!one) {
      one = runOne(input, file, requireOf);
      loaded.set(file, one);
    }
    return one.exports;
  };
  // The bundles' require: sibling bundles through the cache, everything else as usual.
  function requireOf(file: string): NodeJS.Require {
    const plain = createRequire(file);
    const dir = dirname(file);
    const req = (id: string): unknown =>
      id.startsWith('./') && input.hashes[id.slice(2)] !== undefined
        ? load(join(dir, id.slice(2)))
        : plain(id);
    return Object.assign(req, {
      resolve: plain.resolve,
      cache: plain.cache,
      main: plain.main,
      extensions: plain.extensions,
    }) as NodeJS.Require;
  }
  return {
    load,
    status: (file) => loaded.get(file)?.status,
    cacheFile: (file) => loaded.get(file)?.cacheFile ?? null,
    save: () => loaded.forEach((one) => one.save()),
  };
}
