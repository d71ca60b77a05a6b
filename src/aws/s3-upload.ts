import { PutObjectCommand, type StorageClass } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createReadStream } from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { BorgboiError } from '../core/errors.js';
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
      withRetries(s.maxAttempts, signal, () =>
        withBody(file, signal, (body, abortSignal) =>
          t.client.send(new PutObjectCommand({ ...common, Body: body, ContentLength: file.size }), {
            abortSignal,
          }),
        ),
      ),
    );
    return;
  }
  await s.multipartSlots.use(() =>
    awsCall(ctx, signal, () =>
      withBody(file, signal, async (body, abortSignal) => {
        const upload = new Upload({
          client: t.client,
          params: { ...common, Body: body, ContentLength: file.size },
          partSize: s.partSize,
          queueSize: s.queueSize,
          leavePartsOnError: false,
        });
        if (onBytes) upload.on('httpUploadProgress', (p) => onBytes(p.loaded ?? 0));
        const onAbort = () => void upload.abort();
        abortSignal.addEventListener('abort', onAbort, { once: true });
        try {
          await upload.done();
        } finally {
          abortSignal.removeEventListener('abort', onAbort);
        }
      }),
    ),
  );
}

/**
 * Runs one upload attempt with a stream of exactly `size` bytes as planned (a file that grew
 * since the scan cannot send more), under a signal of its own:
 * - the SDK gets a plain stream, not the fs.ReadStream: it re-opens an fs.ReadStream's path to
 *   hash it, a second read of every file that even outlived a failed request;
 * - a read error (file gone or unreadable mid-upload) aborts the request and is what the
 *   attempt reports; the SDK would otherwise never hear of it and wait forever;
 * - the file is closed when the attempt settles, whatever its outcome.
 */
async function withBody<T>(
  file: LocalFile,
  outer: AbortSignal | undefined,
  fn: (body: Readable, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const attempt = new AbortController();
  const onOuter = () => attempt.abort(outer?.reason);
  if (outer?.aborted) onOuter();
  outer?.addEventListener('abort', onOuter, { once: true });
  const source = createReadStream(file.abs, {
    start: 0,
    end: file.size - 1,
    highWaterMark: 1 << 20,
  });
  const body = new PassThrough({ highWaterMark: 1 << 20 });
  let readError: BorgboiError | undefined;
  source.on('error', (e) => {
    readError = new BorgboiError('io', `cannot read ${file.abs} for upload: ${e.message}`, {
      hint: 'something changed the repository during the sync; run the sync again',
      cause: e,
    });
    attempt.abort(readError);
  });
  body.on('error', () => undefined);
  source.pipe(body);
  try {
    const result = await fn(body, attempt.signal);
    if (readError) throw readError;
    return result;
  } catch (err) {
    throw readError ?? err;
  } finally {
    outer?.removeEventListener('abort', onOuter);
    source.destroy();
    body.destroy();
  }
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
