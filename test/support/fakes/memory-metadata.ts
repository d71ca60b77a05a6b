import { BorgboiError } from '../../../src/core/errors.js';
import { repositorySchema, type Repository } from '../../../src/core/models/index.js';
import type { MetadataStore, MetadataTransaction } from '../../../src/storage/metadata-store.js';

type Op = 'getByName' | 'getByPath' | 'list' | 'upsert' | 'delete' | 'rename' | 'transaction';

const clone = (r: Repository): Repository => repositorySchema.parse(JSON.parse(JSON.stringify(r)));

/** A view of a map with the MetadataStore's uniqueness rules (by name, by path + host). */
class MapView implements MetadataTransaction {
  constructor(readonly map: Map<string, Repository>) {}

  getByName(name: string): Repository | null {
    const r = this.map.get(name);
    return r ? clone(r) : null;
  }

  getByPath(path: string, hostname: string): Repository | null {
    const r = [...this.map.values()].find((x) => x.path === path && x.hostname === hostname);
    return r ? clone(r) : null;
  }

  list(filter: { hostname?: string } = {}): Repository[] {
    return [...this.map.values()]
      .filter((r) => filter.hostname === undefined || r.hostname === filter.hostname)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(clone);
  }

  upsert(repo: Repository): void {
    const valid = repositorySchema.parse(repo);
    const other = this.getByPath(valid.path, valid.hostname);
    if (other && other.name !== valid.name) {
      throw new BorgboiError(
        'already-exists',
        `${valid.path} is already repository '${other.name}'`,
      );
    }
    this.map.set(valid.name, clone(valid));
  }

  delete(name: string): boolean {
    return this.map.delete(name);
  }
}

/**
 * In-memory MetadataStore (the JSON index's contract): validated records, uniqueness, atomic
 * transactions (a throwing fn commits nothing) and per-operation failure injection.
 */
export class MemoryMetadataStore implements MetadataStore {
  private view = new MapView(new Map());
  private readonly failures = new Map<Op, Error>();
  /** Mutating operations performed (successful ones), for "nothing changed" assertions. */
  writes = 0;

  /** The next call of op throws err. */
  failNext(op: Op, err: Error = new BorgboiError('io', `fake store: ${op} failed`)): void {
    this.failures.set(op, err);
  }

  private check(op: Op): void {
    const err = this.failures.get(op);
    if (err) {
      this.failures.delete(op);
      throw err;
    }
  }

  async getByName(name: string) {
    this.check('getByName');
    return this.view.getByName(name);
  }

  async getByPath(path: string, hostname: string) {
    this.check('getByPath');
    return this.view.getByPath(path, hostname);
  }

  async list(filter?: { hostname?: string }) {
    this.check('list');
    return this.view.list(filter);
  }

  async upsert(repo: Repository) {
    this.check('upsert');
    this.view.upsert(repo);
    this.writes += 1;
  }

  async delete(name: string) {
    this.check('delete');
    const gone = this.view.delete(name);
    if (gone) this.writes += 1;
    return gone;
  }

  async rename(oldName: string, newName: string) {
    this.check('rename');
    const repo = this.view.getByName(oldName);
    if (!repo) throw new BorgboiError('not-found', `repository '${oldName}' not found`);
    if (this.view.getByName(newName)) {
      throw new BorgboiError('already-exists', `repository '${newName}' already exists`);
    }
    this.view.delete(oldName);
    const renamed = { ...repo, name: newName };
    this.view.upsert(renamed);
    this.writes += 1;
    return clone(renamed);
  }

  async transaction<T>(fn: (tx: MetadataTransaction) => Promise<T> | T): Promise<T> {
    this.check('transaction');
    const draft = new MapView(new Map([...this.view.map].map(([k, v]) => [k, clone(v)])));
    const out = await fn(draft);
    this.view = draft;
    this.writes += 1;
    return out;
  }

  /** Every record as JSON (stable order). */
  dump(): string {
    return JSON.stringify(this.view.list());
  }
}
