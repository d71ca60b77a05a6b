import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { BorgboiError } from '../core/errors.js';
import { classifyRepoFile, isIgnoredRepoPath, type RepoFileKind } from './s3-keys.js';

export interface LocalFile {
  /** Path relative to the repo dir, `/`-separated. */
  rel: string;
  abs: string;
  size: number;
  kind: RepoFileKind;
}

/** Regular files under dir (recursive, no symlinks followed), minus borg's lock files. */
export async function scanRepoDir(dir: string): Promise<LocalFile[]> {
  const out: LocalFile[] = [];
  const walk = async (abs: string, rel: string): Promise<void> => {
    const entries = await readdir(abs, { withFileTypes: true });
    await Promise.all(
      entries.map(async (e) => {
        const r = rel === '' ? e.name : `${rel}/${e.name}`;
        if (isIgnoredRepoPath(r)) return;
        const a = join(abs, e.name);
        if (e.isDirectory()) return walk(a, r);
        if (!e.isFile()) return;
        const st = await lstat(a);
        out.push({ rel: r, abs: a, size: st.size, kind: classifyRepoFile(r) });
      }),
    );
  };
  await walk(dir, '');
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/** Refuses a directory that is not a borg repository (before anything is uploaded). */
export async function assertBorgRepoDir(dir: string): Promise<void> {
  const kinds = await Promise.all(
    ['config', 'data'].map((n) =>
      lstat(join(dir, n)).then(
        (s) => (s.isDirectory() ? 'dir' : 'file'),
        () => 'missing',
      ),
    ),
  );
  if (kinds[0] !== 'file' || kinds[1] !== 'dir')
    throw new BorgboiError(
      'validation',
      `'${dir}' is not a borg repository (no config and data/)`,
      {
        hint: 'pass the repository directory itself (the one holding config, data/, index.N)',
      },
    );
}

export type HashAlgorithm = 'sha256' | 'md5';

/** Hex digest of a file, streamed (constant memory). */
export async function hashFile(path: string, algorithm: HashAlgorithm = 'sha256'): Promise<string> {
  return (await hashFileAll(path, [algorithm]))[0] as string;
}

/** Hex digests of a file in one read, in the order asked. */
export function hashFileAll(path: string, algorithms: readonly HashAlgorithm[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const hs = algorithms.map((a) => createHash(a));
    createReadStream(path, { highWaterMark: 1 << 20 })
      .on('data', (d) => hs.forEach((h) => h.update(d)))
      .on('error', reject)
      .on('end', () => resolve(hs.map((h) => h.digest('hex'))));
  });
}

/** Size of a local file, or null when it does not exist (or is not a regular file). */
export async function fileSize(path: string): Promise<number | null> {
  try {
    const st = await lstat(path);
    return st.isFile() ? st.size : null;
  } catch {
    return null;
  }
}
