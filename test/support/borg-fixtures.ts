import { spawn } from 'node:child_process';
import { lutimesSync, mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createPrng, type Prng } from './prng.js';
import { snapshotTree } from './snapshot.js';

export interface DataTreeOptions {
  seed?: number;
  /** Generated files besides the fixed special ones (default 20). */
  files?: number;
  /** Largest generated file (default 64 KiB). */
  maxFileBytes?: number;
  /** Directory nesting levels (default 3). */
  depth?: number;
  /** Share of generated files that are incompressible binary (default 0.5). */
  binaryShare?: number;
  /** Fixed mtime for every entry (default 2024-01-02T03:04:05Z); null keeps the write time. */
  mtime?: Date | null;
}

export interface DataTree {
  root: string;
  /** Regular files, relative to root. */
  files: string[];
  bytes: number;
}

const WORDS = 'borg archive prune compact repo chunk daily weekly restore verify mirror s3'.split(
  ' ',
);
const DIR_NAMES = ['docs', 'dïr ñame', 'photos', '日本語', 'src', 'deep'];
/** Always present: the names that break naive quoting or encoding. */
const SPECIAL_FILES: Array<[string, string | Buffer]> = [
  ['file with spaces.txt', 'a file name with spaces\n'],
  ['ünïcødé ファイル.txt', 'unicode name: ünïcødé ファイル\n'],
  ['empty.dat', ''],
  ['.hidden', 'dotfile\n'],
  ['bin/nul-and-newlines.bin', Buffer.from([0, 10, 13, 0, 255, 10])],
];

function text(prng: Prng, bytes: number): string {
  let out = '';
  while (out.length < bytes) {
    out += Array.from({ length: prng.int(3, 12) }, () => prng.pick(WORDS)).join(' ') + '\n';
  }
  return out.slice(0, bytes);
}

/** Writes a deterministic tree: the same options give byte-identical trees on every run. */
export function writeDataTree(root: string, opts: DataTreeOptions = {}): DataTree {
  const prng = createPrng(opts.seed ?? 1);
  const depth = opts.depth ?? 3;
  const maxBytes = opts.maxFileBytes ?? 64 * 1024;
  const files: Array<[string, string | Buffer]> = [...SPECIAL_FILES];
  const dirs = [''];
  for (let d = 1; d <= depth; d++) dirs.push(join(dirs[d - 1]!, DIR_NAMES[d % DIR_NAMES.length]!));
  for (let i = 0; i < (opts.files ?? 20); i++) {
    const size = prng.int(0, maxBytes);
    const binary = prng.next() < (opts.binaryShare ?? 0.5);
    const name = `${binary ? 'blob' : 'note'}-${i}.${binary ? 'bin' : 'txt'}`;
    files.push([join(prng.pick(dirs), name), binary ? prng.bytes(size) : text(prng, size)]);
  }
  let bytes = 0;
  for (const [rel, content] of files) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
    bytes += Buffer.byteLength(content);
  }
  symlinkSync('file with spaces.txt', join(root, 'link to spaces'));
  const mtime = opts.mtime === undefined ? new Date('2024-01-02T03:04:05Z') : opts.mtime;
  if (mtime) {
    for (const [rel] of files) utimesSync(join(root, rel), mtime, mtime);
    lutimesSync(join(root, 'link to spaces'), mtime, mtime);
    const allDirs = new Set<string>();
    for (const [rel] of files) for (let d = dirname(rel); d !== '.'; d = dirname(d)) allDirs.add(d);
    // Deepest first: setting a child's times never touches its parent's mtime, but creating does.
    for (const d of [...allDirs].sort((a, b) => b.length - a.length)) {
      utimesSync(join(root, d), mtime, mtime);
    }
    utimesSync(root, mtime, mtime);
  }
  return { root, files: files.map(([rel]) => rel).sort(), bytes };
}

/**
 * Relative path → `file <mode> <sha256>` / `dir <mode>` / `symlink -> <target>` for everything
 * below dir (the root itself excluded), to compare a restore with its source byte for byte.
 */
export async function hashTree(
  dir: string,
  opts: { modes?: boolean } = {},
): Promise<Record<string, string>> {
  const snap = await snapshotTree(dir, { relative: true });
  const out: Record<string, string> = {};
  for (const [path, e] of Object.entries(snap)) {
    if (path === '.') continue;
    const mode = opts.modes === false ? '' : ` ${e.mode}`;
    if (e.type === 'file') out[path] = `file${mode} ${e.sha256}`;
    else if (e.type === 'symlink') out[path] = `symlink -> ${e.target}`;
    else out[path] = `${e.type}${mode}`;
  }
  return out;
}

export interface BorgRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface TestBorgRepo {
  path: string;
  /** BORG_BASE_DIR inside the temp dir: keys, cache and security never touch ~/.cache/borg. */
  baseDir: string;
  passphrase: string | null;
  /** Environment for borg (test helpers only may pass the passphrase through env). */
  env: Record<string, string>;
  borg(args: readonly string[], opts?: { cwd?: string }): Promise<BorgRun>;
  /** `borg create` with paths relative to sourceDir, so an extract restores the same tree. */
  createArchive(name: string, sourceDir: string, extraArgs?: readonly string[]): Promise<BorgRun>;
  extract(name: string, destDir: string): Promise<BorgRun>;
}

export interface BorgRepoOptions {
  encryption?: 'repokey' | 'repokey-blake2' | 'none';
  passphrase?: string;
  /** Repository directory name inside parentDir (default `repo`). */
  name?: string;
  initArgs?: readonly string[];
}

export function runBorg(
  args: readonly string[],
  env: Record<string, string>,
  cwd?: string,
): Promise<BorgRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('borg', args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `borg init` a fresh repo under parentDir (a temp dir the test owns) and returns helpers. */
export async function createBorgRepo(
  parentDir: string,
  opts: BorgRepoOptions = {},
): Promise<TestBorgRepo> {
  const encryption = opts.encryption ?? 'repokey';
  const passphrase = encryption === 'none' ? null : (opts.passphrase ?? 'test-passphrase-0123');
  const path = join(parentDir, opts.name ?? 'repo');
  const baseDir = join(parentDir, 'borg-base');
  mkdirSync(baseDir, { recursive: true, mode: 0o700 });
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    HOME: parentDir,
    BORG_BASE_DIR: baseDir,
    BORG_RELOCATED_REPO_ACCESS_IS_OK: 'no',
    BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK: encryption === 'none' ? 'yes' : 'no',
    ...(passphrase === null ? {} : { BORG_PASSPHRASE: passphrase }),
  };
  const borg = (args: readonly string[], o: { cwd?: string } = {}) => runBorg(args, env, o.cwd);
  const init = await borg(['init', `--encryption=${encryption}`, ...(opts.initArgs ?? []), path]);
  if (init.code !== 0) throw new Error(`borg init failed (${init.code}): ${init.stderr.trim()}`);
  return {
    path,
    baseDir,
    passphrase,
    env,
    borg,
    createArchive: (name, sourceDir, extraArgs = []) =>
      borg(['create', ...extraArgs, `${path}::${name}`, '.'], { cwd: sourceDir }),
    extract: (name, destDir) => {
      mkdirSync(destDir, { recursive: true });
      return borg(['extract', `${path}::${name}`], { cwd: destDir });
    },
  };
}
