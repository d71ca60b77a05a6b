import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { expect } from 'vitest';
import { writeDataTree } from '../../support/borg-fixtures.js';
import { runBorgboi, type CliResult } from '../../support/cli.js';
import { diffSnapshots, formatChanges, snapshotTree } from '../../support/snapshot.js';

/**
 * The machine every bad-input row starts from: three registered repos (main with two
 * archives, spare, tiny with a 10M quota and 14 MB to back up), data dirs, and odd paths. Each
 * row runs on its own copy of BORGBOI_HOME (corruptions stay in it); the repos, the data and
 * the user's HOME are shared, and the snapshot proves the row changed nothing there.
 */
export interface Fx {
  root: string;
  /** This row's BORGBOI_HOME (a fresh copy of the baseline) and its base dir. */
  home: string;
  base: string;
  /** This row's scratch dir (files a row needs: pattern files, fake borgs …). */
  scratch: string;
  userHome: string;
  data: string;
  repos: string;
  main: string;
  archives: readonly [string, string];
  nonEmpty: string;
  aFile: string;
  loop: string;
}

export interface Change {
  /** Relative to the fixture root; a RegExp for names borg picks (segment numbers, ids). */
  path: string | RegExp;
  kind: 'added' | 'removed' | 'changed';
}

export interface BadRow {
  name: string;
  args: (f: Fx) => string[];
  code: 1 | 2;
  /** The one `Error: …` line: it must name the problem and, after `; `, the fix. */
  error: RegExp;
  setup?: (f: Fx) => void;
  env?: (f: Fx) => Record<string, string>;
  /** Rows that legitimately change something: exactly these paths (relative to root). */
  changes?: (f: Fx) => Change[];
  /** The run's result printed on stdout (a failed daily's summary); else stdout stays empty. */
  summary?: RegExp;
}

export const ARCHIVES = ['first', 'second'] as const;

export async function buildBaseline(): Promise<Omit<Fx, 'home' | 'base' | 'scratch'>> {
  const root = mkdtempSync(join(tmpdir(), 'bb-bad-'));
  const f = {
    root,
    userHome: join(root, 'user'),
    data: join(root, 'data'),
    repos: join(root, 'repos'),
    main: join(root, 'repos', 'main'),
    archives: ARCHIVES,
    nonEmpty: join(root, 'things', 'non-empty dir'),
    aFile: join(root, 'things', 'a file.txt'),
    loop: join(root, 'things', 'loop-a'),
  };
  mkdirSync(f.nonEmpty, { recursive: true });
  mkdirSync(f.userHome);
  writeFileSync(join(f.nonEmpty, 'keep.txt'), 'keep me\n');
  writeFileSync(f.aFile, 'a user file\n');
  symlinkSync('loop-b', f.loop);
  symlinkSync('loop-a', join(root, 'things', 'loop-b'));
  writeDataTree(join(f.data, 'main'), { files: 8 });
  writeDataTree(join(f.data, 'spare'), { files: 2, seed: 2 });
  mkdirSync(join(f.data, 'tiny'), { recursive: true });
  writeFileSync(join(f.data, 'tiny', 'big.bin'), randomBytes(14 * 1024 * 1024));
  const env = { BORGBOI_HOME: join(root, 'baseline'), HOME: f.userHome };
  const cli = async (args: string[]) => {
    const r = await runBorgboi(args, { env, cwd: root });
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  };
  for (const n of ['main', 'spare', 'tiny']) {
    const quota = n === 'tiny' ? ['--quota', '10M'] : [];
    await cli(['repo', 'create', '-n', n, '-p', join(f.repos, n), '-b', join(f.data, n), ...quota]);
  }
  for (const a of ARCHIVES) await cli(['backup', 'run', '-n', 'main', '-a', a]);
  return f;
}

/** A fresh copy of the baseline home and an empty scratch dir for row i. */
export function rowFixture(base: Omit<Fx, 'home' | 'base' | 'scratch'>, i: number): Fx {
  const dir = join(base.root, 'rows', String(i));
  const home = join(dir, 'home');
  cpSync(join(base.root, 'baseline'), home, { recursive: true, preserveTimestamps: true });
  const scratch = join(dir, 'scratch');
  mkdirSync(scratch, { recursive: true });
  return { ...base, home, base: join(home, '.borgboi'), scratch };
}

/** Runs one row: snapshot → borgboi → exit code, one clear line, the exact changes. */
export async function runRow(row: BadRow, f: Fx): Promise<CliResult> {
  row.setup?.(f);
  const scope = [dirname(f.home), f.userHome, f.data, f.repos, join(f.root, 'things')];
  // The 14 MB the quota row backs up is only ever read; hashing it for every row costs seconds.
  const tinyData = join(f.data, 'tiny');
  const snap = () => snapshotTree(scope, { ignore: (p) => p === tinyData });
  const before = await snap();
  const r = await runBorgboi(row.args(f), {
    env: { BORGBOI_HOME: f.home, HOME: f.userHome, ...row.env?.(f) },
    cwd: f.scratch,
  });
  const after = await snap();
  const what = `${row.name}\nstderr: ${r.stderr}`;
  expect(r.code, what).toBe(row.code);
  const errors = r.stderr.split('\n').filter((l) => l.startsWith('Error: '));
  expect(errors, what).toHaveLength(1);
  expect(errors[0], what).toMatch(row.error);
  expect(errors[0], `${what}: the line names the fix after '; '`).toMatch(/^Error: .+; .+/);
  expect(r.stderr, 'no stack trace without --debug').not.toMatch(/^\s+at /m);
  if (row.summary) expect(r.stdout, what).toMatch(row.summary);
  else expect(r.stdout, what).toBe('');
  const changes = diffSnapshots(before, after);
  const got = changes.map((c) => ({ path: c.path.slice(f.root.length + 1), kind: c.kind }));
  expectExactly(got, row.changes?.(f) ?? [], `${row.name}: ${formatChanges(changes)}`);
  return r;
}

/** Each change matches exactly one expected entry and each expected entry one change. */
function expectExactly(got: Change[], expected: Change[], what: string): void {
  const matches = (c: Change, e: Change) =>
    c.kind === e.kind &&
    (typeof e.path === 'string' ? c.path === e.path : e.path.test(String(c.path)));
  const unexpected = got.filter((c) => expected.filter((e) => matches(c, e)).length !== 1);
  const missing = expected.filter((e) => got.filter((c) => matches(c, e)).length !== 1);
  expect({ unexpected, missing }, what).toEqual({ unexpected: [], missing: [] });
}

/** A fake borg executable: `--version` prints `version`, anything else fails as given. */
export function fakeBorg(dir: string, version: string, otherwise: string): string {
  const path = join(dir, `borg-${version}`);
  writeFileSync(
    path,
    `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "borg ${version}"; exit 0; fi\n${otherwise}\n`,
  );
  chmodSync(path, 0o755);
  return path;
}

export function removeBaseline(root: string): void {
  rmSync(root, { recursive: true, force: true });
}
