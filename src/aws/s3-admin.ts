import { CopyObjectCommand, type StorageClass } from '@aws-sdk/client-s3';
import { BorgboiError } from '../core/errors.js';
import { awsCall } from './errors.js';
import { deleteKeys } from './s3-delete.js';
import { copySource, prefixRoot, relativeKey } from './s3-keys.js';
import { listObjects, s3Ctx, statsOf, type RemoteObject, type S3Target } from './s3-listing.js';
import { runPool } from './task-pool.js';
import type { BucketStats, PrefixStats, TransferOptions } from './types.js';

export async function prefixStats(
  t: S3Target,
  prefix: string,
  opts: TransferOptions = {},
): Promise<PrefixStats> {
  return statsOf(await listObjects(t, prefixRoot(prefix), opts.signal));
}

/** One flat listing of the bucket, grouped by storage class and by top-level prefix (repo). */
export async function bucketStats(t: S3Target, opts: TransferOptions = {}): Promise<BucketStats> {
  const all = await listObjects(t, '', opts.signal);
  const byStorageClass: BucketStats['byStorageClass'] = {};
  const groups = new Map<string, RemoteObject[]>();
  for (const o of all) {
    const c = (byStorageClass[o.storageClass] ??= { bytes: 0, objects: 0 });
    c.bytes += o.size;
    c.objects++;
    const slash = o.key.indexOf('/');
    const top = slash < 0 ? '' : o.key.slice(0, slash);
    const g = groups.get(top);
    if (g) g.push(o);
    else groups.set(top, [o]);
  }
  const byPrefix: BucketStats['byPrefix'] = {};
  for (const [top, objs] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1)))
    byPrefix[top] = statsOf(objs);
  return { bucket: t.bucket, byStorageClass, byPrefix, total: statsOf(all) };
}

/** 5 GiB: the largest object a single CopyObject can copy. */
const MAX_COPY = 5 * 1024 ** 3;

/**
 * `old/…` → `new/…` by CopyObject (metadata kept, storage class set again: S3 would reset it to
 * STANDARD), then a batch delete of the old keys once every copy exists. A re-run after an
 * interruption skips keys already copied with the right size. Refuses when `new/` holds other
 * objects, so two repos are never merged into one prefix.
 */
export async function movePrefix(
  t: S3Target,
  storageClass: string,
  concurrency: number,
  oldPrefix: string,
  newPrefix: string,
  opts: TransferOptions,
): Promise<{ moved: number }> {
  const [from, to] = [prefixRoot(oldPrefix), prefixRoot(newPrefix)];
  const [src, dst] = await Promise.all([
    listObjects(t, from, opts.signal),
    listObjects(t, to, opts.signal),
  ]);
  const srcSizes = new Map(src.map((o) => [relativeKey(from, o.key) ?? o.key, o.size]));
  // A resumed move finds copies of its own objects; anything else belongs to someone else.
  const stray = dst.filter((o) => srcSizes.get(relativeKey(to, o.key) ?? o.key) !== o.size);
  if (stray.length > 0)
    throw new BorgboiError(
      'already-exists',
      `s3://${t.bucket}/${to} already holds ${stray.length} other objects (e.g. ${stray[0]?.key})`,
      { hint: `delete that prefix first ('borgboi s3 delete') or choose another name` },
    );
  const have = new Map(dst.map((o) => [o.key, o.size]));
  const todo = src.filter((o) => have.get(`${to}${o.key.slice(from.length)}`) !== o.size);
  const tooBig = todo.find((o) => o.size > MAX_COPY);
  if (tooBig)
    throw new BorgboiError('aws', `cannot copy ${tooBig.key}: larger than 5 GiB`, {
      hint: 'lower the repository max_segment_size, or move the prefix with the aws CLI',
    });
  if (opts.dryRun) return { moved: src.length };
  await runPool(
    todo,
    concurrency,
    async (o) => {
      const key = `${to}${o.key.slice(from.length)}`;
      await awsCall(s3Ctx(t, `copy s3://${t.bucket}/${o.key} to ${key}`), opts.signal, () =>
        t.client.send(
          new CopyObjectCommand({
            Bucket: t.bucket,
            Key: key,
            CopySource: copySource(t.bucket, o.key),
            StorageClass: storageClass as StorageClass,
          }),
          { abortSignal: opts.signal },
        ),
      );
    },
    opts.signal,
  );
  await deleteKeys(
    t,
    src.map((o) => o.key),
    concurrency,
    opts,
  );
  return { moved: src.length };
}
