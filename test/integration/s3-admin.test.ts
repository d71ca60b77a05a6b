import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { SdkS3Mirror } from '../../src/aws/s3-mirror.js';
import { runPool } from '../../src/aws/task-pool.js';
import {
  countRequests,
  createBucket,
  getObjectBytes,
  listKeys,
  testS3Client,
  writeRequests,
} from '../support/aws.js';

describe('S3 stats, delete and move (s3rver)', () => {
  const client = testS3Client(inject('s3Endpoint'));
  const counts = countRequests(client);
  let bucket: string;
  let mirror: SdkS3Mirror;

  async function put(entries: [key: string, size: number][], meta?: Record<string, string>) {
    await runPool(entries, 16, async ([key, size]) => {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: Buffer.alloc(size, key.length),
          StorageClass: 'STANDARD_IA',
          Metadata: meta,
        }),
      );
    });
  }

  beforeEach(async () => {
    bucket = await createBucket(client, 'admin');
    mirror = new SdkS3Mirror({
      client,
      bucket,
      storageClass: 'INTELLIGENT_TIERING',
      concurrency: 8,
      partSizeMb: 16,
    });
    await put([
      ['name/config', 10],
      ['name/data/0/1', 100],
      ['name2/config', 20],
      ['name2/data/0/1', 200],
      ['top.txt', 5],
    ]);
  });

  it('prefixStats totals one prefix and never counts a sibling sharing its start', async () => {
    const s = await mirror.prefixStats('name');
    expect(s).toMatchObject({ total_size_bytes: 110, object_count: 2 });
    expect(Date.parse(s.last_modified!)).not.toBeNaN();
  });

  it('bucketStats groups by top-level prefix and by storage class', async () => {
    const b = await mirror.bucketStats();
    expect(b.total).toMatchObject({ total_size_bytes: 335, object_count: 5 });
    expect(Object.keys(b.byPrefix)).toEqual(['', 'name', 'name2']);
    expect(b.byPrefix.name2).toMatchObject({ total_size_bytes: 220, object_count: 2 });
    // s3rver lists every object as STANDARD whatever was stored (quirk); the sum still holds.
    const classes = Object.values(b.byStorageClass);
    expect(classes.reduce((n, c) => n + c.objects, 0)).toBe(5);
  });

  it('deletePrefix removes name/ only; name2/ and top-level keys stay', async () => {
    const dry = await mirror.deletePrefix('name', { dryRun: true });
    expect(dry.keys.sort()).toEqual(['name/config', 'name/data/0/1']);
    expect(await listKeys(client, bucket)).toHaveLength(5);
    const res = await mirror.deletePrefix('name', {});
    expect(res.deleted).toBe(2);
    expect(await listKeys(client, bucket)).toEqual(['name2/config', 'name2/data/0/1', 'top.txt']);
  });

  it('deletePrefix batches more than 1000 keys (1000 per DeleteObjects)', async () => {
    await put(Array.from({ length: 1005 }, (_, i) => [`many/data/0/${i}`, 1] as [string, number]));
    for (const k of Object.keys(counts)) delete counts[k];
    const res = await mirror.deletePrefix('many', {});
    expect(res.deleted).toBe(1005);
    expect(counts.DeleteObjectsCommand).toBe(2);
    expect(counts.ListObjectsV2Command).toBe(2);
    expect(await listKeys(client, bucket, 'many/')).toEqual([]);
  });

  it('movePrefix copies (metadata and storage class kept) and then deletes the old prefix', async () => {
    await put([['old/index.3', 30]], { sha256: 'abc' });
    const sent: unknown[] = [];
    client.middlewareStack.add(
      (next, ctx) => async (args) => {
        if (ctx.commandName === 'CopyObjectCommand') sent.push(args.input);
        return next(args);
      },
      { step: 'initialize', name: 'capture-copy' },
    );
    const res = await mirror.movePrefix('old', 'new', {});
    client.middlewareStack.remove('capture-copy');
    expect(res.moved).toBe(1);
    expect(await listKeys(client, bucket, 'old/')).toEqual([]);
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'new/index.3' }));
    expect(head.Metadata).toEqual({ sha256: 'abc' });
    // s3rver keeps the source's class on copy (quirk); AWS applies the one we send.
    expect(sent).toEqual([
      expect.objectContaining({
        StorageClass: 'INTELLIGENT_TIERING',
        CopySource: `${bucket}/old/index.3`,
      }),
    ]);
    expect((await getObjectBytes(client, bucket, 'new/index.3')).length).toBe(30);
  });

  it('movePrefix refuses to merge into a prefix holding other objects; nothing changes', async () => {
    for (const k of Object.keys(counts)) delete counts[k];
    await expect(mirror.movePrefix('name', 'name2', {})).rejects.toMatchObject({
      code: 'already-exists',
      exitCode: 2,
    });
    expect(writeRequests(counts)).toBe(0);
  });

  it.each(['', '/name', 'name/', 'a//b', '../x'])('rejects the prefix %j', async (prefix) => {
    await expect(mirror.deletePrefix(prefix, {})).rejects.toMatchObject({ code: 'validation' });
    expect(await listKeys(client, bucket)).toHaveLength(5);
  });
});
