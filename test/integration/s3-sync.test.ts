import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SdkS3Mirror } from '../../src/aws/s3-mirror.js';
import type { S3Progress } from '../../src/aws/types.js';
import {
  borg,
  countRequests,
  createBucket,
  getObjectBytes,
  listKeys,
  makeBorgRepo,
  repoDigest,
  testS3Client,
  writeRequests,
  writeSourceTree,
} from '../support/aws.js';
import { useTempDirs } from '../support/temp.js';

const tempDir = useTempDirs();
const suiteDir = mkdtempSync(join(tmpdir(), 'bb-s3sync-'));
afterAll(() => rmSync(suiteDir, { recursive: true, force: true }));

/** Sorted keys `name/<rel>` of every file the mirror should hold for a digest. */
function keysOf(digest: Map<string, string>, prefix: string): string[] {
  return [...digest.keys()].map((rel) => `${prefix}/${rel}`).sort();
}

async function expectMirrorEquals(
  client: ReturnType<typeof testS3Client>,
  bucket: string,
  prefix: string,
  digest: Map<string, string>,
  repo: string,
): Promise<void> {
  expect(await listKeys(client, bucket, `${prefix}/`)).toEqual(keysOf(digest, prefix));
  for (const rel of digest.keys()) {
    const remote = await getObjectBytes(client, bucket, `${prefix}/${rel}`);
    expect(remote.equals(readFileSync(join(repo, rel))), rel).toBe(true);
  }
}

describe('S3 sync of a real borg repository (s3rver)', () => {
  const client = testS3Client(inject('s3Endpoint'));
  const counts = countRequests(client);
  let bucket: string;
  let base: string;
  let repo: string;
  let source: string;
  let mirror: SdkS3Mirror;

  beforeAll(async () => {
    bucket = await createBucket(client, 'sync');
    mirror = new SdkS3Mirror({
      client,
      bucket,
      storageClass: 'INTELLIGENT_TIERING',
      concurrency: 4,
      partSizeMb: 5,
    });
  });

  it('mirrors every file byte-equal, multipart for the big segment, config last', async () => {
    base = join(suiteDir, 'borg-base');
    source = join(suiteDir, 'src');
    repo = join(suiteDir, 'repo');
    writeSourceTree(source, 20, 7 * 1024 * 1024);
    makeBorgRepo(repo, source, base);
    const order: string[] = [];
    const res = await mirror.sync(repo, 'alpha', {
      onProgress: (p: S3Progress) => p.key && order.push(p.key),
    });
    const digest = await repoDigest(repo);
    await expectMirrorEquals(client, bucket, 'alpha', digest, repo);
    expect(res.uploaded.map((u) => u.key).sort()).toEqual(keysOf(digest, 'alpha'));
    expect(res.uploaded.every((u) => u.reason === 'new')).toBe(true);
    expect(order.at(-1)).toBe('alpha/config');
    const lastSegment = Math.max(...order.map((k, i) => (/\/data\//.test(k) ? i : -1)));
    const firstIndex = order.findIndex((k) => /\/index\.\d+$/.test(k));
    expect(lastSegment).toBeLessThan(firstIndex);
    expect(counts.UploadPartCommand ?? 0).toBeGreaterThanOrEqual(2);
    expect(res.remote.object_count).toBe(digest.size);
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'alpha/config' }));
    expect(head.StorageClass).toBe('INTELLIGENT_TIERING');
    expect(head.Metadata?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a second sync with no change makes zero write requests', async () => {
    for (const k of Object.keys(counts)) delete counts[k];
    const res = await mirror.sync(repo, 'alpha', {});
    expect(writeRequests(counts)).toBe(0);
    expect(counts.ListObjectsV2Command).toBe(1);
    // The listing's ETags (MD5s of our PutObjects) prove index, hints, config … unchanged.
    expect(counts.HeadObjectCommand ?? 0).toBe(0);
    expect(res.uploaded).toEqual([]);
    expect(res.unchanged).toBe((await repoDigest(repo)).size);
  });

  it('a small file changed at the same size is uploaded again (MD5 differs, sha256 checked)', async () => {
    const readme = join(repo, 'README');
    const original = readFileSync(readme);
    const changed = Buffer.from(original);
    changed[0] = changed[0] === 0x54 ? 0x74 : 0x54;
    try {
      writeFileSync(readme, changed);
      const res = await mirror.sync(repo, 'alpha', {});
      expect(res.uploaded).toEqual([
        { key: 'alpha/README', size: original.length, reason: 'changed' },
      ]);
      expect((await getObjectBytes(client, bucket, 'alpha/README')).equals(changed)).toBe(true);
    } finally {
      writeFileSync(readme, original);
    }
    const back = await mirror.sync(repo, 'alpha', {});
    expect(back.uploaded.map((u) => u.key)).toEqual(['alpha/README']);
  });

  it('after another borg create only the new and changed files go up', async () => {
    const before = await repoDigest(repo);
    writeSourceTree(join(source, 'more'), 5);
    borg(['create', `${repo}::a2`, '.'], base, source);
    const after = await repoDigest(repo);
    const expected = [...after]
      .filter(([rel, sha]) => before.get(rel) !== sha)
      .map(([rel]) => `alpha/${rel}`)
      .sort();
    for (const k of Object.keys(counts)) delete counts[k];
    const res = await mirror.sync(repo, 'alpha', {});
    expect(res.uploaded.map((u) => u.key).sort()).toEqual(expected);
    expect(counts.PutObjectCommand).toBe(expected.length);
    for (const u of res.uploaded)
      expect(u.reason, u.key).toBe(before.has(u.key.slice('alpha/'.length)) ? 'changed' : 'new');
    // Without --delete the superseded index/hints of transaction 1 stay in S3.
    const stale = [...before.keys()].filter((rel) => !after.has(rel));
    expect(stale.length).toBeGreaterThan(0);
    expect(await listKeys(client, bucket, 'alpha/')).toEqual(
      [...keysOf(after, 'alpha'), ...stale.map((r) => `alpha/${r}`)].sort(),
    );
    // Totals are derived without a second listing; they must match a real one.
    expect(res.remote).toEqual(await mirror.prefixStats('alpha'));
  });

  it('--dry-run returns the plan and changes nothing', async () => {
    borg(['create', `${repo}::a3`, '.'], base, join(source, 'more'));
    const keysBefore = await listKeys(client, bucket, 'alpha/');
    for (const k of Object.keys(counts)) delete counts[k];
    const res = await mirror.sync(repo, 'alpha', { dryRun: true, delete: true });
    expect(res.dryRun).toBe(true);
    expect(res.uploaded.length).toBeGreaterThan(0);
    expect(res.deleted.length).toBeGreaterThan(0);
    expect(res.bytesUploaded).toBe(0);
    expect(writeRequests(counts)).toBe(0);
    expect(await listKeys(client, bucket, 'alpha/')).toEqual(keysBefore);
  });

  it('delete removes remote files gone locally (compacted segments, old index)', async () => {
    borg(['delete', `${repo}::a1`], base);
    borg(['compact', repo], base);
    const res = await mirror.sync(repo, 'alpha', { delete: true });
    const digest = await repoDigest(repo);
    expect(res.deleted.length).toBeGreaterThan(0);
    await expectMirrorEquals(client, bucket, 'alpha', digest, repo);
    expect(res.remote).toEqual(await mirror.prefixStats('alpha'));
  });

  it('an interrupted sync resumes: the re-run uploads only what is missing', async () => {
    const controller = new AbortController();
    const err = await mirror
      .sync(repo, 'beta', {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'upload' && p.filesDone >= 3) controller.abort();
        },
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    const partial = await listKeys(client, bucket, 'beta/');
    expect(partial.length).toBeGreaterThan(0);
    expect(partial).not.toContain('beta/config');
    // An upload cut off by the abort may still have left an object (s3rver keeps a truncated
    // body; real S3 rejects it): only objects that are complete count as already there.
    const complete: string[] = [];
    for (const key of partial) {
      const remote = await getObjectBytes(client, bucket, key);
      if (remote.equals(readFileSync(join(repo, key.slice('beta/'.length))))) complete.push(key);
    }
    expect(complete.length).toBeGreaterThan(0);
    const res = await mirror.sync(repo, 'beta', {});
    const digest = await repoDigest(repo);
    expect(res.unchanged).toBe(complete.length);
    expect(res.uploaded.length).toBe(digest.size - complete.length);
    await expectMirrorEquals(client, bucket, 'beta', digest, repo);
  });

  it.each([
    ['a plain directory', (d: string) => d],
    ['a missing directory', (d: string) => join(d, 'nope')],
  ])('refuses %s (not a borg repository) before any request', async (_label, pick) => {
    for (const k of Object.keys(counts)) delete counts[k];
    await expect(mirror.sync(pick(tempDir()), 'gamma', {})).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringContaining('is not a borg repository'),
    });
    expect(Object.keys(counts)).toEqual([]);
  });
});
