import { GetObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BorgboiError } from '../core/errors.js';
import { awsCall, rethrowIfAborted, toAwsError } from './errors.js';
import { s3Ctx, type S3Target } from './s3-listing.js';
import { PART_SUFFIX } from './s3-keys.js';
import { HASH_META } from './s3-upload.js';

export interface DownloadEntry {
  key: string;
  rel: string;
  size: number;
}

function corrupt(key: string, what: string): BorgboiError {
  return new BorgboiError('aws', `s3 object ${key} is damaged: ${what}`, {
    hint: 'sync the repository again from a host that holds a good copy, then restore again',
    details: { key },
  });
}

/**
 * Streams one object into `<target>/<rel>.bb-part`, checks its size (and its sha256 when the
 * object carries one), fsyncs and renames it into place: a file under its real name is always
 * complete and verified, so an interrupted restore can resume by size.
 */
export async function downloadObject(
  t: S3Target,
  targetDir: string,
  e: DownloadEntry,
  signal?: AbortSignal,
  onBytes?: (n: number) => void,
): Promise<void> {
  const dest = join(targetDir, ...e.rel.split('/'));
  const tmp = `${dest}${PART_SUFFIX}`;
  await mkdir(dirname(dest), { recursive: true });
  const ctx = s3Ctx(t, `download s3://${t.bucket}/${e.key}`);
  const out = await awsCall(ctx, signal, () =>
    t.client.send(new GetObjectCommand({ Bucket: t.bucket, Key: e.key }), { abortSignal: signal }),
  );
  const expectedHash = out.Metadata?.[HASH_META];
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    await pipeline(
      out.Body as Readable,
      async function* (src: AsyncIterable<Buffer>) {
        for await (const chunk of src) {
          hash.update(chunk);
          bytes += chunk.length;
          onBytes?.(chunk.length);
          yield chunk;
        }
      },
      createWriteStream(tmp),
      { signal },
    );
    if (bytes !== e.size) throw corrupt(e.key, `${bytes} bytes received, listing says ${e.size}`);
    if (expectedHash !== undefined && hash.digest('hex') !== expectedHash)
      throw corrupt(e.key, 'content does not match its sha256');
    const fh = await open(tmp, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, dest);
  } catch (err) {
    await rm(tmp, { force: true });
    rethrowIfAborted(signal);
    if (err instanceof BorgboiError) throw err;
    if ((err as NodeJS.ErrnoException).syscall !== undefined)
      throw new BorgboiError('io', `cannot write ${dest}: ${(err as Error).message}`, {
        hint: 'check free space and permissions of the target directory',
        cause: err,
      });
    throw toAwsError(err, ctx);
  }
}
