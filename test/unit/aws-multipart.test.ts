import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SdkS3Mirror } from '../../src/aws/s3-mirror.js';
import { useTempDirs } from '../support/temp.js';

const tempDir = useTempDirs();

/** A directory shaped like a borg repo: config, index, one 11 MiB segment (3 parts of 5 MiB). */
function fakeRepo(): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'data', '0'), { recursive: true });
  writeFileSync(join(dir, 'config'), '[repository]\nversion = 1\n');
  writeFileSync(join(dir, 'index.2'), randomBytes(100));
  writeFileSync(join(dir, 'data', '0', '2'), randomBytes(11 * 1024 * 1024));
  return dir;
}

function serverError(): S3ServiceException {
  return new S3ServiceException({
    name: 'InternalError',
    $fault: 'server',
    $metadata: { httpStatusCode: 500 },
    message: 'We encountered an internal error. Please try again.',
  });
}

describe('multipart upload failure during sync (aws-sdk-client-mock)', () => {
  const client = new S3Client({
    region: 'us-east-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });
  const s3 = mockClient(client);
  afterEach(() => s3.reset());

  it('aborts the multipart upload, never completes it, uploads no index/config, names the key', async () => {
    s3.on(ListObjectsV2Command).resolves({ Contents: [], IsTruncated: false });
    s3.on(HeadObjectCommand).rejects(new Error('no HEAD expected: nothing is remote'));
    s3.on(PutObjectCommand).resolves({});
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'up-1' });
    s3.on(UploadPartCommand).resolvesOnce({ ETag: '"part-1"' }).rejects(serverError());
    s3.on(AbortMultipartUploadCommand).resolves({});
    const mirror = new SdkS3Mirror({
      client,
      bucket: 'bkt',
      storageClass: 'INTELLIGENT_TIERING',
      concurrency: 4,
      partSizeMb: 5,
    });
    await expect(mirror.sync(fakeRepo(), 'repo', {})).rejects.toMatchObject({
      code: 'aws',
      exitCode: 1,
      message: expect.stringMatching(
        /^cannot upload s3:\/\/bkt\/repo\/data\/0\/2: AWS failed with InternalError \(HTTP 500\) after \d+ attempts$/,
      ),
    });
    expect(s3.commandCalls(AbortMultipartUploadCommand)).toHaveLength(1);
    expect(s3.commandCalls(AbortMultipartUploadCommand)[0]!.args[0].input).toMatchObject({
      Bucket: 'bkt',
      Key: 'repo/data/0/2',
      UploadId: 'up-1',
    });
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
    const putKeys = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key);
    expect(putKeys).not.toContain('repo/config');
    expect(putKeys).not.toContain('repo/index.2');
  });

  it('sets the storage class and the sha256 metadata on small files, none on segments', async () => {
    s3.on(ListObjectsV2Command).resolves({ Contents: [], IsTruncated: false });
    s3.on(PutObjectCommand).resolves({});
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'up-2' });
    s3.on(UploadPartCommand).resolves({ ETag: '"p"' });
    s3.on(CompleteMultipartUploadCommand).resolves({});
    const stamp = new Date('2026-11-30T12:00:01.000Z');
    s3.on(HeadObjectCommand).resolves({ LastModified: stamp });
    const mirror = new SdkS3Mirror({
      client,
      bucket: 'bkt',
      storageClass: 'STANDARD_IA',
      concurrency: 2,
      partSizeMb: 5,
    });
    const res = await mirror.sync(fakeRepo(), 'repo', {});
    expect(res.uploaded).toHaveLength(3);
    // Totals without a second listing: the uploads, stamped by a HEAD of the last phase (config).
    expect(res.remote).toEqual({
      total_size_bytes: res.uploaded.reduce((n, u) => n + u.size, 0),
      object_count: 3,
      last_modified: stamp.toISOString(),
    });
    expect(s3.commandCalls(HeadObjectCommand).map((c) => c.args[0].input.Key)).toEqual([
      'repo/config',
    ]);
    const config = s3
      .commandCalls(PutObjectCommand)
      .find((c) => c.args[0].input.Key === 'repo/config');
    expect(config!.args[0].input).toMatchObject({
      StorageClass: 'STANDARD_IA',
      Metadata: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    const create = s3.commandCalls(CreateMultipartUploadCommand)[0]!.args[0].input;
    expect(create).toMatchObject({ Key: 'repo/data/0/2', StorageClass: 'STANDARD_IA' });
    expect(create.Metadata).toBeUndefined();
    expect(s3.commandCalls(UploadPartCommand)).toHaveLength(3);
  });
});
