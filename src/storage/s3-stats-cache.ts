import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { isoTimestampSchema } from '../core/models/index.js';
import { removeStaleTemps, writeFileAtomic } from './atomic-file.js';
import { withFileLock, type LockOptions } from './lock.js';
import { ioError, isErrnoCode } from './store-errors.js';
import type { S3StatsCache, S3StatsEntry } from './types.js';

export const s3StatsEntrySchema = z.object({
  total_size_bytes: z.number().int().nonnegative(),
  object_count: z.number().int().nonnegative(),
  last_modified: isoTimestampSchema.nullable(),
  cached_at: isoTimestampSchema,
});

const cacheFileSchema = z.object({
  version: z.literal(1),
  repos: z.record(z.string(), s3StatsEntrySchema),
});

type Entries = Record<string, S3StatsEntry>;

/**
 * `data/s3-stats.json`: per-repo S3 totals. It is derived data (`s3 stats --refresh` rebuilds
 * it), so an unreadable file reads as empty and is replaced by the next write.
 */
export class JsonS3StatsCache implements S3StatsCache {
  private readonly file: string;
  private readonly lock: LockOptions;

  constructor(file: string, lock: LockOptions) {
    this.file = file;
    this.lock = lock;
  }

  async get(name: string): Promise<S3StatsEntry | null> {
    return (await this.read())[name] ?? null;
  }

  all(): Promise<Entries> {
    return this.read();
  }

  async set(name: string, entry: S3StatsEntry): Promise<void> {
    const valid = s3StatsEntrySchema.parse(entry);
    await this.update((repos) => ({ ...repos, [name]: valid }));
  }

  async remove(name: string): Promise<void> {
    await this.update((repos) => {
      if (!(name in repos)) return null;
      const { [name]: _gone, ...rest } = repos;
      return rest;
    });
  }

  async rename(oldName: string, newName: string): Promise<void> {
    await this.update((repos) => {
      const entry = repos[oldName];
      if (!entry || oldName === newName) return null;
      const { [oldName]: _gone, ...rest } = repos;
      return { ...rest, [newName]: entry };
    });
  }

  /** `change` returns the new entries, or null for "nothing to write". */
  private async update(change: (repos: Entries) => Entries | null): Promise<void> {
    await withFileLock(this.file, this.lock, async () => {
      await removeStaleTemps(this.file);
      const next = change(await this.read());
      if (next === null) return;
      const text = `${JSON.stringify({ version: 1, repos: next }, null, 2)}\n`;
      await writeFileAtomic(this.file, text, { mode: 0o600, dirMode: 0o700 }).catch(
        (e: unknown) => {
          throw ioError(`cannot write ${this.file}`, e);
        },
      );
    });
  }

  private async read(): Promise<Entries> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if (isErrnoCode(e, 'ENOENT')) return {};
      throw ioError(`cannot read ${this.file}`, e);
    }
    try {
      const parsed = cacheFileSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data.repos : {};
    } catch {
      return {};
    }
  }
}
