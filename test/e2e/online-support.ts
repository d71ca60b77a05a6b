import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, inject } from 'vitest';
import { scanRepoDir } from '../../src/aws/local-files.js';
import {
  createBucket,
  createReposTable,
  dropTable,
  getObjectBytes,
  listKeys,
  testAwsEnv,
  testDocClient,
  testDynamoClient,
  testS3Client,
  uniqueName,
} from '../support/aws.js';
import { runBorgboi, type CliResult } from '../support/cli.js';

/**
 * One online "world" per test file: its own temp BORGBOI_HOME, bucket and bb-repos table on
 * the s3rver / DynamoDB Local of globalSetup, and the env a user would set to reach them.
 */
export interface OnlineWorld {
  root: string;
  home: string;
  borgBase: string;
  bucket: string;
  table: string;
  s3: S3Client;
  ddb: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  s3Endpoint: string;
  ddbEndpoint: string;
  env(over?: Record<string, string | undefined>): Record<string, string | undefined>;
  /** `borgboi --online …` (pass `offline: true` to leave the flag out). */
  bb(
    args: readonly string[],
    o?: { env?: Record<string, string | undefined>; offline?: boolean },
  ): Promise<CliResult>;
  dataFile(name: 'repositories.json' | 's3-stats.json'): unknown;
  passphrase(repo: string): string;
  dispose(): Promise<void>;
}

export async function createOnlineWorld(tag: string): Promise<OnlineWorld> {
  const s3Endpoint = inject('s3Endpoint');
  const ddbEndpoint = inject('ddbEndpoint');
  const root = mkdtempSync(join(tmpdir(), `bb-${tag}-`));
  const home = join(root, 'home');
  const borgBase = join(root, 'borg-base');
  mkdirSync(home);
  mkdirSync(join(root, 'tmp'));
  const s3 = testS3Client(s3Endpoint);
  const ddb = testDynamoClient(ddbEndpoint);
  const bucket = await createBucket(s3, tag);
  const table = uniqueName(`${tag}-repos`);
  await createReposTable(ddb, table);
  const env = (over: Record<string, string | undefined> = {}) => ({
    BORGBOI_HOME: home,
    HOME: home,
    BORG_BASE_DIR: borgBase,
    TMPDIR: join(root, 'tmp'),
    ...testAwsEnv(s3Endpoint, ddbEndpoint),
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    BORGBOI_AWS__S3_BUCKET: bucket,
    BORGBOI_AWS__DYNAMODB_REPOS_TABLE: table,
    ...over,
  });
  return {
    root,
    home,
    borgBase,
    bucket,
    table,
    s3,
    ddb,
    doc: testDocClient(ddbEndpoint),
    s3Endpoint,
    ddbEndpoint,
    env,
    bb: (args, o = {}) =>
      runBorgboi([...(o.offline ? [] : ['--online']), ...args], { env: env(o.env) }),
    dataFile: (name) => JSON.parse(readFileSync(join(home, '.borgboi', 'data', name), 'utf8')),
    passphrase: (repo) =>
      readFileSync(join(home, '.borgboi', 'passphrases', `${repo}.key`), 'utf8'),
    async dispose() {
      await dropTable(ddb, table);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The JSON document a `--json` run printed (fails the test with its stderr otherwise). */
export function jsonOf<T = Record<string, unknown>>(r: CliResult): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`not one JSON document (exit ${r.code}): ${r.stdout}\n${r.stderr}`);
  }
}

/**
 * Every mirrored file of repoDir is an object `prefix/<rel>` with the same bytes. With `extra`
 * the prefix may also hold exactly those keys besides (files borg removed locally since an
 * earlier sync: the mirror never deletes unless asked).
 */
export async function expectMirror(
  w: OnlineWorld,
  prefix: string,
  repoDir: string,
  extra: readonly string[] = [],
): Promise<void> {
  const files = await scanRepoDir(repoDir);
  const expected = [...files.map((f) => `${prefix}/${f.rel}`), ...extra].sort();
  expect(await listKeys(w.s3, w.bucket, `${prefix}/`)).toEqual(expected);
  for (const f of files) {
    const remote = await getObjectBytes(w.s3, w.bucket, `${prefix}/${f.rel}`);
    expect(remote.equals(readFileSync(f.abs)), `${prefix}/${f.rel} differs`).toBe(true);
  }
}

/** The S3 objects under prefix/: key → size, and the totals. */
export async function objectSizes(w: OnlineWorld, prefix: string) {
  const { ListObjectsV2Command } = await import('@aws-sdk/client-s3');
  const sizes = new Map<string, number>();
  let token: string | undefined;
  do {
    const page = await w.s3.send(
      new ListObjectsV2Command({ Bucket: w.bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) sizes.set(o.Key!, o.Size ?? 0);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  const bytes = [...sizes.values()].reduce((a, b) => a + b, 0);
  return { sizes, bytes, count: sizes.size };
}

/** The one line that starts with `Error:` on stderr (and that there is exactly one). */
export function errorLine(r: CliResult): string {
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('Error:'));
  expect(lines, r.stderr).toHaveLength(1);
  return lines[0]!;
}
