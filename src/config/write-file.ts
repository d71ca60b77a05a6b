import { link, mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import lockfile from 'proper-lockfile';
import { BorgboiError } from '../core/errors.js';
import { fsyncDir, writeTempFile } from '../storage/atomic-file.js';

export interface WriteConfigOptions {
  /** Replace an existing file (`config init --force`); otherwise an existing file is an error. */
  overwrite: boolean;
  mode?: number;
  /** Names the file in the already-exists error, e.g. 'config file' (the default). */
  what?: string;
  /** How to fix an already-exists error. */
  existsHint?: string;
}

function alreadyExists(file: string, opts: WriteConfigOptions): BorgboiError {
  return new BorgboiError(
    'already-exists',
    `${opts.what ?? 'config file'} ${file} already exists`,
    {
      hint:
        opts.existsHint ??
        "pass --force to replace it, or edit it and run 'borgboi config validate'",
    },
  );
}

/**
 * Writes a file we own atomically under a lock: temp file + fsync, then rename (overwrite) or
 * link (no-clobber, so a concurrent writer can never be replaced), then fsync of the directory.
 * Readers see the old file or the new one, never a part.
 */
export async function writeFileAtomic(
  file: string,
  text: string,
  opts: WriteConfigOptions,
): Promise<void> {
  const dir = dirname(file);
  await mkdir(dir, { recursive: true });
  const release = await lockfile.lock(file, {
    realpath: false,
    stale: 10_000,
    retries: { retries: 20, minTimeout: 25, maxTimeout: 250 },
  });
  let temp: string | undefined;
  try {
    temp = await writeTempFile(file, text, opts.mode ?? 0o600);
    if (opts.overwrite) {
      await rename(temp, file);
    } else {
      try {
        await link(temp, file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw alreadyExists(file, opts);
        throw e;
      }
    }
    await fsyncDir(dir);
  } finally {
    if (temp) await rm(temp, { force: true });
    await release();
  }
}
