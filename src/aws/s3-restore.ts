import { lstat, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BorgboiError, NotFoundError } from '../core/errors.js';
import { fileSize, hashFile } from './local-files.js';
import { downloadObject, type DownloadEntry } from './s3-download.js';
import {
  classifyRepoFile,
  isIgnoredRepoPath,
  phaseOf,
  prefixRoot,
  relativeKey,
  RESTORE_MARKER,
} from './s3-keys.js';
import { headMetadata, listObjects, type S3Target } from './s3-listing.js';
import { committedEntries } from './s3-repo-state.js';
import { HASH_META } from './s3-upload.js';
import { byPhase, runPool } from './task-pool.js';
import type { RestoreResult, S3Progress, TransferOptions } from './types.js';

export interface RestoreOptions extends TransferOptions {
  /** Restore into a non-empty directory that is not an interrupted restore of ours. */
  force?: boolean | undefined;
}

/** Empty/missing target: fine. Our marker inside: a resume. Anything else needs `force`. */
async function checkTarget(dir: string, force: boolean): Promise<void> {
  const st = await lstat(dir).catch(() => null);
  if (st === null) return;
  if (!st.isDirectory())
    throw new BorgboiError('validation', `restore target '${dir}' is not a directory`, {
      hint: 'pass a directory (it is created when missing)',
    });
  const names = await readdir(dir);
  if (names.length === 0 || names.includes(RESTORE_MARKER) || force) return;
  throw new BorgboiError('already-exists', `restore target '${dir}' is not empty`, {
    hint: 'restore into an empty or new directory (--target DIR), or pass --force to restore over it',
  });
}

function entriesOf(bucket: string, root: string, keys: { key: string; size: number }[]) {
  const entries: DownloadEntry[] = [];
  for (const o of keys) {
    const rel = relativeKey(root, o.key);
    if (rel === null) {
      if (o.key.endsWith('/') && o.size === 0) continue; // a "folder" placeholder object
      throw new BorgboiError('validation', `s3://${bucket}/${o.key} is not a safe file path`, {
        hint: 'remove or rename that object; restore never writes outside the target directory',
      });
    }
    if (!isIgnoredRepoPath(rel)) entries.push({ key: o.key, rel, size: o.size });
  }
  return entries;
}

/** Already there from an earlier (interrupted) run? Segments by size, others by sha256. */
async function alreadyRestored(
  t: S3Target,
  dir: string,
  e: DownloadEntry,
  signal?: AbortSignal,
): Promise<boolean> {
  const path = join(dir, ...e.rel.split('/'));
  if ((await fileSize(path)) !== e.size) return false;
  if (classifyRepoFile(e.rel) === 'segment') return true;
  const stored = (await headMetadata(t, e.key, signal))[HASH_META];
  return stored !== undefined && stored === (await hashFile(path));
}

export async function restorePrefix(
  t: S3Target,
  concurrency: number,
  prefix: string,
  targetDir: string,
  opts: RestoreOptions,
): Promise<RestoreResult> {
  const started = performance.now();
  const root = prefixRoot(prefix);
  const listed = entriesOf(t.bucket, root, await listObjects(t, root, opts.signal));
  if (listed.length === 0)
    throw new NotFoundError(
      `nothing to restore: s3://${t.bucket}/${root} holds no objects`,
      "check the repository name and aws.s3_bucket; 'borgboi s3 stats --refresh' lists the prefixes",
    );
  await checkTarget(targetDir, opts.force === true);
  // Only the newest committed state: stale segments and index files stay in S3.
  const entries = await committedEntries(t, root, listed, opts.signal);
  const todo: DownloadEntry[] = [];
  let skipped = 0;
  await runPool(
    entries,
    concurrency,
    async (e) => {
      if (await alreadyRestored(t, targetDir, e, opts.signal)) skipped++;
      else todo.push(e);
    },
    opts.signal,
  );
  const bytes = todo.reduce((n, e) => n + e.size, 0);
  if (!opts.dryRun) {
    await mkdir(targetDir, { recursive: true });
    await writeFile(join(targetDir, RESTORE_MARKER), `s3://${t.bucket}/${root}\n`);
    await downloadAll(t, concurrency, targetDir, todo, opts);
    await rm(join(targetDir, RESTORE_MARKER), { force: true });
  }
  return {
    bucket: t.bucket,
    prefix,
    target: targetDir,
    dryRun: opts.dryRun === true,
    files: todo.length,
    bytes,
    skipped,
    durationMs: Math.round(performance.now() - started),
  };
}

/** Same phase order as the upload: config last, so a half restore is not a usable repo. */
async function downloadAll(
  t: S3Target,
  concurrency: number,
  dir: string,
  todo: readonly DownloadEntry[],
  opts: TransferOptions,
): Promise<void> {
  const bytesTotal = todo.reduce((n, e) => n + e.size, 0);
  let filesDone = 0;
  let bytesDone = 0;
  const report = (key: string | null): void => {
    const p: S3Progress = {
      phase: 'download',
      filesDone,
      filesTotal: todo.length,
      bytesDone,
      bytesTotal,
      key,
    };
    opts.onProgress?.(p);
  };
  for (const phase of byPhase(todo, (e) => phaseOf(classifyRepoFile(e.rel)))) {
    await runPool(
      phase,
      concurrency,
      async (e) => {
        await downloadObject(t, dir, e, opts.signal, (n) => (bytesDone += n));
        filesDone++;
        report(e.key);
      },
      opts.signal,
    );
  }
}
