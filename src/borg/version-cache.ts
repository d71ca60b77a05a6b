import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '../storage/atomic-file.js';
import type { BorgVersion } from './version.js';

/**
 * `borgboi --version` must print borg's version, but starting borg (a Python program) costs
 * more than the whole start-up budget. The parsed version is cached per executable, keyed on
 * its resolved path, size, mtime and inode (a package upgrade replaces the file), and
 * re-checked after a day in case the Python package changed under an unchanged entry script.
 */
const MAX_AGE_MS = 24 * 3600 * 1000;

const cacheSchema = z.object({
  key: z.string(),
  checked_at: z.number(),
  version: z.object({ raw: z.string(), major: z.number(), minor: z.number(), patch: z.number() }),
});

export interface VersionCacheInput {
  /** Absolute path of the borg executable (null when not found: detect reports it). */
  resolved: string | null;
  executable: string;
  cacheFile: string;
  now: number;
  detect?: (executable: string) => Promise<BorgVersion>;
}

async function keyOf(path: string): Promise<string | null> {
  try {
    const s = await stat(path);
    return `${path}:${s.size}:${s.mtimeMs}:${s.ino}`;
  } catch {
    return null;
  }
}

async function readCache(file: string): Promise<z.infer<typeof cacheSchema> | null> {
  try {
    const parsed = cacheSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function cachedBorgVersion(input: VersionCacheInput): Promise<BorgVersion> {
  // Imported only on a cache miss: version.js pulls in execa, a tenth of the start-up budget.
  const detect =
    input.detect ??
    (async (executable: string) => (await import('./version.js')).detectBorgVersion(executable));
  const key = input.resolved ? await keyOf(input.resolved) : null;
  if (!key) return detect(input.executable);
  const cached = await readCache(input.cacheFile);
  if (cached && cached.key === key && input.now - cached.checked_at < MAX_AGE_MS) {
    return cached.version;
  }
  const version = await detect(input.executable);
  const doc = { key, checked_at: input.now, version };
  // A cache that cannot be written (read-only home) costs a borg start next time, nothing more.
  await writeFileAtomic(input.cacheFile, `${JSON.stringify(doc)}\n`, { dirMode: 0o700 }).catch(
    () => undefined,
  );
  return version;
}
