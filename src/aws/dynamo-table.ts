import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { BorgboiError, NotFoundError } from '../core/errors.js';
import type { Repository } from '../core/models/index.js';
import type { MetadataStore, MetadataTransaction } from '../storage/metadata-store.js';
import { awsCall, type AwsErrorContext } from './errors.js';
import { itemLabel, itemToRepo } from './dynamo-item.js';
import { scanItems, txDelete, txPut, type PutExpectation, type TableTarget } from './dynamo-ops.js';
import { keyOf, pathTaken, sortByName, TableSnapshot } from './dynamo-snapshot.js';

export interface DynamoStoreOptions {
  client: DynamoDBDocumentClient | (() => DynamoDBDocumentClient);
  table: string;
  /** This host: preferred when a (Python) table holds one name on several hosts. */
  hostname: string;
  region?: string | undefined;
  endpoint?: string | undefined;
}

export const NAME_INDEX = 'name_gsi';
const TX_ATTEMPTS = 3;

function isConditionFailure(err: unknown): boolean {
  const c = (err as BorgboiError).details?.awsCode;
  return c === 'ConditionalCheckFailedException' || c === 'TransactionCanceledException';
}

/**
 * MetadataStore over the Python `bb-repos` table (HASH repo_path, RANGE hostname, GSI name_gsi on
 * repo_name). Names are unique across the table: writes check the GSI and then use conditional
 * writes, so a (path, host) key never silently changes owner.
 */
export class DynamoMetadataStore implements MetadataStore {
  readonly #o: DynamoStoreOptions;
  #t: TableTarget | undefined;

  constructor(o: DynamoStoreOptions) {
    this.#o = o;
  }

  get #target(): TableTarget {
    const c = this.#o.client;
    this.#t ??= {
      doc: typeof c === 'function' ? c() : c,
      table: this.#o.table,
      ctx: (action: string): AwsErrorContext => ({
        service: 'dynamodb',
        action,
        table: this.#o.table,
        region: this.#o.region,
        endpoint: this.#o.endpoint,
      }),
    };
    return this.#t;
  }

  async getByName(name: string): Promise<Repository | null> {
    const t = this.#target;
    const out = await awsCall(t.ctx(`look up '${name}' in ${t.table}`), undefined, () =>
      t.doc.send(
        new QueryCommand({
          TableName: t.table,
          IndexName: NAME_INDEX,
          KeyConditionExpression: 'repo_name = :n',
          ExpressionAttributeValues: { ':n': name },
        }),
      ),
    );
    let items = out.Items ?? [];
    // Items written with the LEGACY attribute name are not in the GSI.
    if (items.length === 0) items = await scanItems(t, { attr: 'common_name', value: name });
    const repos = items.flatMap((i) => {
      const r = itemToRepo(i);
      return 'repo' in r ? [r.repo] : [];
    });
    return new TableSnapshot(repos, this.#o.hostname).getByName(name);
  }

  async getByPath(path: string, hostname: string): Promise<Repository | null> {
    const t = this.#target;
    const out = await awsCall(t.ctx(`read ${path} on ${hostname} from ${t.table}`), undefined, () =>
      t.doc.send(
        new GetCommand({
          TableName: t.table,
          Key: { repo_path: path, hostname },
          ConsistentRead: true,
        }),
      ),
    );
    if (!out.Item) return null;
    const r = itemToRepo(out.Item);
    return 'repo' in r ? r.repo : null;
  }

  async list(filter?: { hostname?: string }): Promise<Repository[]> {
    const f = filter?.hostname ? { attr: 'hostname', value: filter.hostname } : undefined;
    const items = await scanItems(this.#target, f);
    return sortByName(
      items.flatMap((i) => {
        const r = itemToRepo(i);
        return 'repo' in r ? [r.repo] : [];
      }),
    );
  }

  /** Every item of every host; items that are not valid repo records are reported by label. */
  async scanAll(): Promise<{ repos: Repository[]; skipped: string[] }> {
    const repos: Repository[] = [];
    const skipped: string[] = [];
    for (const item of await scanItems(this.#target)) {
      const r = itemToRepo(item);
      if ('repo' in r) repos.push(r.repo);
      else skipped.push(`${itemLabel(item)}: ${r.error}`);
    }
    return { repos: sortByName(repos), skipped };
  }

  async upsert(repo: Repository): Promise<void> {
    const t = this.#target;
    const before = await this.getByName(repo.name);
    // The key may be free, or hold this very record (same name): anything else is a conflict.
    const put = txPut(t.table, repo, { absent: true, name: repo.name });
    const send = async (): Promise<unknown> => {
      if (before === null || keyOf(before) === keyOf(repo)) return t.doc.send(new PutCommand(put));
      // Same name at another path/host: the record moves, atomically.
      const del = txDelete(t.table, before);
      return t.doc.send(
        new TransactWriteCommand({ TransactItems: [{ Put: put }, { Delete: del }] }),
      );
    };
    try {
      await awsCall(t.ctx(`write '${repo.name}' to ${t.table}`), undefined, send);
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      const owner = await this.getByPath(repo.path, repo.hostname);
      if (owner && owner.name !== repo.name) throw pathTaken(repo, owner.name);
      throw conflict(t.table);
    }
  }

  async delete(name: string): Promise<boolean> {
    const r = await this.getByName(name);
    if (!r) return false;
    const t = this.#target;
    await awsCall(t.ctx(`delete '${name}' from ${t.table}`), undefined, () =>
      t.doc.send(new DeleteCommand(txDelete(t.table, r))),
    );
    return true;
  }

  async rename(oldName: string, newName: string): Promise<Repository> {
    const r = await this.getByName(oldName);
    if (!r) throw new NotFoundError(`repository '${oldName}' not found in ${this.#o.table}`);
    const taken = await this.getByName(newName);
    if (taken)
      throw new BorgboiError('already-exists', `a repository named '${newName}' already exists`, {
        hint: 'choose another name',
      });
    const renamed = { ...r, name: newName };
    const t = this.#target;
    await awsCall(t.ctx(`rename '${oldName}' in ${t.table}`), undefined, () =>
      t.doc.send(new PutCommand(txPut(t.table, renamed, { name: oldName }))),
    );
    return renamed;
  }

  /**
   * Optimistic: fn runs on a consistent scan; its writes commit in one TransactWriteItems whose
   * conditions fail when another writer touched those keys meanwhile. Then fn runs again on a
   * fresh scan (up to 3 times), so fn must not have side effects outside the transaction.
   */
  async transaction<T>(fn: (tx: MetadataTransaction) => Promise<T> | T): Promise<T> {
    const t = this.#target;
    for (let attempt = 1; ; attempt++) {
      const items = await scanItems(t, undefined, true);
      const repos = items.flatMap((i) => {
        const r = itemToRepo(i);
        return 'repo' in r ? [r.repo] : [];
      });
      const snap = new TableSnapshot(repos, this.#o.hostname);
      const result = await fn(snap);
      const { puts, deletes } = snap.changes();
      const actions = [
        ...puts.map((p) => ({ Put: txPut(t.table, p.repo, expectationOf(p.before)) })),
        ...deletes.map((d) => ({ Delete: txDelete(t.table, d) })),
      ];
      if (actions.length === 0) return result;
      if (actions.length > 100)
        throw new BorgboiError('validation', `one transaction may change at most 100 records`, {
          hint: 'split the change into smaller steps',
        });
      try {
        await awsCall(t.ctx(`commit a transaction to ${t.table}`), undefined, () =>
          t.doc.send(new TransactWriteCommand({ TransactItems: actions })),
        );
        return result;
      } catch (err) {
        if (!isConditionFailure(err) || attempt >= TX_ATTEMPTS) throw err;
      }
    }
  }
}

/** In a transaction: the key is as the scan saw it (free, or same name and updated_at). */
function expectationOf(before: Repository | null): PutExpectation {
  if (before === null) return { absent: true };
  return { name: before.name, updatedAt: before.updated_at ?? null };
}

function conflict(table: string): BorgboiError {
  return new BorgboiError('store-locked', `the record changed in ${table} while it was written`, {
    hint: 'another host wrote it at the same time; run the command again',
  });
}
