import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a node_exporter textfile atomically: a temp file in the same directory (named
 * `.<name>.<random>.tmp`, which the collector ignores: it reads `*.prom` only), fsync, rename
 * over the target, fsync the directory. A scrape sees the old file or the new one, never half.
 * The directory must exist (it is node_exporter's --collector.textfile.directory).
 */
export async function writeTextfile(path: string, text: string): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fh = await open(tmp, 'wx', 0o644);
    try {
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  const d = await open(dir, 'r');
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}
