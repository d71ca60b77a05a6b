import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { borgHostId } from '../../src/borg/repo-lock.js';
import type { BorgCallContext } from '../../src/borg/types.js';
import { BorgError } from '../../src/core/errors.js';
import { backupOptionsSchema } from '../../src/core/models/index.js';
import { Passphrase } from '../../src/core/secret.js';
import { makeBorgClient, rawBorg, writeTree } from '../support/borg.js';
import { diffSnapshots, formatChanges, snapshotTree } from '../support/snapshot.js';

const root = mkdtempSync(join(tmpdir(), 'bb-repo-lock-'));
const base = join(root, 'base');
const src = join(root, 'src');
const repo = join(root, 'repo');
const secret = 'repo lock passphrase';
const ctx: BorgCallContext = { passphrase: Passphrase.of(secret) };
const notices: string[] = [];
const borg = makeBorgClient(base, { onNotice: (m) => notices.push(m) });
const hostId = borgHostId(hostname(), {}, networkInterfaces());

beforeAll(async () => {
  writeTree(src, { 'a.txt': 'a\n' });
  await borg.init(repo, { encryption: 'repokey' }, ctx);
  const opts = { repoPath: repo, archiveName: 'first', sources: [src], compression: 'lz4' };
  await borg.create(backupOptionsSchema.parse(opts), ctx);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const roster = () => JSON.parse(readFileSync(join(repo, 'lock.roster'), 'utf8')) as unknown;

describe('acquireLock: borg 1.2 exclusive lock taken by borgboi itself', () => {
  it('holding and releasing it changes no file of the repository (borg with-lock commits)', async () => {
    const before = await snapshotTree(repo, { mtimes: true });
    const lock = await borg.acquireLock(repo, ctx);
    expect(roster()).toEqual({ exclusive: [[hostId, process.pid, 0]], shared: [] });
    await lock.release();
    // Only the directory's own mtime moves (lock.exclusive/ came and went, as with any borg).
    const changes = diffSnapshots(before, await snapshotTree(repo, { mtimes: true }));
    expect(formatChanges(changes.filter((c) => c.path !== repo))).toBe('');
  });

  it('a borg write waits for the release, then runs (nothing written during the hold)', async () => {
    const lock = await borg.acquireLock(repo, ctx);
    const notLock = { ignore: (p: string) => /\/lock\.(exclusive|roster)/.test(p) };
    const held = await snapshotTree(repo, notLock);
    let settled = false;
    const create = rawBorg(base, ['create', '--lock-wait', '60', `${repo}::second`, src], secret);
    void create.finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 1500));
    expect(settled).toBe(false);
    expect(formatChanges(diffSnapshots(held, await snapshotTree(repo, notLock)))).toBe('');
    await lock.release();
    const r = await create;
    expect(r.exitCode, r.stderr).toBe(0);
    expect((await rawBorg(base, ['list', '--short', repo], secret)).stdout).toMatch(/^second$/m);
  });

  it('a borg with a short --lock-wait times out while it is held', async () => {
    const lock = await borg.acquireLock(repo, ctx);
    try {
      const r = await rawBorg(base, ['list', '--lock-wait', '1', repo], secret);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toMatch(/Failed to create\/acquire the lock .*lock\.exclusive \(timeout\)/);
    } finally {
      await lock.release();
    }
  });

  it('waits for shared holders (readers), then times out naming them', async () => {
    writeFileSync(
      join(repo, 'lock.roster'),
      JSON.stringify({ shared: [['otherhost@7', 4242, 0]] }),
    );
    try {
      const e = await borg.acquireLock(repo, { ...ctx, lockWait: 0.3 }).catch((err) => err);
      expect(e).toBeInstanceOf(BorgError);
      expect((e as BorgError).kind).toBe('lock-timeout');
      expect((e as BorgError).message).toMatch(
        /^repository .* is locked by host otherhost, PID 4242 \(on another host\)$/,
      );
    } finally {
      rmSync(join(repo, 'lock.roster'), { force: true });
    }
  });

  it('a lock left by a killed holder of this host is cleared (noted) and taken', async () => {
    const dead = spawnSync('true').pid!;
    mkdirSync(join(repo, 'lock.exclusive'));
    writeFileSync(join(repo, 'lock.exclusive', `${hostname()}@1.${dead}-0`), '');
    notices.length = 0;
    const lock = await borg.acquireLock(repo, { ...ctx, lockWait: 0.3 });
    await lock.release();
    expect(notices).toEqual([expect.stringMatching(/cleared a stale borg lock .*not running/)]);
    expect((await rawBorg(base, ['list', repo], secret)).exitCode).toBe(0);
  });

  it('after a borgboi killed while holding it, the next borg command of this host runs', async () => {
    const dead = spawnSync('true').pid!;
    mkdirSync(join(repo, 'lock.exclusive'));
    writeFileSync(join(repo, 'lock.exclusive', `${hostId}.${dead}-0`), '');
    writeFileSync(join(repo, 'lock.roster'), JSON.stringify({ exclusive: [[hostId, dead, 0]] }));
    const r = await borg.listArchives(repo, { ...ctx, lockWait: 1 });
    expect(r.result.archives.length).toBeGreaterThan(0);
    expect(existsSync(join(repo, 'lock.exclusive'))).toBe(false);
  });

  it.each([
    ['a missing directory', join(root, 'nope')],
    ['a directory that is not a repository', src],
  ])('refuses %s (repo-missing), creating nothing', async (_n, path) => {
    const before = await snapshotTree(root);
    const e = await borg.acquireLock(path, ctx).catch((err) => err);
    expect((e as BorgError).kind).toBe('repo-missing');
    expect(diffSnapshots(before, await snapshotTree(root))).toEqual([]);
  });
});

describe('borgHostId', () => {
  const eth = (mac: string, internal = false) => [
    { address: '10.0.0.2', netmask: '', family: 'IPv4' as const, mac, internal, cidr: null },
  ];
  it.each([
    [
      'BORG_HOST_ID wins',
      { BORG_HOST_ID: 'mine@42' },
      { eth0: eth('02:fc:00:00:00:01') },
      'mine@42',
    ],
    [
      'first MAC as an integer',
      {},
      { lo: eth('00:00:00:00:00:00', true), eth0: eth('02:fc:00:00:00:01') },
      'vm@3281355014145',
    ],
    ['no MAC at all', {}, { lo: eth('00:00:00:00:00:00', true) }, 'vm@0'],
  ])('%s', (_n, env, interfaces, id) => {
    expect(borgHostId('vm', env, interfaces)).toBe(id);
  });
});
