import type { BigIntStats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { BorgboiError, ValidationError } from '../core/errors.js';
import { repositorySchema, type Repository } from '../core/models/index.js';
import { removeStaleTemps, writeFileAtomic } from './atomic-file.js';
import {
  INDEX_MIGRATIONS,
  INDEX_VERSION,
  parseIndex,
  serializeIndex,
  type IndexMigration,
} from './index-document.js';
import { withFileLock, type LockOptions } from './lock.js';
import type { MetadataStore, MetadataTransaction } from './metadata-store.js';
import { cloneRecord, RepoIndex } from './repo-index.js';
import { corruptIndexError, ioError, isErrnoCode } from './store-errors.js';

export interface JsonStoreOptions {
  file: string;
  backupFile: string;
  lock: LockOptions;
  /** Injected in tests to exercise upgrades; production uses INDEX_VERSION / INDEX_MIGRATIONS. */
  version?: number;
  migrations?: readonly IndexMigration[];
}

/** inode + size + mtime (ns): every commit renames a new inode into place. */
const stampOf = (s: BigIntStats) => `${s.ino}:${s.size}:${s.mtimeNs}`;

interface Snapshot {
  stamp: string;
  index: RepoIndex;
}

/**
 * The single index `data/repositories.json`. Reads take no lock (rename makes every version of
 * the file complete) and are served from maps cached until the file changes; writes lock,
 * re-read, modify and replace the file, keeping the previous one as `.bak`.
 */
export class JsonMetadataStore implements MetadataStore {
  private readonly opts: JsonStoreOptions;
  private cached: Snapshot | null = null;

  constructor(opts: JsonStoreOptions) {
    this.opts = opts;
  }

  async getByName(name: string): Promise<Repository | null> {
    return cloneRecord((await this.load()).getByName(name));
  }

  async getByPath(path: string, hostname: string): Promise<Repository | null> {
    return cloneRecord((await this.load()).getByPath(path, hostname));
  }

  async list(filter?: { hostname?: string }): Promise<Repository[]> {
    const before = this.cached;
    const index = await this.load();
    if (before !== null && before === this.cached) return index.list(filter).map(cloneRecord);
    // Parsed just now for this call: hand the records out instead of cloning 10,000 of them,
    // and forget the snapshot (the caller may change them).
    this.cached = null;
    return [...index.list(filter)];
  }

  upsert(repo: Repository): Promise<void> {
    return this.run((tx) => tx.upsert(repo));
  }

  delete(name: string): Promise<boolean> {
    return this.run((tx) => tx.delete(name));
  }

  rename(oldName: string, newName: string): Promise<Repository> {
    return this.run((tx) => tx.rename(oldName, newName));
  }

  /** fn must not call this store's own write methods (the lock is not re-entrant). */
  transaction<T>(fn: (tx: MetadataTransaction) => Promise<T> | T): Promise<T> {
    return this.run(fn);
  }

  private run<T>(fn: (tx: Transaction) => Promise<T> | T): Promise<T> {
    return withFileLock(this.opts.file, this.opts.lock, async (lock) => {
      await removeStaleTemps(this.opts.file);
      const work = (await this.load()).copy();
      const tx = new Transaction(work);
      try {
        const result = await fn(tx);
        if (tx.dirty) {
          lock.assertHeld();
          await this.commit(work);
        }
        return result;
      } finally {
        tx.close();
      }
    });
  }

  private async commit(work: RepoIndex): Promise<void> {
    const text = serializeIndex(work.list(), this.opts.version ?? INDEX_VERSION);
    try {
      await writeFileAtomic(this.opts.file, text, {
        mode: 0o600,
        dirMode: 0o700,
        backupPath: this.opts.backupFile,
      });
    } catch (e) {
      throw ioError(`cannot write ${this.opts.file}`, e);
    }
    // What we just wrote is the newest state: keep serving reads from it without a re-parse.
    this.cached = { stamp: stampOf(await stat(this.opts.file, { bigint: true })), index: work };
  }

  /** The current index; re-parsed only when the file changed since the last load. */
  private async load(): Promise<RepoIndex> {
    const { file } = this.opts;
    let fd: FileHandle;
    try {
      fd = await open(file, 'r');
    } catch (e) {
      if (isErrnoCode(e, 'ENOENT')) return RepoIndex.empty();
      throw ioError(`cannot read ${file}`, e);
    }
    try {
      const stamp = stampOf(await fd.stat({ bigint: true }));
      if (this.cached?.stamp === stamp) return this.cached.index;
      const index = await this.parse(await fd.readFile());
      this.cached = { stamp, index };
      return index;
    } catch (e) {
      throw e instanceof BorgboiError ? e : ioError(`cannot read ${file}`, e);
    } finally {
      await fd.close();
    }
  }

  private async parse(data: Buffer): Promise<RepoIndex> {
    const { file, backupFile } = this.opts;
    const backup = await stat(backupFile).then(
      () => backupFile,
      () => null,
    );
    const parsed = parseIndex(data, {
      file,
      backup,
      version: this.opts.version ?? INDEX_VERSION,
      migrations: this.opts.migrations ?? INDEX_MIGRATIONS,
    });
    return RepoIndex.from(parsed.repositories, (what) => {
      throw corruptIndexError(file, what, backup);
    });
  }
}

/** A working copy of the index; `dirty` once anything was written. */
class Transaction implements MetadataTransaction {
  dirty = false;
  private work: RepoIndex | null;

  constructor(work: RepoIndex) {
    this.work = work;
  }

  /** After the callback the working copy may be the store's cache: no more access. */
  close(): void {
    this.work = null;
  }

  private get index(): RepoIndex {
    if (!this.work) throw new Error('transaction used after it ended');
    return this.work;
  }

  getByName(name: string): Repository | null {
    return cloneRecord(this.index.getByName(name));
  }

  getByPath(path: string, hostname: string): Repository | null {
    return cloneRecord(this.index.getByPath(path, hostname));
  }

  list(filter?: { hostname?: string }): Repository[] {
    return this.index.list(filter).map(cloneRecord);
  }

  upsert(repo: Repository): void {
    const parsed = repositorySchema.safeParse(repo);
    if (!parsed.success) {
      throw new ValidationError(
        parsed.error.issues.map((i) => `${i.path.join('.') || 'record'}: ${i.message}`),
        'this is a bug in the caller: the record does not match the repository schema',
      );
    }
    this.index.upsert(parsed.data);
    this.dirty = true;
  }

  delete(name: string): boolean {
    const removed = this.index.delete(name);
    this.dirty ||= removed;
    return removed;
  }

  rename(oldName: string, newName: string): Repository {
    const renamed = this.index.rename(oldName, newName);
    this.dirty ||= oldName !== newName;
    return cloneRecord(renamed);
  }
}
