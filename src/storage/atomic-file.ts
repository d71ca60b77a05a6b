import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isErrnoCode } from './store-errors.js';

export interface AtomicWriteOptions {
  /** Mode of a new file (default 0600: everything we own is private). */
  mode?: number;
  /** Keep the file being replaced under this name (hard link, so no copy is made). */
  backupPath?: string;
  /** Create the parent directory (with this mode) when missing. */
  dirMode?: number;
}

const TEMP_SUFFIX = '.tmp';

function tempPathFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
}

/** fsync a directory so a rename inside it survives a power cut. */
export async function fsyncDir(dir: string): Promise<void> {
  const fd = await open(dir, 'r');
  try {
    await fd.sync();
  } finally {
    await fd.close();
  }
}

/**
 * Replaces `file` so that a reader (or a crash) sees either the old or the new content, never a
 * mix: write a temp file in the same directory, fsync it, rename it over the target, fsync the
 * directory. The caller holds the file's lock.
 */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  opts: AtomicWriteOptions = {},
): Promise<void> {
  const dir = dirname(file);
  if (opts.dirMode !== undefined) await mkdir(dir, { recursive: true, mode: opts.dirMode });
  const tmp = await writeTempFile(file, data, opts.mode ?? 0o600);
  try {
    if (opts.backupPath) await keepBackup(file, opts.backupPath);
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await fsyncDir(dir);
}

/**
 * Writes `data` to a new temp file next to `file` and fsyncs it; returns its path. The caller
 * renames or links it into place (and removes it on failure).
 */
export async function writeTempFile(
  file: string,
  data: string | Uint8Array,
  mode: number,
): Promise<string> {
  const tmp = tempPathFor(file);
  const fd = await open(tmp, 'wx', mode);
  try {
    await fd.writeFile(data);
    await fd.sync();
  } catch (e) {
    await fd.close();
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await fd.close();
  return tmp;
}

/** Points `backup` at the current inode of `file` (atomically replacing an older backup). */
async function keepBackup(file: string, backup: string): Promise<void> {
  const tmp = tempPathFor(backup);
  try {
    await link(file, tmp);
  } catch (e) {
    if (isErrnoCode(e, 'ENOENT')) return;
    throw e;
  }
  await rename(tmp, backup);
  // rename(2) does nothing when both names already link the same inode (a writer killed after
  // its backup link and before its rename left the index and the .bak as one file): drop the
  // temp link it kept.
  await unlink(tmp).catch((e: unknown) => {
    if (!isErrnoCode(e, 'ENOENT')) throw e;
  });
}

/**
 * Removes temp files a killed writer left next to `file`. Only safe while holding the file's
 * lock (no other writer can be between its open and its rename).
 */
export async function removeStaleTemps(file: string): Promise<number> {
  const prefix = `.${basename(file)}.`;
  let names: string[];
  try {
    names = await readdir(dirname(file));
  } catch (e) {
    if (isErrnoCode(e, 'ENOENT')) return 0;
    throw e;
  }
  const stale = names.filter((n) => n.startsWith(prefix) && n.endsWith(TEMP_SUFFIX));
  await Promise.all(stale.map((n) => unlink(join(dirname(file), n)).catch(() => undefined)));
  return stale.length;
}
