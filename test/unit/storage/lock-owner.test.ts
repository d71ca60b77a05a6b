import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storeLayout } from '../../../src/storage/layout.js';
import { useTempDirs } from '../../support/temp.js';
import { HOST, makeStore, repo } from './helpers.js';

/** A PID that is certainly not running: a child that has already exited (and been reaped). */
const deadPid = () => spawnSync('true').pid!;

/** A lock dir as a killed holder leaves it, with the owner record it wrote. */
function leftLock(indexFile: string, record: (ino: number) => object): void {
  mkdirSync(`${indexFile}.lock`, { recursive: true });
  const ino = statSync(`${indexFile}.lock`).ino;
  writeFileSync(`${indexFile}.lock.owner`, JSON.stringify(record(ino)));
}

describe('store locks name their holder: a waiter on this host breaks a dead holder at once', () => {
  const tmp = useTempDirs();
  // staleMs far above waitMs: a write succeeds only if the owner record lets it break the lock.
  const env = { lockWaitMs: 300, lockStaleMs: 60_000, pid: process.pid };

  it('records the owner while held and removes the record on release', async () => {
    const home = tmp();
    const store = makeStore(home, env).metadata;
    const { indexFile } = storeLayout(join(home, '.borgboi'));
    let seen: unknown = null;
    await store.transaction(() => {
      seen = JSON.parse(readFileSync(`${indexFile}.lock.owner`, 'utf8'));
    });
    expect(seen).toEqual({ hostname: HOST, pid: process.pid, ino: expect.any(Number) });
    expect(existsSync(`${indexFile}.lock.owner`)).toBe(false);
    expect(existsSync(`${indexFile}.lock`)).toBe(false);
  });

  it('a lock whose recorded holder on this host is dead is broken without waiting', async () => {
    const home = tmp();
    const store = makeStore(home, env).metadata;
    const { indexFile } = storeLayout(join(home, '.borgboi'));
    leftLock(indexFile, (ino) => ({ hostname: HOST, pid: deadPid(), ino }));
    await store.upsert(repo('a'));
    expect((await store.list()).map((r) => r.name)).toEqual(['a']);
    expect(existsSync(`${indexFile}.lock.owner`)).toBe(false);
  });

  it.each([
    ['a live holder', (ino: number) => ({ hostname: HOST, pid: process.pid, ino })],
    ['a holder on another host', (ino: number) => ({ hostname: 'other', pid: deadPid(), ino })],
    [
      'a record of an earlier lock',
      (ino: number) => ({ hostname: HOST, pid: deadPid(), ino: ino + 1 }),
    ],
    ['an unreadable record', () => ({ pid: 'x' })],
  ])('%s: waited for, then store-locked (exit 1)', async (_what, record) => {
    const home = tmp();
    const store = makeStore(home, env).metadata;
    const { indexFile } = storeLayout(join(home, '.borgboi'));
    leftLock(indexFile, record);
    await expect(store.upsert(repo('a'))).rejects.toMatchObject({
      code: 'store-locked',
      exitCode: 1,
    });
    expect(existsSync(`${indexFile}.lock`)).toBe(true);
  });
});
