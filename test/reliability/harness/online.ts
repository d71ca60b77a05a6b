import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, inject } from 'vitest';
import {
  createBucket,
  createReposTable,
  dropTable,
  getObjectBytes,
  listKeys,
  repoDigest,
  testAwsEnv,
  testDynamoClient,
  testS3Client,
  uniqueName,
} from '../../support/aws.js';
import { startFaultProxy, type FaultProxy } from '../../support/fault-proxy.js';

/**
 * A bucket and a bb-repos table on the shared s3rver / DynamoDB Local, each behind its own
 * fault proxy, and the env + config that point borgboi at the proxies.
 */
export interface Online {
  s3: S3Client;
  ddb: DynamoDBClient;
  bucket: string;
  table: string;
  s3Proxy: FaultProxy;
  ddbProxy: FaultProxy;
  /** AWS env for the CLI (endpoints = the proxies). */
  env: Record<string, string>;
  config: { offline: false; aws: { s3_bucket: string; dynamodb_repos_table: string } };
  stop(): Promise<void>;
}

export async function startOnline(opts: { seed?: number; maxAttempts?: number } = {}) {
  const s3Endpoint = inject('s3Endpoint');
  const ddbEndpoint = inject('ddbEndpoint');
  const s3 = testS3Client(s3Endpoint);
  const ddb = testDynamoClient(ddbEndpoint);
  const bucket = await createBucket(s3, 'rel');
  const table = uniqueName('bb-repos');
  await createReposTable(ddb, table);
  const s3Proxy = await startFaultProxy({ target: s3Endpoint, seed: opts.seed });
  const ddbProxy = await startFaultProxy({ target: ddbEndpoint, seed: opts.seed });
  const env = {
    ...testAwsEnv(s3Proxy.endpoint, ddbProxy.endpoint),
    AWS_MAX_ATTEMPTS: String(opts.maxAttempts ?? 5),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const online: Online = {
    s3,
    ddb,
    bucket,
    table,
    s3Proxy,
    ddbProxy,
    env,
    config: { offline: false, aws: { s3_bucket: bucket, dynamodb_repos_table: table } },
    async stop() {
      await Promise.all([s3Proxy.stop(), ddbProxy.stop()]);
      await dropTable(ddb, table);
      s3.destroy();
      ddb.destroy();
    },
  };
  return online;
}

/**
 * The S3 copy under `<name>/` holds every file of the local repo byte for byte, except the
 * no-op commit `borg with-lock` writes when the sync releases the repo lock (segment, index,
 * hints and integrity of the newest transaction: docs/decisions.md), which the next sync sends.
 */
export async function expectMirrored(
  o: Online,
  name: string,
  repoPath: string,
  where = '',
): Promise<void> {
  const digest = await repoDigest(repoPath);
  const newest = Math.max(
    ...[...digest.keys()].map((rel) => Number(/^index\.(\d+)$/.exec(rel)?.[1] ?? -1)),
  );
  const releaseCommit = (rel: string) =>
    new RegExp(`^(?:(?:index|hints|integrity)\\.${newest}|data/\\d+/${newest})$`).test(rel);
  const expected = [...digest.keys()].filter((rel) => !releaseCommit(rel));
  expect(digest.size - expected.length, `${where}: the release commit is 4 files`).toBe(4);
  const keys = new Set(await listKeys(o.s3, o.bucket, `${name}/`));
  const missing = expected.filter((rel) => !keys.has(`${name}/${rel}`));
  expect(missing, `${where}: local files missing from S3`).toEqual([]);
  for (const rel of expected) {
    const remote = await getObjectBytes(o.s3, o.bucket, `${name}/${rel}`);
    expect(remote.equals(readFileSync(join(repoPath, rel))), `${where}: ${rel}`).toBe(true);
  }
}

/** The bb-repos item of (path, this host) as DynamoDB Local holds it, or null. */
export async function tableItem(
  o: Online,
  repoPath: string,
  hostname: string,
): Promise<Record<string, unknown> | null> {
  const out = await o.ddb.send(
    new GetItemCommand({
      TableName: o.table,
      Key: { repo_path: { S: repoPath }, hostname: { S: hostname } },
      ConsistentRead: true,
    }),
  );
  if (!out.Item) return null;
  return Object.fromEntries(
    Object.entries(out.Item).map(([k, v]) => [k, v.S ?? v.N ?? v.BOOL ?? v.NULL ?? v]),
  );
}
