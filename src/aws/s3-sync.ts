import { performance } from 'node:perf_hooks';
import { assertBorgRepoDir, scanRepoDir } from './local-files.js';
import { deleteKeys } from './s3-delete.js';
import { phaseOf, prefixRoot } from './s3-keys.js';
import {
  headObject,
  listObjects,
  statsOf,
  type RemoteObject,
  type S3Target,
} from './s3-listing.js';
import { planSync, type PlannedUpload, type SyncPlan } from './s3-sync-plan.js';
import { uploadFile, type UploadSettings } from './s3-upload.js';
import { byPhase, runPool } from './task-pool.js';
import type { PrefixStats, S3Progress, SyncResult, TransferOptions } from './types.js';

export interface SyncSettings {
  target: S3Target;
  upload: UploadSettings;
  concurrency: number;
}

/**
 * Uploads in three phases (segments and unknown files, then index/hints/integrity/nonce, then
 * config): an interrupted sync leaves S3 with extra segments at worst, never with an index or
 * config that refers to segments it does not hold. A re-run compares again and uploads only what
 * is missing, so it resumes.
 */
async function uploadAll(
  s: SyncSettings,
  uploads: readonly PlannedUpload[],
  opts: TransferOptions,
): Promise<{ bytes: number; lastPhase: string[] }> {
  let lastPhase: string[] = [];
  const bytesTotal = uploads.reduce((n, u) => n + u.file.size, 0);
  let filesDone = 0;
  let bytesDone = 0;
  const inFlight = new Map<string, number>();
  const report = (key: string | null) => {
    let partial = 0;
    for (const v of inFlight.values()) partial += v;
    const p: S3Progress = {
      phase: 'upload',
      filesDone,
      filesTotal: uploads.length,
      bytesDone: bytesDone + partial,
      bytesTotal,
      key,
    };
    opts.onProgress?.(p);
  };
  for (const phase of byPhase(uploads, (u) => phaseOf(u.file.kind))) {
    lastPhase = phase.map((u) => u.key);
    await runPool(
      phase,
      s.concurrency,
      async (u) => {
        const onBytes = (loaded: number) => {
          inFlight.set(u.key, loaded);
          report(null);
        };
        await uploadFile(s.target, u.file, u.key, u.sha256, s.upload, opts.signal, onBytes);
        inFlight.delete(u.key);
        filesDone++;
        bytesDone += u.file.size;
        report(u.key);
      },
      opts.signal,
    );
  }
  return { bytes: bytesDone, lastPhase };
}

export async function syncDir(
  s: SyncSettings,
  localDir: string,
  prefix: string,
  opts: TransferOptions & { delete?: boolean | undefined },
): Promise<SyncResult> {
  const started = performance.now();
  const root = prefixRoot(prefix);
  await assertBorgRepoDir(localDir);
  opts.onProgress?.(progressOf('list'));
  const [local, remote] = await Promise.all([
    scanRepoDir(localDir),
    listObjects(s.target, root, opts.signal),
  ]);
  const plan = await planSync(s.target, root, local, remote, s.concurrency, opts.signal);
  const toDelete = opts.delete ? plan.goneLocally.map((o) => o.key) : [];
  const dryRun = opts.dryRun === true;
  let bytesUploaded = 0;
  let lastPhase: string[] = [];
  if (!dryRun) {
    ({ bytes: bytesUploaded, lastPhase } = await uploadAll(s, plan.uploads, opts));
    // Deleting last: stale index/segments go only once the new state is fully in S3.
    if (toDelete.length > 0) await deleteKeys(s.target, toDelete, s.concurrency, opts);
  }
  const after = dryRun
    ? statsOf(remote)
    : await statsAfter(s.target, remote, plan, toDelete, lastPhase, opts);
  return {
    bucket: s.target.bucket,
    prefix,
    dryRun,
    uploaded: plan.uploads.map((u) => ({ key: u.key, size: u.file.size, reason: u.reason })),
    deleted: toDelete,
    unchanged: plan.unchanged,
    bytesUploaded,
    durationMs: Math.round(performance.now() - started),
    remote: after,
  };
}

/**
 * The prefix totals after the sync without listing it again (a listing costs one request per
 * 1000 keys): the first listing, minus deleted keys, with the uploaded sizes; the newest
 * LastModified is among the objects of the last upload phase (the phases run one after another),
 * read with a HEAD each (a handful: config, or the index files).
 */
async function statsAfter(
  t: S3Target,
  remote: readonly RemoteObject[],
  plan: SyncPlan,
  deleted: readonly string[],
  lastPhase: readonly string[],
  opts: TransferOptions,
): Promise<PrefixStats> {
  if (plan.uploads.length === 0 && deleted.length === 0) return statsOf(remote);
  const gone = new Set(deleted);
  const byKey = new Map(remote.filter((o) => !gone.has(o.key)).map((o) => [o.key, o]));
  let newest: string | null = null;
  await runPool(lastPhase, 8, async (key) => {
    const { lastModified: m } = await headObject(t, key, opts.signal);
    if (m !== null && (newest === null || m > newest)) newest = m;
  });
  for (const u of plan.uploads) {
    const before = byKey.get(u.key);
    byKey.set(u.key, {
      key: u.key,
      size: u.file.size,
      etag: null,
      lastModified: newest ?? before?.lastModified ?? null,
      storageClass: before?.storageClass ?? 'STANDARD',
    });
  }
  return statsOf([...byKey.values()]);
}

function progressOf(phase: S3Progress['phase']): S3Progress {
  return { phase, filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0, key: null };
}
