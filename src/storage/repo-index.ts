import { posix } from 'node:path';
import { NotFoundError } from '../core/errors.js';
import type { Repository } from '../core/models/index.js';
import { alreadyExistsError } from './store-errors.js';

/** Key of the (path, hostname) uniqueness rule; paths compare normalised ("/a/b/" = "/a/b"). */
export function pathKey(path: string, hostname: string): string {
  let p = posix.normalize(path);
  if (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  return `${hostname}\u0000${p}`;
}

/** Deep copy of a JSON-shaped record (several times faster than structuredClone). */
export function cloneRecord<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(cloneRecord) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = cloneRecord(v);
  return out as T;
}

const byName = (a: Repository, b: Repository) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * The records with their two lookup maps. Records are never changed in place (upsert stores a
 * new object), so copies of an index share records safely; callers receive clones.
 */
export class RepoIndex {
  private readonly names: Map<string, Repository>;
  private readonly paths: Map<string, string>;
  private sorted: Repository[] | null = null;

  private constructor(names: Map<string, Repository>, paths: Map<string, string>) {
    this.names = names;
    this.paths = paths;
  }

  static empty(): RepoIndex {
    return new RepoIndex(new Map(), new Map());
  }

  /** Builds the maps; duplicate names or (path, host) pairs are reported through `onDuplicate`. */
  static from(records: readonly Repository[], onDuplicate: (what: string) => never): RepoIndex {
    const idx = RepoIndex.empty();
    for (const r of records) {
      if (idx.names.has(r.name)) onDuplicate(`name '${r.name}' appears twice`);
      const key = pathKey(r.path, r.hostname);
      const other = idx.paths.get(key);
      if (other !== undefined) onDuplicate(`'${r.name}' and '${other}' share ${r.path}`);
      idx.names.set(r.name, r);
      idx.paths.set(key, r.name);
    }
    return idx;
  }

  copy(): RepoIndex {
    return new RepoIndex(new Map(this.names), new Map(this.paths));
  }

  get size(): number {
    return this.names.size;
  }

  getByName(name: string): Repository | null {
    return this.names.get(name) ?? null;
  }

  getByPath(path: string, hostname: string): Repository | null {
    const name = this.paths.get(pathKey(path, hostname));
    return name === undefined ? null : (this.names.get(name) ?? null);
  }

  /** Sorted by name (code-unit order, stable across locales). */
  list(filter?: { hostname?: string | undefined }): Repository[] {
    this.sorted ??= [...this.names.values()].sort(byName);
    const host = filter?.hostname;
    return host === undefined ? this.sorted : this.sorted.filter((r) => r.hostname === host);
  }

  upsert(repo: Repository): void {
    const key = pathKey(repo.path, repo.hostname);
    const holder = this.paths.get(key);
    if (holder !== undefined && holder !== repo.name) {
      throw alreadyExistsError(
        `${repo.path} on ${repo.hostname} is already registered as '${holder}'`,
        `use that repository ('-n ${holder}') or choose another path`,
      );
    }
    const previous = this.names.get(repo.name);
    if (previous) this.paths.delete(pathKey(previous.path, previous.hostname));
    this.names.set(repo.name, repo);
    this.paths.set(key, repo.name);
    this.sorted = null;
  }

  delete(name: string): boolean {
    const previous = this.names.get(name);
    if (!previous) return false;
    this.names.delete(name);
    this.paths.delete(pathKey(previous.path, previous.hostname));
    this.sorted = null;
    return true;
  }

  rename(oldName: string, newName: string): Repository {
    const previous = this.names.get(oldName);
    if (!previous) {
      throw new NotFoundError(
        `repository '${oldName}' not found`,
        "see 'borgboi repo list' for the registered names",
      );
    }
    if (oldName === newName) return previous;
    if (this.names.has(newName)) {
      throw alreadyExistsError(
        `a repository named '${newName}' already exists`,
        'choose another name, or rename or delete that repository first',
      );
    }
    const renamed: Repository = { ...previous, name: newName };
    this.delete(oldName);
    this.upsert(renamed);
    return renamed;
  }
}
