import { BorgboiError } from '../core/errors.js';
import type { Repository } from '../core/models/index.js';
import type { MetadataTransaction } from '../storage/metadata-store.js';

/** Table key of a record: repo_path + hostname. */
export function keyOf(r: { path: string; hostname: string }): string {
  return JSON.stringify([r.path, r.hostname]);
}

function byName(a: Repository, b: Repository): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export function sortByName(repos: Repository[]): Repository[] {
  return repos.sort(byName);
}

export function pathTaken(r: Repository, owner: string): BorgboiError {
  return new BorgboiError(
    'already-exists',
    `path ${r.path} on host ${r.hostname} is already registered as '${owner}'`,
    { hint: `use that record ('borgboi repo info -n ${owner}') or remove it first` },
  );
}

/**
 * In-memory view of the table for `transaction`: the same uniqueness rules as every store
 * (unique name, unique path + hostname), reads see the transaction's own writes, and at the end
 * it tells which keys to put and which to delete.
 */
export class TableSnapshot implements MetadataTransaction {
  readonly #initial: Map<string, Repository>;
  readonly #byKey: Map<string, Repository>;
  readonly #hostname: string;

  constructor(repos: readonly Repository[], hostname: string) {
    this.#initial = new Map(repos.map((r) => [keyOf(r), r]));
    this.#byKey = new Map(this.#initial);
    this.#hostname = hostname;
  }

  /** Python tables may hold one name on several hosts; this host's record wins. */
  getByName(name: string): Repository | null {
    let found: Repository | null = null;
    for (const r of this.#byKey.values()) {
      if (r.name !== name) continue;
      if (r.hostname === this.#hostname) return r;
      found ??= r;
    }
    return found;
  }

  getByPath(path: string, hostname: string): Repository | null {
    return this.#byKey.get(keyOf({ path, hostname })) ?? null;
  }

  list(filter?: { hostname?: string }): Repository[] {
    const all = [...this.#byKey.values()];
    return sortByName(filter?.hostname ? all.filter((r) => r.hostname === filter.hostname) : all);
  }

  upsert(repo: Repository): void {
    const atKey = this.#byKey.get(keyOf(repo));
    if (atKey && atKey.name !== repo.name) throw pathTaken(repo, atKey.name);
    const same = this.getByName(repo.name);
    if (same) this.#byKey.delete(keyOf(same));
    this.#byKey.set(keyOf(repo), repo);
  }

  delete(name: string): boolean {
    const r = this.getByName(name);
    if (!r) return false;
    this.#byKey.delete(keyOf(r));
    return true;
  }

  /** Keys written (new or changed records) and keys removed, each with the record read first. */
  changes(): {
    puts: { repo: Repository; before: Repository | null }[];
    deletes: Repository[];
  } {
    const puts: { repo: Repository; before: Repository | null }[] = [];
    for (const [k, r] of this.#byKey) {
      const before = this.#initial.get(k) ?? null;
      if (before !== r) puts.push({ repo: r, before });
    }
    const deletes = [...this.#initial].filter(([k]) => !this.#byKey.has(k)).map(([, r]) => r);
    return { puts, deletes };
  }
}
