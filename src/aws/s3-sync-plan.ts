import { hashFileAll, type LocalFile } from './local-files.js';
import { headMetadata, type RemoteObject, type S3Target } from './s3-listing.js';
import { HASH_META } from './s3-upload.js';
import { relativeKey } from './s3-keys.js';
import { runPool } from './task-pool.js';

export interface PlannedUpload {
  file: LocalFile;
  key: string;
  reason: 'new' | 'changed';
  /** Content hash stored as x-amz-meta-sha256 (null for segments: immutable, size-compared). */
  sha256: string | null;
}

export interface SyncPlan {
  uploads: PlannedUpload[];
  unchanged: number;
  /** Remote keys under the prefix with no local file (deleted only when asked). */
  goneLocally: RemoteObject[];
}

const PLAIN_MD5 = /^[0-9a-f]{32}$/;

/**
 * Is the remote copy of a mutable file (index, hints, config …) the same content? A plain-MD5
 * ETag from the listing that equals the local MD5 says so without a request (a PutObject's
 * ETag is its MD5; an SSE-KMS or multipart ETag is not, and cannot equal it by chance). Else our
 * uploads carry x-amz-meta-sha256 (one HEAD); objects written by Python borgboi (`aws s3 sync`)
 * carry none, and a non-matching or non-MD5 ETag then means upload again (small files).
 */
async function sameContent(
  t: S3Target,
  remote: RemoteObject,
  digests: { sha256: string; md5: string | null },
  signal?: AbortSignal,
): Promise<boolean> {
  if (digests.md5 !== null && digests.md5 === remote.etag) return true;
  const stored = (await headMetadata(t, remote.key, signal))[HASH_META];
  return stored === digests.sha256;
}

/**
 * Compares each local file with its object from one listing. Segments: same size ⇒ unchanged
 * (borg never rewrites a segment in place). Everything else: size, then content hash.
 */
export async function planSync(
  t: S3Target,
  root: string,
  local: readonly LocalFile[],
  remote: readonly RemoteObject[],
  concurrency: number,
  signal?: AbortSignal,
): Promise<SyncPlan> {
  const byRel = new Map<string, RemoteObject>();
  for (const o of remote) {
    const rel = relativeKey(root, o.key);
    if (rel !== null) byRel.set(rel, o);
  }
  const uploads: PlannedUpload[] = [];
  let unchanged = 0;
  const needsContentCheck: LocalFile[] = [];
  for (const file of local) {
    const r = byRel.get(file.rel);
    const key = `${root}${file.rel}`;
    if (file.kind === 'segment' && r?.size === file.size) unchanged++;
    else if (file.kind === 'segment')
      uploads.push({ file, key, reason: r ? 'changed' : 'new', sha256: null });
    else needsContentCheck.push(file);
  }
  await runPool(
    needsContentCheck,
    concurrency,
    async (file) => {
      const r = byRel.get(file.rel);
      const key = `${root}${file.rel}`;
      const md5Too = r?.etag != null && PLAIN_MD5.test(r.etag);
      const hex = await hashFileAll(file.abs, md5Too ? ['sha256', 'md5'] : ['sha256']);
      const sha256 = hex[0] as string;
      const md5 = hex[1] ?? null;
      if (r && r.size === file.size && (await sameContent(t, r, { sha256, md5 }, signal)))
        unchanged++;
      else uploads.push({ file, key, reason: r ? 'changed' : 'new', sha256 });
    },
    signal,
  );
  const localRels = new Set(local.map((f) => f.rel));
  const goneLocally = remote.filter((o) => {
    const rel = relativeKey(root, o.key);
    return rel !== null && !localRels.has(rel);
  });
  uploads.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { uploads, unchanged, goneLocally };
}
