import { spawn, type ChildProcess } from 'node:child_process';
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';

/**
 * Bundles store-child.ts once per test file into a temp dir (plain `node` runs it, no tsx)
 * and returns a getter for its path.
 */
export function useStoreChild(): () => string {
  const dir = mkdtempSync(join(tmpdir(), 'bb-child-'));
  const outfile = join(dir, 'store-child.mjs');
  beforeAll(() => buildStoreChild(outfile));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return () => outfile;
}

async function buildStoreChild(outfile: string): Promise<void> {
  await build({
    entryPoints: [fileURLToPath(new URL('./store-child.ts', import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['sql.js'],
    banner: {
      js: "import { createRequire as __bbRequire } from 'node:module'; const require = __bbRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Starts the child; `done` settles when it exits (also after a kill). */
export function startChild(
  child: string,
  args: readonly string[],
  env: Record<string, string> = {},
): { proc: ChildProcess; done: Promise<ChildResult> } {
  const proc = spawn(process.execPath, [child, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<ChildResult>((resolve, reject) => {
    proc.on('error', reject);
    proc.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
  return { proc, done };
}
