import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { borgFixture } from '../../test/support/recorded-borg.js';
import { useTempDirs } from '../../test/support/temp.js';
import {
  describeHolders,
  isStale,
  lockPathFromMessage,
  parseLockFileName,
  procPidAlive,
  readLockHolders,
} from './locks.js';

const tempDir = useTempDirs();

function fakeLock(repo: string, id: string, pid: number, mtime?: Date): string {
  const dir = join(repo, 'lock.exclusive');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${id}.${pid}-0`);
  writeFileSync(file, '');
  if (mtime) utimesSync(file, mtime, mtime);
  writeFileSync(join(repo, 'lock.roster'), JSON.stringify({ exclusive: [[id, pid, 0]] }));
  return dir;
}

describe('lock files', () => {
  it('lockPathFromMessage reads the path out of the real LockTimeout message', () => {
    const line = JSON.parse(borgFixture('lock-timeout-log-json.stderr')) as { message: string };
    expect(lockPathFromMessage(line.message)).toBe('/r-lock/lock.exclusive');
    expect(lockPathFromMessage('Repository /x does not exist.')).toBeNull();
  });

  it.each([
    ['vm@3281355014145.9065-0', { host: 'vm', pid: 9065, thread: 0 }],
    ['host.example.com@12.42-3', { host: 'host.example.com', pid: 42, thread: 3 }],
    ['garbage', null],
  ])('parseLockFileName(%s)', (name, expected) =>
    expect(parseLockFileName(name)).toEqual(expected),
  );

  it('readLockHolders merges lock.exclusive and lock.roster', async () => {
    const repo = tempDir();
    const since = new Date('2026-11-26T05:00:00Z');
    const dir = fakeLock(repo, 'vm@3281355014145', 9065, since);
    expect(await readLockHolders(dir)).toEqual([{ host: 'vm', pid: 9065, thread: 0, since }]);
  });

  it('readLockHolders: no lock, or a corrupt roster → none', async () => {
    const repo = tempDir();
    expect(await readLockHolders(join(repo, 'lock.exclusive'))).toEqual([]);
    writeFileSync(join(repo, 'lock.roster'), '{not json');
    expect(await readLockHolders(join(repo, 'lock.exclusive'))).toEqual([]);
  });
});

describe('staleness', () => {
  const h = (host: string, pid: number) => ({ host, pid, thread: 0, since: null });
  const alive = (pid: number) => pid === 1;
  it.each([
    ['this host, PID gone', [h('vm', 99)], true],
    ['this host, PID alive', [h('vm', 1)], false],
    ['another host', [h('other', 99)], false],
    ['one dead, one alive', [h('vm', 99), h('vm', 1)], false],
    ['no holder', [], false],
  ])('%s → stale %s', (_n, holders, stale) => expect(isStale(holders, 'vm', alive)).toBe(stale));

  it('describeHolders names host, PID, state and age', () => {
    const now = new Date('2026-11-26T05:12:00Z');
    const holders = [
      { host: 'vm', pid: 1, thread: 0, since: new Date('2026-11-26T05:00:00Z') },
      { host: 'other', pid: 7, thread: 0, since: null },
    ];
    expect(describeHolders(holders, 'vm', alive, now)).toBe(
      'host vm, PID 1 (running), locked 12 min ago; host other, PID 7 (on another host)',
    );
  });

  it('procPidAlive: this test process is alive, an unused PID is not', () => {
    expect(procPidAlive(process.pid)).toBe(true);
    expect(procPidAlive(2 ** 22 + 1)).toBe(false);
  });
});
