import { randomBytes } from 'node:crypto';
import { link, mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import lockfile from 'proper-lockfile';
import { BorgboiError } from '../core/errors.js';

export interface WriteConfigOptions {
  /** Replace an existing file (`config init --force`); otherwise an existing file is an error. */
  overwrite: boolean;
  mode?: number;
  /** Names the file in the already-exists error, e.g. 'config file' (the default). */
  what?: string;
  /** How to fix an already-exists error. */
  existsHint?: string;
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
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
  const temp = join(dir, `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', opts.mode ?? 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
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
    await rm(temp, { force: true });
    await release();
  }
}
