import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Repository } from '../core/models/index.js';
import { awsCall, type AwsErrorContext } from './errors.js';
import { repoToItem } from './dynamo-item.js';

export interface TableTarget {
  doc: DynamoDBDocumentClient;
  table: string;
  ctx(action: string): AwsErrorContext;
}

/** Every item of the table, following LastEvaluatedKey (1 MB pages); optionally filtered. */
export async function scanItems(
  t: TableTarget,
  filter?: { attr: string; value: string },
  consistent = false,
  pageLimit?: number,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await awsCall(t.ctx(`scan table ${t.table}`), undefined, () =>
      t.doc.send(
        new ScanCommand({
          TableName: t.table,
          ExclusiveStartKey: start,
          ConsistentRead: consistent,
          ...(pageLimit ? { Limit: pageLimit } : {}),
          ...(filter
            ? {
                FilterExpression: '#f = :v',
                ExpressionAttributeNames: { '#f': filter.attr },
                ExpressionAttributeValues: { ':v': filter.value },
              }
            : {}),
        }),
      ),
    );
    items.push(...((page.Items ?? []) as Record<string, unknown>[]));
    start = page.LastEvaluatedKey as Record<string, unknown> | undefined;
  } while (start);
  return items;
}

export interface PutExpectation {
  /** The key may be free. */
  absent?: boolean;
  /** The key may hold a record of this name (repo_name or LEGACY common_name). */
  name?: string;
  /** With `name`: the record's updated_at must still be this (null: it must have none). */
  updatedAt?: string | null;
}

function condition(e: PutExpectation) {
  const parts: string[] = [];
  const values: Record<string, unknown> = {};
  if (e.absent) parts.push('attribute_not_exists(repo_path)');
  if (e.name !== undefined) {
    values[':n'] = e.name;
    if (e.updatedAt === undefined) parts.push('repo_name = :n OR common_name = :n');
    else if (e.updatedAt === null)
      parts.push('(repo_name = :n OR common_name = :n) AND attribute_not_exists(updated_at)');
    else {
      values[':u'] = e.updatedAt;
      parts.push('(repo_name = :n OR common_name = :n) AND updated_at = :u');
    }
  }
  // DynamoDB rejects redundant parentheses, so a single AND-part stays bare.
  const expr = parts.length > 1 ? parts.map((p) => (p.includes(' AND ') ? `(${p})` : p)) : parts;
  return {
    ConditionExpression: expr.join(' OR '),
    ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
  };
}

/** A full-item Put (Python saves are full replacements too) guarded by `expect`. */
export function txPut(table: string, repo: Repository, expect: PutExpectation) {
  return { TableName: table, Item: repoToItem(repo), ...condition(expect) };
}

/** Delete of a record's key, only while the key still holds that record's name. */
export function txDelete(table: string, repo: Repository) {
  return {
    TableName: table,
    Key: { repo_path: repo.path, hostname: repo.hostname },
    ...condition({ name: repo.name }),
  };
}
