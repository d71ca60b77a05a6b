import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/borgboi.js', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../../dist/borgboi.js', import.meta.url));

/**
 * The launcher's V8 code cache (src/bin/code-cache.ts) for the tests' CLI runs, kept out of the
 * test's HOME: a cache in ~/.cache/borgboi is no change a test should see (and XDG_CACHE_HOME
 * would move borg's cache too). One dir (the repo's git-ignored tmp/) shared by all runs: the files are keyed by the bundle's
 * hash, written atomically and pruned to a few by the launcher. A test that passes
 * BORGBOI_CODE_CACHE, even undefined, gets its own choice.
 */
export const CODE_CACHE_HOME = fileURLToPath(new URL('../../tmp/test-code-cache', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  input?: string;
  timeoutMs?: number;
  /** Sees the child as soon as it runs (e.g. to watch its stderr and send it a signal). */
  onSpawn?: (child: ChildProcess) => void;
}

/**
 * Spawns the built `borgboi` as a user would. The environment is clean apart from PATH and
 * what the test passes, so the developer's own HOME, AWS and BORG_* settings never leak in.
 */
export function runBorgboi(args: readonly string[], opts: RunCliOptions = {}): Promise<CliResult> {
  if (!existsSync(BUNDLE)) throw new Error('dist/borgboi.js missing: run `npm run build` first');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'C.UTF-8',
  };
  if (!(opts.env && 'BORGBOI_CODE_CACHE' in opts.env)) env.BORGBOI_CODE_CACHE = CODE_CACHE_HOME;
  for (const [k, v] of Object.entries(opts.env ?? {})) if (v !== undefined) env[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env,
      cwd: opts.cwd,
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    if (opts.input !== undefined) child.stdin!.end(opts.input);
    opts.onSpawn?.(child);
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
