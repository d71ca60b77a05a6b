import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { PrefixStats } from './types.js';
import { awsCall } from './errors.js';
import { sendListPage } from './s3-list-page.js';

export interface RemoteObject {
  key: string;
  size: number;
  etag: string | null;
  lastModified: string | null;
  storageClass: string;
}

export interface S3Target {
  client: S3Client;
  bucket: string;
  region?: string | undefined;
  endpoint?: string | undefined;
}

export function s3Ctx(t: S3Target, action: string) {
  return {
    service: 's3' as const,
    action,
    bucket: t.bucket,
    region: t.region,
    endpoint: t.endpoint,
  };
}

/**
 * Every object under `root` (a prefix ending in `/`, or '' for the bucket), paginated.
 * No delimiter: one flat listing is what we need, and s3rver's delimiter listing drops prefixes.
 */
export async function listObjects(
  t: S3Target,
  root: string,
  signal?: AbortSignal,
  onPage?: (count: number) => void,
): Promise<RemoteObject[]> {
  const out: RemoteObject[] = [];
  let token: string | undefined;
  const ctx = s3Ctx(t, `list s3://${t.bucket}/${root}`);
  do {
    const page = await awsCall(ctx, signal, () =>
      sendListPage(t.client, { Bucket: t.bucket, Prefix: root, ContinuationToken: token }, signal),
    );
    for (const o of page.contents) {
      if (o.Key === undefined) continue;
      out.push({
        key: o.Key,
        size: o.Size ?? 0,
        etag: o.ETag ? o.ETag.replace(/"/g, '') : null,
        lastModified: o.LastModified ? o.LastModified.toISOString() : null,
        storageClass: o.StorageClass ?? 'STANDARD',
      });
    }
    onPage?.(out.length);
    token = page.nextToken;
  } while (token);
  return out;
}

/** User metadata (`x-amz-meta-*`, lower-cased keys) and LastModified of one object. */
export async function headObject(
  t: S3Target,
  key: string,
  signal?: AbortSignal,
): Promise<{ metadata: Record<string, string>; lastModified: string | null }> {
  const h = await awsCall(s3Ctx(t, `read s3://${t.bucket}/${key}`), signal, () =>
    t.client.send(new HeadObjectCommand({ Bucket: t.bucket, Key: key }), { abortSignal: signal }),
  );
  return { metadata: h.Metadata ?? {}, lastModified: h.LastModified?.toISOString() ?? null };
}

export async function headMetadata(
  t: S3Target,
  key: string,
  signal?: AbortSignal,
): Promise<Record<string, string>> {
  return (await headObject(t, key, signal)).metadata;
}

export function statsOf(objects: readonly RemoteObject[]): PrefixStats {
  let total = 0;
  let newest: string | null = null;
  for (const o of objects) {
    total += o.size;
    if (o.lastModified && (newest === null || o.lastModified > newest)) newest = o.lastModified;
  }
  return { total_size_bytes: total, object_count: objects.length, last_modified: newest };
}
