import { PutObjectCommand, type StorageClass } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { awsCall, isRetryableAwsError } from './errors.js';
import type { LocalFile } from './local-files.js';
import { s3Ctx, type S3Target } from './s3-listing.js';
import type { Semaphore } from './task-pool.js';

export interface UploadSettings {
  storageClass: string;
  partSize: number;
  /** Parts in flight per multipart upload (each buffers one part). */
  queueSize: number;
  /** Bounds how many multipart uploads buffer parts at once (memory stays flat). */
  multipartSlots: Semaphore;
  /** Attempts for streamed PutObjects (the SDK retries every other request itself). */
  maxAttempts: number;
}

/** Up to this size a file is read into memory: the request is then retryable by the SDK. */
const SMALL_FILE = 1 << 20;

/** Metadata key of the content hash we compare against (x-amz-meta-sha256). */
export const HASH_META = 'sha256';

/**
 * Uploads one local file to `key`. Up to the part size it is one PutObject with a known length;
 * above it lib-storage's Upload runs a multipart upload that it aborts on any failure, so S3
 * never holds a half object under the key.
 */
export async function uploadFile(
  t: S3Target,
  file: LocalFile,
  key: string,
  sha256: string | null,
  s: UploadSettings,
  signal?: AbortSignal,
  onBytes?: (loaded: number) => void,
): Promise<void> {
  const common = {
    Bucket: t.bucket,
    Key: key,
    StorageClass: s.storageClass as StorageClass,
    ...(sha256 ? { Metadata: { [HASH_META]: sha256 } } : {}),
  };
  const ctx = s3Ctx(t, `upload s3://${t.bucket}/${key}`);
  if (file.size <= SMALL_FILE) {
    const body = await readFile(file.abs);
    await awsCall(ctx, signal, () =>
      t.client.send(new PutObjectCommand({ ...common, Body: body, ContentLength: body.length }), {
        abortSignal: signal,
      }),
    );
    return;
  }
  if (file.size <= s.partSize) {
    await awsCall(ctx, signal, () =>
      withRetries(s.maxAttempts, signal, async () => {
        const body = rangeStream(file);
        try {
          return await t.client.send(
            new PutObjectCommand({ ...common, Body: body, ContentLength: file.size }),
            { abortSignal: signal },
          );
        } finally {
          release(body);
        }
      }),
    );
    return;
  }
  await s.multipartSlots.use(() =>
    awsCall(ctx, signal, async () => {
      const body = rangeStream(file);
      const upload = new Upload({
        client: t.client,
        params: {
          ...common,
          Body: body,
          ContentLength: file.size,
        },
        partSize: s.partSize,
        queueSize: s.queueSize,
        leavePartsOnError: false,
      });
      if (onBytes) upload.on('httpUploadProgress', (p) => onBytes(p.loaded ?? 0));
      const onAbort = () => void upload.abort();
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        await upload.done();
      } finally {
        signal?.removeEventListener('abort', onAbort);
        release(body);
      }
    }),
  );
}

/** Exactly `size` bytes as planned: a file that grew since the scan cannot send more. */
function rangeStream(file: LocalFile) {
  return createReadStream(file.abs, { start: 0, end: file.size - 1, highWaterMark: 1 << 20 });
}

/**
 * After an attempt, whatever its outcome: close the file. A request that failed before reading
 * its body leaves the stream unread and open, and its late open error (the file gone by then)
 * would be an uncaught exception.
 */
function release(body: ReturnType<typeof rangeStream>): void {
  body.on('error', () => {});
  body.destroy();
}

/** Exponential backoff with full jitter, like the SDK's standard mode (base 100 ms, cap 20 s). */
async function withRetries<T>(
  maxAttempts: number,
  signal: AbortSignal | undefined,
  fn: () => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= maxAttempts || signal?.aborted || !isRetryableAwsError(err)) {
        const meta = (err as { $metadata?: { attempts?: number } }).$metadata;
        if (meta) meta.attempts = attempt;
        throw err;
      }
      const delay = Math.min(20_000, Math.random() * 100 * 2 ** attempt);
      await sleep(delay, undefined, { signal });
    }
  }
}
