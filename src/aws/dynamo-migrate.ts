import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { BorgboiError } from '../core/errors.js';
import { awsCall, type AwsErrorContext } from './errors.js';
import { itemLabel, itemToRepo } from './dynamo-item.js';
import { scanItems, txPut } from './dynamo-ops.js';
import { DynamoMetadataStore } from './dynamo-table.js';
import type { LegacyTableMigrationReport, LegacyTableMigrationRow } from './types.js';

export interface LegacyMigrationOptions {
  doc: DynamoDBDocumentClient;
  from: string;
  to: string;
  hostname: string;
  dryRun: boolean;
  region?: string | undefined;
  endpoint?: string | undefined;
}

/**
 * Copies a LEGACY `borgboi-repos` table (HASH repo_path, `common_name`) into `bb-repos`, as the
 * Python script `migrate_to_bb_repos.py` did, but idempotent: an item already present (same key,
 * or same name elsewhere) is left alone, invalid items are reported, the old table is untouched.
 */
export async function migrateLegacyTable(
  o: LegacyMigrationOptions,
): Promise<LegacyTableMigrationReport> {
  const ctx = (table: string, action: string): AwsErrorContext => ({
    service: 'dynamodb',
    action,
    table,
    region: o.region,
    endpoint: o.endpoint,
  });
  const source = { doc: o.doc, table: o.from, ctx: (a: string) => ctx(o.from, a) };
  const target = new DynamoMetadataStore({ ...o, client: o.doc, table: o.to });
  const rows: LegacyTableMigrationRow[] = [];
  for (const item of await scanItems(source)) {
    const parsed = itemToRepo(item);
    if (!('repo' in parsed)) {
      rows.push({ name: itemLabel(item), status: 'skipped', reason: parsed.error });
      continue;
    }
    const repo = parsed.repo;
    const existing = await target.getByName(repo.name);
    if (existing) {
      const same = existing.path === repo.path && existing.hostname === repo.hostname;
      rows.push(
        same
          ? { name: repo.name, status: 'already' }
          : {
              name: repo.name,
              status: 'skipped',
              reason: `name already used in ${o.to} by ${existing.path} on ${existing.hostname}`,
            },
      );
      continue;
    }
    if (o.dryRun) {
      rows.push({ name: repo.name, status: 'would-migrate' });
      continue;
    }
    try {
      await awsCall(ctx(o.to, `copy '${repo.name}' into ${o.to}`), undefined, () =>
        o.doc.send(new PutCommand(txPut(o.to, repo, { absent: true }))),
      );
      rows.push({ name: repo.name, status: 'migrated' });
    } catch (err) {
      if ((err as BorgboiError).details?.awsCode !== 'ConditionalCheckFailedException') throw err;
      rows.push({ name: repo.name, status: 'skipped', reason: `its path is already registered` });
    }
  }
  return { from: o.from, to: o.to, dryRun: o.dryRun, rows };
}
