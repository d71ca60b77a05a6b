import { DeleteObjectsCommand } from '@aws-sdk/client-s3';
import { BorgboiError } from '../core/errors.js';
import { awsCall } from './errors.js';
import { listObjects, s3Ctx, type S3Target } from './s3-listing.js';
import { prefixRoot } from './s3-keys.js';
import { runPool } from './task-pool.js';
import type { S3Progress, TransferOptions } from './types.js';

const BATCH = 1000;

/** DeleteObjects in batches of 1000 (the API maximum); any per-key error fails the call. */
export async function deleteKeys(
  t: S3Target,
  keys: readonly string[],
  concurrency: number,
  opts: TransferOptions,
): Promise<void> {
  const batches: string[][] = [];
  for (let i = 0; i < keys.length; i += BATCH) batches.push(keys.slice(i, i + BATCH));
  let done = 0;
  const progress = (key: string | null): S3Progress => ({
    phase: 'delete',
    filesDone: done,
    filesTotal: keys.length,
    bytesDone: 0,
    bytesTotal: 0,
    key,
  });
  const ctx = s3Ctx(t, `delete objects in s3://${t.bucket}/`);
  await runPool(
    batches,
    Math.min(concurrency, 4),
    async (batch) => {
      const out = await awsCall(ctx, opts.signal, () =>
        t.client.send(
          new DeleteObjectsCommand({
            Bucket: t.bucket,
            Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
          }),
          { abortSignal: opts.signal },
        ),
      );
      const failed = out.Errors ?? [];
      if (failed.length > 0) {
        const first = failed[0];
        throw new BorgboiError(
          'aws',
          `cannot delete ${failed.length} of ${batch.length} objects in s3://${t.bucket}/ (first: ${first?.Key ?? '?'}: ${first?.Code ?? '?'})`,
          { hint: 'check s3:DeleteObject permission on the bucket, then run the command again' },
        );
      }
      done += batch.length;
      opts.onProgress?.(progress(batch[batch.length - 1] ?? null));
    },
    opts.signal,
  );
}

/** Every object under `prefix/` (never `prefix2/…`): listed, then batch-deleted (dry run: listed). */
export async function deletePrefix(
  t: S3Target,
  prefix: string,
  concurrency: number,
  opts: TransferOptions,
): Promise<{ deleted: number; keys: string[] }> {
  const root = prefixRoot(prefix);
  const keys = (await listObjects(t, root, opts.signal)).map((o) => o.key);
  if (!opts.dryRun) await deleteKeys(t, keys, concurrency, opts);
  return { deleted: keys.length, keys };
}
