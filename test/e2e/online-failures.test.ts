import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listKeys } from '../support/aws.js';
import { writeDataTree } from '../support/borg-fixtures.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { freePort } from '../support/servers.js';
import { diffSnapshots, formatChanges, snapshotTree } from '../support/snapshot.js';
import { createOnlineWorld, errorLine, jsonOf, type OnlineWorld } from './online-support.js';

/**
 * What AWS failures do to the CLI: the offline default never reaches AWS; an unreachable
 * table or S3 during a daily is exit 3 with the archive and the local record kept; a failing
 * `s3 sync` is one clear line, exit 1, nothing changed.
 */
const NAME = 'fail';
let w: OnlineWorld;
let repo: string;
let s3Proxy: FaultProxy;
let ddbProxy: FaultProxy;
let closed: string;

beforeAll(async () => {
  w = await createOnlineWorld('onl-fail');
  repo = join(w.root, 'repos', NAME);
  mkdirSync(join(w.root, 'repos'));
  writeDataTree(join(w.root, 'source'), { files: 6, maxFileBytes: 8 * 1024 });
  s3Proxy = await startFaultProxy({ target: w.s3Endpoint });
  ddbProxy = await startFaultProxy({ target: w.ddbEndpoint });
  closed = `http://127.0.0.1:${await freePort()}`;
});
afterAll(async () => {
  await s3Proxy?.stop();
  await ddbProxy?.stop();
  await w?.dispose();
});

const record = () =>
  (w.dataFile('repositories.json') as { repositories: Array<Record<string, string | null>> })
    .repositories[0]!;
const item = async () =>
  (
    await w.ddb.send(
      new GetItemCommand({
        TableName: w.table,
        Key: { repo_path: { S: repo }, hostname: { S: hostname() } },
      }),
    )
  ).Item;

describe('offline (the default)', () => {
  it('create, daily, list and status never send a request to AWS', async () => {
    const env = {
      AWS_ENDPOINT_URL_S3: s3Proxy.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: ddbProxy.endpoint,
    };
    const runs = [
      ['repo', 'create', '-p', repo, '-b', join(w.root, 'source'), '-n', NAME],
      ['backup', 'daily', '-n', NAME],
      ['repo', 'list'],
      ['status'],
    ];
    for (const args of runs) {
      const r = await w.bb(args, { offline: true, env });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    const sync = await w.bb(['s3', 'sync', '-n', NAME], { offline: true, env });
    expect(sync.code).toBe(2);
    expect(errorLine(sync)).toMatch(/'s3 sync' needs online mode; pass --online/);
    expect(s3Proxy.stats.requests + ddbProxy.stats.requests).toBe(0);
    expect(record().last_s3_sync).toBeNull();
    expect(await listKeys(w.s3, w.bucket)).toEqual([]);
  });
});

describe('backup daily online with part of AWS down: exit 3, archive and local record kept', () => {
  it('DynamoDB unreachable: synced, recorded locally, the message names the table write', async () => {
    const before = record();
    const r = await w.bb(['backup', 'daily', '-n', NAME, '--no-prune', '--no-compact'], {
      env: { AWS_ENDPOINT_URL_DYNAMODB: closed },
    });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toMatch(/^Daily backup of 'fail': partial$/m);
    expect(r.stdout).toMatch(
      /Warning: +table: DynamoDB was not updated \(.*unreachable.*\); the local record is kept/,
    );
    const after = record();
    expect(after.last_backup! > before.last_backup!).toBe(true);
    expect(after.last_s3_sync).toEqual(expect.any(String));
    expect((await listKeys(w.s3, w.bucket, `${NAME}/`)).length).toBeGreaterThan(0);
    expect(await item()).toBeUndefined();
  });

  it('S3 unreachable: one clear error line; the archive and the table item are written', async () => {
    const before = record();
    const r = await w.bb(['backup', 'daily', '-n', NAME, '--no-prune', '--no-compact', '--json'], {
      env: { AWS_ENDPOINT_URL_S3: closed },
    });
    expect(r.code).toBe(3);
    const doc = jsonOf<{
      result: string;
      archive: string | null;
      steps: Array<{ name: string; result: string }>;
      error: { message: string } | null;
    }>(r);
    expect(doc.result).toBe('partial');
    expect(doc.archive).toEqual(expect.any(String));
    expect(doc.steps.find((s) => s.name === 'sync')?.result).toBe('failed');
    expect(doc.error?.message).toMatch(
      /^cannot list s3:\/\/.*: .* is unreachable \(ECONNREFUSED\)/,
    );
    const after = record();
    expect(after.last_backup! > before.last_backup!).toBe(true);
    expect(after.last_s3_sync).toBe(before.last_s3_sync);
    expect(await item()).toMatchObject({
      repo_name: { S: NAME },
      last_backup: { S: after.last_backup },
      last_s3_sync: { S: before.last_s3_sync },
    });
  });
});

describe('s3 sync failures: one line naming the problem and the fix, exit 1, nothing changed', () => {
  const cases: Array<{
    name: string;
    env: () => Record<string, string>;
    throttle?: boolean;
    message: RegExp;
  }> = [
    {
      name: 'S3 unreachable',
      env: () => ({ AWS_ENDPOINT_URL_S3: closed }),
      message: /unreachable \(ECONNREFUSED\) after 2 attempts; check the network connection/,
    },
    {
      name: 'bucket missing',
      env: () => ({ BORGBOI_AWS__S3_BUCKET: 'no-such-bucket' }),
      message: /S3 bucket 'no-such-bucket' does not exist; create the bucket or set aws\.s3_bucket/,
    },
    {
      name: 'credentials rejected',
      env: () => ({ AWS_ACCESS_KEY_ID: 'NOT-S3RVER' }),
      message: /AWS rejected the credentials \(InvalidAccessKeyId\); check the access key/,
    },
    {
      name: 'S3 throttling every request',
      env: () => ({ AWS_ENDPOINT_URL_S3: s3Proxy.endpoint }),
      throttle: true,
      message: /AWS throttled the request \(SlowDown\) after 2 attempts; retry later/,
    },
  ];

  it.each(cases)('$name', async ({ env, throttle, message }) => {
    s3Proxy.setSchedule(throttle ? [{ fault: { kind: 'throttle' } }] : []);
    const before = await snapshotTree([w.home, repo], { mtimes: true });
    try {
      const r = await w.bb(['s3', 'sync', '-n', NAME], { env: env() });
      expect(r.code).toBe(1);
      expect(errorLine(r)).toMatch(message);
    } finally {
      s3Proxy.setSchedule([]);
    }
    // The repo dir's own mtime moves: the sync took borg's lock (lock.exclusive/ came and went).
    const changes = diffSnapshots(before, await snapshotTree([w.home, repo], { mtimes: true }));
    expect(formatChanges(changes.filter((c) => c.path !== repo))).toBe('');
  });

  it('a missing table is one clear error too', async () => {
    const r = await w.bb(['repo', 'list', '--all-hosts'], {
      env: { BORGBOI_AWS__DYNAMODB_REPOS_TABLE: 'no-such-table' },
    });
    expect(r.code).toBe(1);
    expect(errorLine(r)).toMatch(/DynamoDB table 'no-such-table' not found .*; create the table/);
  });
});
