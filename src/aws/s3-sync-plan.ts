import { hashFile, type LocalFile } from './local-files.js';
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
 * Is the remote copy of a mutable file (index, hints, config …) the same content? Our uploads
 * carry x-amz-meta-sha256. Objects written by Python borgboi (`aws s3 sync`) carry none; their
 * ETag is the MD5 only for single-part, non-KMS uploads, so it is trusted only when it looks
 * like one and otherwise the file is simply uploaded again (small files).
 */
async function sameContent(
  t: S3Target,
  remote: RemoteObject,
  file: LocalFile,
  sha256: string,
  signal?: AbortSignal,
): Promise<boolean> {
  const meta = await headMetadata(t, remote.key, signal);
  const stored = meta[HASH_META];
  if (stored !== undefined) return stored === sha256;
  if (remote.etag === null || !PLAIN_MD5.test(remote.etag)) return false;
  return (await hashFile(file.abs, 'md5')) === remote.etag;
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
      const sha256 = await hashFile(file.abs);
      if (r && r.size === file.size && (await sameContent(t, r, file, sha256, signal))) unchanged++;
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
