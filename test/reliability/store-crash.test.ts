import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeConfigSchema } from '../../src/config/schema.js';
import type { Repository } from '../../src/core/models/index.js';
import { parseIndex } from '../../src/storage/index-document.js';
import { createLocalStore } from '../../src/storage/index.js';
import { useTempDirs } from '../support/temp.js';
import { childRepo } from './store-child.js';
import { startChild, useStoreChild } from './store-child-harness.js';

const WRITES = 200;
const KILLS = 8;

/** The index after write #n committed: repos r1..rn plus the counter set to n. */
function committedState(n: number): Repository[] {
  const repos = Array.from({ length: n }, (_, i) => childRepo(`r${i + 1}`));
  if (n > 0) repos.push(childRepo('counter', n));
  return repos.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function readIndex(file: string): Repository[] {
  if (!existsSync(file)) return [];
  return parseIndex(readFileSync(file, 'utf8'), { file, backup: null }).repositories;
}

const lastLogged = (log: string) =>
  existsSync(log)
    ? Math.max(0, ...readFileSync(log, 'utf8').split('\n').filter(Boolean).map(Number))
    : 0;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await sleep(5);
}

const counterOf = (repos: Repository[]) =>
  repos.find((r) => r.name === 'counter')?.retention?.keep_daily ?? 0;

/** A lock-free reader racing the writer: every read must parse and be a committed state. */
async function watchIndex(file: string, running: () => boolean): Promise<number> {
  let reads = 0;
  while (running()) {
    const repos = readIndex(file);
    expect(repos).toEqual(committedState(counterOf(repos)));
    reads++;
    await sleep(2);
  }
  return reads;
}

describe('store crash safety: SIGKILL at random points of 200 writes', () => {
  const tmp = useTempDirs();
  const childPath = useStoreChild();

  it('readers during the writes and after every kill see a committed state; the next run continues', async () => {
    const home = tmp();
    const baseDir = join(home, '.borgboi');
    const indexFile = join(baseDir, 'data', 'repositories.json');
    const log = join(home, 'committed.log');
    const env = { BB_LOCK_STALE_MS: '2000' };
    let kills = 0;
    let reads = 0;
    let next = 1;
    while (next <= WRITES) {
      const run = startChild(childPath(), ['writes', home, String(next), String(WRITES), log], env);
      const reader = watchIndex(indexFile, () => run.proc.exitCode === null && !run.proc.killed);
      if (kills < KILLS) {
        // Kill mid-writing: once this run has committed its first write (after any stale-lock
        // recovery), at a random moment of the following ~100 ms.
        await until(() => lastLogged(log) >= next || run.proc.exitCode !== null);
        await sleep(Math.random() * 100);
        run.proc.kill('SIGKILL');
      }
      const result = await run.done;
      reads += await reader;
      if (result.signal === 'SIGKILL') kills++;
      else expect([result.code, result.stderr]).toEqual([0, '']);
      const logged = lastLogged(log);
      const onDisk = readIndex(indexFile);
      // The commit (rename) of write #logged+1 may have happened before the child logged it.
      const n = counterOf(onDisk);
      expect([logged, logged + 1]).toContain(n);
      expect(onDisk).toEqual(committedState(n));
      next = n + 1;
    }
    expect(kills).toBe(KILLS);
    expect(reads).toBeGreaterThan(KILLS);
    const store = createLocalStore({
      baseDir,
      config: makeConfigSchema(baseDir).parse({}),
      env: {},
      hostname: 'host-a',
      uid: process.getuid?.() ?? 0,
    });
    expect(await store.metadata.list()).toEqual(committedState(WRITES));
    expect(readIndex(`${indexFile}.bak`)).toEqual(committedState(WRITES - 1));
    // Temp files of killed writers are swept by the next writer; no lock is left behind.
    expect(readdirSync(join(baseDir, 'data')).sort()).toEqual([
      'repositories.json',
      'repositories.json.bak',
    ]);
  });
});
