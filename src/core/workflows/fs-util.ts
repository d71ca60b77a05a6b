import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** 'missing' | 'empty' | 'non-empty' for a directory; 'file' when something else is there. */
export async function dirState(path: string): Promise<'missing' | 'empty' | 'non-empty' | 'file'> {
  const st = await stat(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (!st) return 'missing';
  if (!st.isDirectory()) return 'file';
  return (await readdir(path)).length === 0 ? 'empty' : 'non-empty';
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function sha256OfStream(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of chunks) hash.update(chunk);
  return hash.digest('hex');
}

export interface WalkEntry {
  /** Path relative to the walk root, `/`-separated. */
  rel: string;
  abs: string;
  size: number;
}

/** Regular files under root in a stable (sorted) order; `skip` prunes whole subtrees. */
export async function* walkFiles(
  root: string,
  skip: (abs: string) => boolean = () => false,
  rel = '',
): AsyncGenerator<WalkEntry> {
  const entries = await readdir(join(root, rel), { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const childRel = rel ? `${rel}/${e.name}` : e.name;
    const abs = join(root, childRel);
    if (skip(abs)) continue;
    if (e.isDirectory()) yield* walkFiles(root, skip, childRel);
    else if (e.isFile()) yield { rel: childRel, abs, size: (await stat(abs)).size };
  }
}
