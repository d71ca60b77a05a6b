import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useTempDirs } from '../../test/support/temp.js';
import { codeCacheDir, commandKey, createLoader, type LoaderInput } from './code-cache.js';

const tempDir = useTempDirs();

// A bundle counts its runs and requires a sibling bundle; both are plain CommonJS.
const BUNDLE = `globalThis.__ccRuns = (globalThis.__ccRuns ?? 0) + 1;
function add(a, b) { return a + b; }
module.exports = { sum: add(40, 2), sibling: () => require('./sdk.js').name, path: require('node:path').sep };`;
const SIBLING = `module.exports = { name: 'sdk' };`;

interface Fixture {
  dir: string;
  bundle: string;
  cacheDir: string;
  input: (over?: Partial<LoaderInput>) => LoaderInput;
}

function fixture(): Fixture {
  const dir = tempDir('bb-cc-');
  writeFileSync(join(dir, 'main.js'), BUNDLE);
  writeFileSync(join(dir, 'sdk.js'), SIBLING);
  const cacheDir = join(dir, 'cache', 'borgboi');
  const input = (over: Partial<LoaderInput> = {}): LoaderInput => ({
    cacheDir,
    command: 'repo list',
    runtime: 'node-test',
    hashes: { 'main.js': 'hash-main', 'sdk.js': 'hash-sdk' },
    ...over,
  });
  return { dir, bundle: join(dir, 'main.js'), cacheDir, input };
}

/** Loads the bundle with a fresh loader, as one process would; returns the loader. */
function run(f: Fixture, over: Partial<LoaderInput> = {}) {
  const loader = createLoader(f.input(over));
  const exports = loader.load(f.bundle) as { sum: number; sibling: () => string; path: string };
  expect(exports.sum).toBe(42);
  expect(exports.path).toBe('/');
  return { loader, exports };
}

afterEach(() => vi.restoreAllMocks());

describe('createLoader', () => {
  it('writes the cache on a first run (0700 dir, 0600 file) and uses it on the next', () => {
    const f = fixture();
    const first = run(f);
    expect(first.loader.status(f.bundle)).toBe('miss');
    first.loader.save();
    const file = first.loader.cacheFile(f.bundle)!;
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(f.cacheDir).mode & 0o777).toBe(0o700);

    const second = run(f);
    expect(second.loader.status(f.bundle)).toBe('hit');
    const before = readFileSync(file);
    second.loader.save(); // nothing new learned: the file stays as it was
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('rewrites the cache once for a command it has not seen, then keeps it', () => {
    const f = fixture();
    run(f).loader.save();
    const file = run(f).loader.cacheFile(f.bundle)!;
    const learned = () => readFileSync(file, 'latin1');
    expect(learned()).toContain('"commands":["repo list"]');
    run(f, { command: 'status' }).loader.save();
    expect(learned()).toContain('"commands":["repo list","status"]');
    const again = run(f, { command: 'status' });
    expect(again.loader.status(f.bundle)).toBe('hit');
  });

  it.each([
    ['garbage', () => Buffer.from('not a cache at all')],
    ['a truncated file', (good: Buffer) => good.subarray(0, good.length - 100)],
    [
      'a header of another key',
      (good: Buffer) =>
        Buffer.from(good.toString('latin1').replace('hash-main', 'hash-xxxx'), 'latin1'),
    ],
    [
      'flipped bytes in the V8 data (CRC)',
      (good: Buffer) => Buffer.concat([good.subarray(0, good.length - 64), Buffer.alloc(64, 7)]),
    ],
  ])('runs without %s and rewrites it', (_what, corrupt) => {
    const f = fixture();
    const first = run(f);
    first.loader.save();
    const file = first.loader.cacheFile(f.bundle)!;
    writeFileSync(file, corrupt(readFileSync(file)));

    const second = run(f);
    expect(second.loader.status(f.bundle)).toBe('rejected');
    second.loader.save();
    expect(run(f).loader.status(f.bundle)).toBe('hit');
  });

  it('runs and rewrites when V8 refuses the cache (a bundle changed under the same hash)', () => {
    const f = fixture();
    run(f).loader.save();
    writeFileSync(f.bundle, `${BUNDLE}\n// rebuilt`);
    const second = run(f);
    expect(second.loader.status(f.bundle)).toBe('rejected');
    second.loader.save();
    expect(run(f).loader.status(f.bundle)).toBe('hit');
  });

  it('keys the cache on the runtime (node version, flags): another one is a miss', () => {
    const f = fixture();
    run(f).loader.save();
    const other = run(f, { runtime: 'node-other --max-old-space-size=64' });
    expect(other.loader.status(f.bundle)).toBe('miss');
  });

  it('runs and prints nothing when the cache dir cannot be created', () => {
    const f = fixture();
    writeFileSync(join(f.dir, 'a-file'), '');
    const stderr = vi.spyOn(process.stderr, 'write');
    const stdout = vi.spyOn(process.stdout, 'write');
    const { loader } = run(f, { cacheDir: join(f.dir, 'a-file', 'borgboi') });
    expect(loader.status(f.bundle)).toBe('miss');
    expect(() => loader.save()).not.toThrow();
    expect(stderr).not.toHaveBeenCalled();
    expect(stdout).not.toHaveBeenCalled();
  });

  it('runs without a cache dir at all', () => {
    const f = fixture();
    const { loader } = run(f, { cacheDir: null });
    expect(loader.status(f.bundle)).toBe('none');
    expect(loader.cacheFile(f.bundle)).toBeNull();
    loader.save();
  });

  it('loads a sibling bundle through the cache, once, when the bundle requires it', () => {
    const f = fixture();
    const { loader, exports } = run(f);
    expect(loader.status(join(f.dir, 'sdk.js'))).toBeUndefined();
    expect(exports.sibling()).toBe('sdk');
    expect(exports.sibling()).toBe('sdk');
    expect(loader.status(join(f.dir, 'sdk.js'))).toBe('miss');
    loader.save();
    const next = run(f);
    next.exports.sibling();
    expect(next.loader.status(join(f.dir, 'sdk.js'))).toBe('hit');
  });
});

describe('codeCacheDir', () => {
  it.each([
    [{ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' }, '/x/cache/borgboi'],
    [{ XDG_CACHE_HOME: 'relative', HOME: '/home/u' }, '/home/u/.cache/borgboi'],
    [{ HOME: '/home/u' }, '/home/u/.cache/borgboi'],
    [{}, null],
    [{ BORGBOI_CODE_CACHE: '/tmp/cc', XDG_CACHE_HOME: '/x/cache' }, '/tmp/cc'],
    [{ BORGBOI_CODE_CACHE: 'off', HOME: '/home/u' }, null],
    [{ BORGBOI_CODE_CACHE: '', HOME: '/home/u' }, null],
  ])('%j -> %s', (env, dir) => expect(codeCacheDir(env)).toBe(dir));
});

describe('commandKey', () => {
  it.each([
    [['--version'], '--version'],
    [['repo', 'list'], 'repo list'],
    [['--json', 'status', '--max-age', '26h'], 'status'],
    [['backup', 'daily', 'my-repo'], 'backup daily'],
    [['--help'], '--help'],
    [[], ''],
  ])('%j -> %j', (argv, key) => expect(commandKey(argv)).toBe(key));
});
