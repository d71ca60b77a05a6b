import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { createBorgClient } from '../../src/borg/client.js';
import type { BorgClient, BorgClientOptions } from '../../src/borg/types.js';

/**
 * borg's environment for tests: BORG_BASE_DIR (and HOME) inside the test's temp dir, so the
 * user's ~/.cache/borg and ~/.config/borg are never touched.
 */
export function borgTestEnv(base: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: base,
    BORG_BASE_DIR: base,
    LANG: 'C.UTF-8',
  };
}

export function makeBorgClient(base: string, over: Partial<BorgClientOptions> = {}): BorgClient {
  return createBorgClient({
    executable: 'borg',
    env: borgTestEnv(base),
    hostname: hostname(),
    lockWait: 1,
    pid: process.pid,
    ...over,
  });
}

/** borg run directly (not through the client), for assertions about the repository. */
export async function rawBorg(base: string, args: string[], passphrase?: string) {
  const env = { ...borgTestEnv(base), ...(passphrase ? { BORG_PASSPHRASE: passphrase } : {}) };
  return execa('borg', args, { env, extendEnv: false, reject: false, stdin: 'ignore' });
}

/** Writes files (relative path → content) under root. */
export function writeTree(root: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const path = join(root, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
}

/** A valid CACHEDIR.TAG (borg --exclude-caches checks the signature). */
export const CACHEDIR_TAG = 'Signature: 8a477f597d28d172789f06886806bc55\n';

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
