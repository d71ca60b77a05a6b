import { S3Client } from '@aws-sdk/client-s3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { uploadFile } from '../../src/aws/s3-upload.js';
import { Semaphore } from '../../src/aws/task-pool.js';
import { useTempDirs } from '../support/temp.js';

const tempDir = useTempDirs();

/** A server that reads the whole request body before it answers, as S3 does. */
function waitingHandler() {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    handler: {
      handle: async (
        request: { body?: NodeJS.ReadableStream },
        opts?: { abortSignal?: AbortSignal },
      ) => {
        calls++;
        await new Promise<void>((resolve, reject) => {
          opts?.abortSignal?.addEventListener('abort', () => reject(new Error('request aborted')));
          request.body?.on('end', () => resolve());
          request.body?.resume();
        });
        return { response: { statusCode: 200, headers: { etag: '"x"' }, body: undefined } };
      },
    },
  };
}

const settings = {
  storageClass: 'STANDARD',
  partSize: 8 * 1024 * 1024,
  queueSize: 2,
  multipartSlots: new Semaphore(1),
  maxAttempts: 3,
};

describe('a file that cannot be read during its upload', () => {
  it.each([
    ['streamed PutObject (1 MiB < size <= part size)', 2 * 1024 * 1024],
    ['multipart upload (size > part size)', 9 * 1024 * 1024],
  ])('%s: the request is aborted and the read error is reported, no hang', async (_n, size) => {
    const dir = tempDir();
    // planned with this size, but by upload time the path is a directory: every read fails
    const abs = join(dir, 'segment');
    mkdirSync(abs);
    const s = waitingHandler();
    const client = new S3Client({
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
      requestHandler: s.handler,
    });
    const file = { rel: 'data/0/1', abs, size, kind: 'segment' as const };
    await expect(
      uploadFile({ client, bucket: 'bkt' }, file, 'r/data/0/1', null, settings),
    ).rejects.toMatchObject({
      code: 'io',
      message: expect.stringMatching(/^cannot read .*segment for upload: EISDIR/),
      hint: expect.stringContaining('run the sync again'),
    });
  });

  it('a readable file still uploads (the guard changes nothing on success)', async () => {
    const dir = tempDir();
    const abs = join(dir, 'seg');
    writeFileSync(abs, Buffer.alloc(2 * 1024 * 1024, 1));
    const s = waitingHandler();
    const client = new S3Client({
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
      requestHandler: s.handler,
    });
    const file = { rel: 'data/0/2', abs, size: 2 * 1024 * 1024, kind: 'segment' as const };
    await uploadFile({ client, bucket: 'bkt' }, file, 'r/data/0/2', null, settings);
    expect(s.calls).toBe(1);
  });
});
