import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanRepoDir } from '../../src/aws/local-files.js';
import { getObjectBytes, listKeys, repoDigest } from '../support/aws.js';
import { hashTree, runBorg, writeDataTree } from '../support/borg-fixtures.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { diffSnapshots, snapshotTree } from '../support/snapshot.js';
import {
  createOnlineWorld,
  errorLine,
  expectMirror,
  jsonOf,
  objectSizes,
  type OnlineWorld,
} from './online-support.js';

/**
 * One repository through its online life, CLI only: daily with sync, no-op and incremental
 * syncs counted at a proxy, the borg lock held during a sync, stats, restore, verify.
 * The tests build on each other (one repo: every borg start costs).
 */
const NAME = 'docs';
let w: OnlineWorld;
let repo: string;
let source: string;
let proxy: FaultProxy;

beforeAll(async () => {
  w = await createOnlineWorld('onl-sync');
  repo = join(w.root, 'repos', NAME);
  mkdirSync(join(w.root, 'repos'));
  source = join(w.root, 'source');
  writeDataTree(source, { files: 12, maxFileBytes: 16 * 1024 });
  proxy = await startFaultProxy({ target: w.s3Endpoint });
});
afterAll(async () => {
  await proxy?.stop();
  await w?.dispose();
});

/** Through the counting proxy in front of s3rver. */
const viaProxy = () => ({ AWS_ENDPOINT_URL_S3: proxy.endpoint });
const writes = () => {
  const m = proxy.stats.byMethod;
  return (m.PUT ?? 0) + (m.POST ?? 0) + (m.DELETE ?? 0);
};
const record = () =>
  (w.dataFile('repositories.json') as { repositories: Array<Record<string, unknown>> })
    .repositories[0]!;

async function backupRun(archive: string, change: () => void): Promise<void> {
  change();
  const r = await w.bb(['backup', 'run', '-n', NAME, '-a', archive]);
  expect(r.code, r.stderr).toBe(0);
}

describe('online backup daily → S3, stats cache, bb-repos item', () => {
  it('mirrors every repo file byte-equal and records the sync everywhere', async () => {
    const created = await w.bb(['repo', 'create', '-p', repo, '-b', source, '-n', NAME]);
    expect(created.code, created.stderr).toBe(0);
    const daily = await w.bb(['backup', 'daily', '-n', NAME, '--json']);
    expect(daily.code, daily.stderr).toBe(0);
    const steps = jsonOf<{ steps: Array<{ name: string; result: string }> }>(daily).steps;
    expect(steps.find((s) => s.name === 'sync')?.result).toBe('ok');
    await expectMirror(w, NAME, repo);
    const head = await w.s3.send(
      new HeadObjectCommand({ Bucket: w.bucket, Key: `${NAME}/config` }),
    );
    expect(head.StorageClass).toBe('INTELLIGENT_TIERING');

    const rec = record();
    expect(rec.last_s3_sync).toEqual(expect.any(String));
    expect(Date.parse(rec.last_s3_sync as string)).toBeGreaterThanOrEqual(
      Date.parse(rec.created_at as string),
    );
    const remote = await objectSizes(w, `${NAME}/`);
    const stats = (w.dataFile('s3-stats.json') as { repos: Record<string, unknown> }).repos;
    expect(stats[NAME]).toMatchObject({
      total_size_bytes: remote.bytes,
      object_count: remote.count,
      cached_at: expect.any(String),
    });

    const key = { repo_path: { S: repo }, hostname: { S: hostname() } };
    const { Item } = await w.ddb.send(new GetItemCommand({ TableName: w.table, Key: key }));
    expect(Item).toMatchObject({
      repo_path: { S: repo },
      hostname: { S: hostname() },
      repo_name: { S: NAME },
      backup_target_path: { S: source },
      os_platform: { S: 'Linux' },
      created_at: { S: rec.created_at },
      last_backup: { S: rec.last_backup },
      last_s3_sync: { S: rec.last_s3_sync },
      passphrase_file_path: { S: join(w.home, '.borgboi', 'passphrases', `${NAME}.key`) },
    });
    // Python's shape: nulls omitted, no legacy name, no passphrase when it lives in a file.
    expect(Object.values(Item!).filter((v) => 'NULL' in v)).toEqual([]);
    expect(Item).not.toHaveProperty('common_name');
    expect(Item).not.toHaveProperty('passphrase');
  });
});

describe('s3 sync uploads only what changed', () => {
  it('a second sync with no change makes zero write requests', async () => {
    proxy.resetStats();
    const r = await w.bb(['s3', 'sync', '-n', NAME, '--json'], { env: viaProxy() });
    expect(r.code, r.stderr).toBe(0);
    const [res] = jsonOf<{ results: Array<{ uploaded: unknown[]; unchanged: number }> }>(r).results;
    expect(res!.uploaded).toEqual([]);
    expect(res!.unchanged).toBe((await scanRepoDir(repo)).length);
    expect(proxy.stats.requests).toBeGreaterThan(0);
    expect(proxy.stats.byMethod).not.toHaveProperty('PUT');
    expect(writes()).toBe(0);
  });

  it('after one more backup only the new and changed files go up, one PUT each', async () => {
    const before = await repoDigest(repo);
    await backupRun('second', () => writeFileSync(join(source, 'added.txt'), 'added\n'));
    const after = await repoDigest(repo);
    const changed = [...after].filter(([rel, sha]) => before.get(rel) !== sha).map(([r]) => r);
    const gone = [...before.keys()].filter((rel) => !after.has(rel));
    expect(changed.length).toBeGreaterThan(0);

    proxy.resetStats();
    const r = await w.bb(['s3', 'sync', '-n', NAME, '--json'], { env: viaProxy() });
    expect(r.code, r.stderr).toBe(0);
    const [res] = jsonOf<{ results: Array<{ uploaded: Array<{ key: string }> }> }>(r).results;
    const uploaded = res!.uploaded.map((u) => u.key).sort();
    expect(uploaded).toEqual(changed.map((rel) => `${NAME}/${rel}`).sort());
    expect(proxy.stats.byMethod.PUT).toBe(uploaded.length);
    await expectMirror(
      w,
      NAME,
      repo,
      gone.map((rel) => `${NAME}/${rel}`),
    );
  });
});

describe('the sync holds the borg repository lock', () => {
  it('a borg create during a sync times out on the lock; the S3 copy is the locked state', async () => {
    await backupRun('third', () => writeFileSync(join(source, 'third.txt'), 'third\n'));
    const held = await repoDigest(repo);
    // Every PUT waits 2.5 s at the proxy: the sync holds the lock for at least two phases of it.
    proxy.setSchedule([{ method: 'PUT', fault: { kind: 'slow', delayMs: 2500 } }]);
    const sync = w.bb(['s3', 'sync', '-n', NAME], { env: viaProxy() });
    try {
      const holder = await waitForLockHolder(repo);
      expect(readFileSync(`/proc/${holder}/cmdline`, 'utf8')).toContain('borgboi');
      const env = {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        BORG_BASE_DIR: w.borgBase,
        BORG_PASSPHRASE: w.passphrase(NAME),
      };
      const create = await runBorg(
        ['create', '--lock-wait', '1', `${repo}::direct`, '.'],
        env,
        source,
      );
      expect(create.code).toBe(2);
      expect(create.stderr).toMatch(/Failed to create\/acquire the lock .*lock\.exclusive/);
    } finally {
      const r = await sync;
      proxy.setSchedule([]);
      expect(r.code, r.stderr).toBe(0);
    }
    expect(await repoDigest(repo)).toEqual(held);
    for (const [rel, sha] of held) {
      const bytes = await getObjectBytes(w.s3, w.bucket, `${NAME}/${rel}`);
      expect(sha256(bytes), rel).toBe(sha);
    }
    expect(readdirSync(repo).filter((n) => n.startsWith('lock.'))).toEqual([]);
  });
});

describe('s3 stats', () => {
  it('shows the cached totals, and --refresh recomputes them from a bucket listing', async () => {
    const cached = jsonOf<{ repos: Record<string, unknown>; bucket: unknown }>(
      await w.bb(['s3', 'stats', '--json']),
    );
    const cache = (w.dataFile('s3-stats.json') as { repos: Record<string, unknown> }).repos;
    expect(cached).toEqual({ repos: cache, bucket: null, refreshed: false });

    const r = await w.bb(['s3', 'stats', '--refresh', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = jsonOf<{
      refreshed: boolean;
      bucket: {
        by_prefix: Record<string, { total_size_bytes: number; object_count: number }>;
        by_storage_class: Record<string, { bytes: number; objects: number }>;
        total: { total_size_bytes: number; object_count: number };
      };
    }>(r);
    const remote = await objectSizes(w, `${NAME}/`);
    const totals = { total_size_bytes: remote.bytes, object_count: remote.count };
    expect(doc.refreshed).toBe(true);
    expect(doc.bucket.by_prefix[NAME]).toMatchObject(totals);
    expect(doc.bucket.total).toMatchObject(totals);
    const classes = Object.values(doc.bucket.by_storage_class);
    expect(classes.reduce((n, c) => n + c.objects, 0)).toBe(remote.count);
    expect(classes.reduce((n, c) => n + c.bytes, 0)).toBe(remote.bytes);
  });
});

describe('s3 restore and s3 verify', () => {
  let target: string;

  it('restores into an empty --target; repo check and backup restore give the source back', async () => {
    target = join(w.root, 'restored', NAME);
    const r = await w.bb(['s3', 'restore', '-n', NAME, '--target', target, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(jsonOf(r)).toMatchObject({ repo: NAME, registered: true, target });
    for (const [rel, sha] of await repoDigest(repo)) {
      expect(sha256(readFileSync(join(target, rel))), rel).toBe(sha);
    }
    const check = await w.bb(['repo', 'check', '-n', NAME]);
    expect(check.code, check.stderr).toBe(0);
    const out = join(w.root, 'extracted');
    const restored = await w.bb(['backup', 'restore', '-n', NAME, '-a', 'third', '--target', out]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(await hashTree(join(out, source))).toEqual(await hashTree(source));
  });

  it('refuses to restore over the local repository without --force (exit 2, nothing changed)', async () => {
    const before = await snapshotTree([w.home, target], { mtimes: true });
    const r = await w.bb(['s3', 'restore', '-n', NAME]);
    expect(r.code).toBe(2);
    expect(errorLine(r)).toMatch(
      new RegExp(`repository '${NAME}' already exists locally at ${target}; pass --force`),
    );
    expect(diffSnapshots(before, await snapshotTree([w.home, target], { mtimes: true }))).toEqual(
      [],
    );
  });

  it('s3 verify passes on the good copy and fails (exit 1) once a segment object is corrupted', async () => {
    const ok = await w.bb(['s3', 'verify', '-n', NAME, '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(jsonOf(ok)).toMatchObject({ repo: NAME, ok: true, check: { ok: true } });

    const segments = (await listKeys(w.s3, w.bucket, `${NAME}/data/`)).map((k) => ({
      k,
      size: statSize(join(repo, k.slice(NAME.length + 1))),
    }));
    const biggest = segments.sort((a, b) => b.size - a.size)[0]!.k;
    const bytes = await getObjectBytes(w.s3, w.bucket, biggest);
    bytes[bytes.length >> 1]! ^= 0xff;
    await w.s3.send(new PutObjectCommand({ Bucket: w.bucket, Key: biggest, Body: bytes }));

    const bad = await w.bb(['s3', 'verify', '-n', NAME]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(
      new RegExp(`^S3 copy of '${NAME}': FAILED \\(.*borg check found problems\\)$`, 'm'),
    );
    expect(bad.stderr).toMatch(/checksum mismatch|integrity error/i);
    // The drill's scratch copy is gone either way.
    expect(readdirSync(join(w.root, 'tmp'))).toEqual([]);
  });
});

function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

function statSize(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

/** The PID named in the repo's lock roster, once some process holds the lock. */
async function waitForLockHolder(repoDir: string): Promise<number> {
  for (let i = 0; i < 600; i++) {
    try {
      const roster = JSON.parse(readFileSync(join(repoDir, 'lock.roster'), 'utf8')) as {
        exclusive?: Array<[string, number, number]>;
      };
      const pid = roster.exclusive?.[0]?.[1];
      if (pid) return pid;
    } catch {
      // not locked (yet)
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the sync never took the repository lock');
}
