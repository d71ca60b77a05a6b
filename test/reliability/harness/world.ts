import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { makeConfigSchema } from '../../../src/config/schema.js';
import type { Repository } from '../../../src/core/models/index.js';
import { parseIndex } from '../../../src/storage/index-document.js';
import { createLocalStore } from '../../../src/storage/index.js';
import type { LocalStore } from '../../../src/storage/types.js';
import { runBorg, writeDataTree, type BorgRun } from '../../support/borg-fixtures.js';
import { runBorgboi, type CliResult } from '../../support/cli.js';

/**
 * One user's machine in a temp dir: BORGBOI_HOME, the user's HOME (borg's cache and security
 * dirs live there, never in the developer's ~/.cache/borg), data to back up and repo dirs.
 */
export interface World {
  root: string;
  /** BORGBOI_HOME (the base dir is `<home>/.borgboi`). */
  home: string;
  baseDir: string;
  /** HOME of the user: borg's cache and security dirs. */
  userHome: string;
  data: string;
  repos: string;
  env: Record<string, string>;
  cli(args: readonly string[], opts?: CliOptions): Promise<CliResult>;
  /** The local store as borgboi reads it (a fresh instance per call: no cached maps). */
  store(): LocalStore;
  keyFile(name: string): string;
  passphrase(name: string): string;
  /** Raw `borg check` (repository + archives) with the repo's passphrase, as a test only may. */
  borgCheck(repoPath: string, name: string): Promise<BorgRun>;
  borg(args: readonly string[], name: string | null): Promise<BorgRun>;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  input?: string;
  timeoutMs?: number;
}

/** A temp dir for a whole describe block (useTempDirs removes its dirs after every test). */
export function suiteDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function makeWorld(root: string, extraEnv: Record<string, string> = {}): World {
  const home = join(root, 'home');
  const userHome = join(root, 'user');
  const data = join(root, 'data');
  const repos = join(root, 'repos');
  for (const d of [home, userHome, repos]) mkdirSync(d, { recursive: true });
  const baseDir = join(home, '.borgboi');
  const env = { BORGBOI_HOME: home, HOME: userHome, ...extraEnv };
  const keyFile = (name: string) => join(baseDir, 'passphrases', `${name}.key`);
  const passphrase = (name: string) => readFileSync(keyFile(name), 'utf8');
  const borgEnv = (name: string | null): Record<string, string> => ({
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    HOME: userHome,
    BORG_RELOCATED_REPO_ACCESS_IS_OK: 'no',
    BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK: 'no',
    ...(name === null ? {} : { BORG_PASSPHRASE: passphrase(name) }),
  });
  const borg = (args: readonly string[], name: string | null) => runBorg(args, borgEnv(name));
  return {
    root,
    home,
    baseDir,
    userHome,
    data,
    repos,
    env,
    cli: (args, opts = {}) =>
      runBorgboi(args, {
        env: { ...env, ...opts.env },
        cwd: opts.cwd ?? root,
        input: opts.input,
        timeoutMs: opts.timeoutMs,
      }),
    store: () =>
      createLocalStore({
        baseDir,
        config: makeConfigSchema(baseDir).parse({}),
        env: {},
        hostname: hostname(),
        uid: process.getuid?.() ?? 0,
      }),
    keyFile,
    passphrase,
    borgCheck: (repoPath, name) => borg(['check', repoPath], name),
    borg,
  };
}

/** `repo create` of a repo over a small seeded data tree; returns its path. */
export async function createRepo(
  w: World,
  name: string,
  opts: { seed?: number; files?: number; args?: string[] } = {},
): Promise<string> {
  const data = join(w.data, name);
  writeDataTree(data, { seed: opts.seed ?? 1, files: opts.files ?? 12, maxFileBytes: 24 * 1024 });
  const path = join(w.repos, name);
  const r = await w.cli([
    'repo',
    'create',
    '-n',
    name,
    '-p',
    path,
    '-b',
    data,
    ...(opts.args ?? []),
  ]);
  expect(r.code, r.stderr).toBe(0);
  return path;
}

/** The index file parsed strictly (as a reader that takes no lock would). */
export function readIndexFile(w: World): Repository[] {
  const file = join(w.baseDir, 'data', 'repositories.json');
  return parseIndex(readFileSync(file, 'utf8'), { file, backup: null }).repositories;
}

/** Writes `config.yaml` in the base dir (YAML is a superset of JSON). */
export function writeConfig(w: World, config: unknown): void {
  mkdirSync(w.baseDir, { recursive: true });
  writeFileSync(join(w.baseDir, 'config.yaml'), JSON.stringify(config, null, 2));
}

/** Raw lines of the run log, parsed (no folding of start and final records). */
export function runLogLines(w: World): Array<{ id: string; result: string; repo: string | null }> {
  let text: string;
  try {
    text = readFileSync(join(w.baseDir, 'data', 'runs.jsonl'), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as { id: string; result: string; repo: string | null }];
      } catch {
        return [];
      }
    });
}
