import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeConfigSchema, type Config } from '../../src/config/schema.js';
import { scanRepoDir } from '../../src/aws/local-files.js';

// The SDK warns on Node 20 (its 2027 releases need Node 22); keep test output readable.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** Credentials s3rver accepts (any other access key id gets 403). */
export const TEST_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** Per command name, how many requests a client sent (SDK middleware; retries not counted). */
export type RequestCounts = Record<string, number>;

interface WithMiddleware {
  middlewareStack: {
    add(
      mw: (next: (a: unknown) => Promise<unknown>, ctx: { commandName?: string }) => unknown,
      opts: { step: 'initialize'; name: string },
    ): void;
  };
}

export function countRequests(
  client: S3Client | DynamoDBClient | DynamoDBDocumentClient,
): RequestCounts {
  const counts: RequestCounts = {};
  (client as unknown as WithMiddleware).middlewareStack.add(
    (next, context) => async (args: unknown) => {
      const name = String(context.commandName ?? 'unknown');
      counts[name] = (counts[name] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name: `count-${randomUUID()}` },
  );
  return counts;
}

export function writeRequests(counts: RequestCounts): number {
  const writes = [
    'PutObjectCommand',
    'CreateMultipartUploadCommand',
    'UploadPartCommand',
    'CompleteMultipartUploadCommand',
    'CopyObjectCommand',
    'DeleteObjectsCommand',
    'DeleteObjectCommand',
  ];
  return writes.reduce((n, w) => n + (counts[w] ?? 0), 0);
}

export function testS3Client(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: TEST_CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    maxAttempts: 2,
  });
}

export async function createBucket(client: S3Client, prefix = 'bb'): Promise<string> {
  const bucket = uniqueName(prefix);
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}

export async function getObjectBytes(client: S3Client, bucket: string, key: string) {
  const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

export async function listKeys(client: S3Client, bucket: string, prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    keys.push(...(page.Contents ?? []).map((o) => o.Key!));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys.sort();
}

/** DynamoDB Local keeps one database per access key + region: use the same as testAwsEnv. */
export function testDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS });
}

export function testDocClient(endpoint: string): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(testDynamoClient(endpoint), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/** `bb-repos` exactly as the Python terraform defines it: HASH repo_path, RANGE hostname, name_gsi. */
export async function createReposTable(client: DynamoDBClient, name: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'repo_path', AttributeType: 'S' },
        { AttributeName: 'hostname', AttributeType: 'S' },
        { AttributeName: 'repo_name', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'repo_path', KeyType: 'HASH' },
        { AttributeName: 'hostname', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'name_gsi',
          KeySchema: [{ AttributeName: 'repo_name', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: name });
}

/** The LEGACY `borgboi-repos` table: HASH repo_path only, name_gsi on common_name. */
export async function createLegacyTable(client: DynamoDBClient, name: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'repo_path', AttributeType: 'S' },
        { AttributeName: 'common_name', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'repo_path', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'name_gsi',
          KeySchema: [{ AttributeName: 'common_name', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: name });
}

export async function dropTable(client: DynamoDBClient, name: string): Promise<void> {
  await client.send(new DeleteTableCommand({ TableName: name })).catch(() => undefined);
}

export function testConfig(aws: Partial<Config['aws']> = {}): Config {
  return makeConfigSchema('/nonexistent/.borgboi').parse({ aws, offline: false });
}

/** The env a user (or the CLI under test) sets to reach the local test servers. */
export function testAwsEnv(s3Endpoint: string, ddbEndpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_S3: s3Endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: ddbEndpoint,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_REGION: 'us-east-1',
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_MAX_ATTEMPTS: '2',
  };
}

/** borg for tests only: env passphrase (never done by borgboi itself), temp BORG_BASE_DIR. */
export function borgEnv(baseDir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    BORG_BASE_DIR: baseDir,
    BORG_PASSPHRASE: 'test-passphrase',
    BORG_RELOCATED_REPO_ACCESS_IS_OK: 'yes',
    BORG_CHECK_I_KNOW_WHAT_I_AM_DOING: 'NO',
    LANG: 'C.UTF-8',
  };
}

export function borg(args: string[], baseDir: string, cwd?: string): string {
  return execFileSync('borg', args, {
    env: borgEnv(baseDir),
    cwd,
    encoding: 'utf8',
    stdio: 'pipe',
  });
}

/** Writes `files` small files of pseudo-random (incompressible) content plus one `big` file. */
export function writeSourceTree(dir: string, files: number, bigBytes = 0): void {
  mkdirSync(join(dir, 'docs'), { recursive: true });
  for (let i = 0; i < files; i++)
    writeFileSync(join(dir, 'docs', `f${i}.bin`), randomBytes(2048 + ((i * 7919) % 30000)));
  if (bigBytes > 0) writeFileSync(join(dir, 'big.bin'), randomBytes(bigBytes));
}

/** A real borg 1.2 repository (repokey) with one archive of `source`. */
export function makeBorgRepo(repo: string, source: string, baseDir: string): void {
  borg(['init', '--encryption=repokey', repo], baseDir);
  borg(['create', `${repo}::a1`, '.'], baseDir, source);
}

/** rel path → sha256 of every mirrored file of a repo dir (lock files excluded). */
export async function repoDigest(dir: string): Promise<Map<string, string>> {
  const files = await scanRepoDir(dir);
  return new Map(
    files.map((f) => [f.rel, createHash('sha256').update(readFileSync(f.abs)).digest('hex')]),
  );
}
