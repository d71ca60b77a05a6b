import type { Repository } from '../core/models/index.js';

/**
 * Repository metadata, pluggable: the JSON index (default, offline) and the DynamoDB
 * `bb-repos` table (online) implement it. Records are unique by `name` and by
 * (`path`, `hostname`); a write that would break either throws a BorgboiError
 * with code 'already-exists' (exit 2) and changes nothing.
 */
export interface MetadataStore {
  getByName(name: string): Promise<Repository | null>;
  getByPath(path: string, hostname: string): Promise<Repository | null>;
  /** Every record, or only those of one host; sorted by name. */
  list(filter?: { hostname?: string }): Promise<Repository[]>;
  /** Inserts or replaces the record with this name. */
  upsert(repo: Repository): Promise<void>;
  /** Removes the record; false when there was none. */
  delete(name: string): Promise<boolean>;
  /** Renames a record (unique-name checked); returns the renamed record. */
  rename(oldName: string, newName: string): Promise<Repository>;
  /** Read-modify-write under the store's lock: fn sees a consistent snapshot; its writes commit together. */
  transaction<T>(fn: (tx: MetadataTransaction) => Promise<T> | T): Promise<T>;
}

/** The operations available inside `transaction`; reads see the transaction's own writes. */
export interface MetadataTransaction {
  getByName(name: string): Repository | null;
  getByPath(path: string, hostname: string): Repository | null;
  list(filter?: { hostname?: string }): Repository[];
  upsert(repo: Repository): void;
  delete(name: string): boolean;
}
