import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { existsSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listKeys } from '../support/aws.js';
import { writeDataTree } from '../support/borg-fixtures.js';
import { diffSnapshots, snapshotTree } from '../support/snapshot.js';
import {
  createOnlineWorld,
  errorLine,
  expectMirror,
  jsonOf,
  type OnlineWorld,
} from './online-support.js';

/**
 * s3 delete, repo rename and repo delete --delete-from-s3 on one repo whose S3 prefix has a
 * sibling (`alpha2/` next to `alpha/`) that must survive every one of them.
 */
let w: OnlineWorld;
let repo: string;
const SIBLING = ['alpha2/config', 'alpha2/data/0/1'];

beforeAll(async () => {
  w = await createOnlineWorld('onl-admin');
  const source = join(w.root, 'source');
  repo = join(w.root, 'repos', 'alpha');
  mkdirSync(join(w.root, 'repos'));
  writeDataTree(source, { files: 6, maxFileBytes: 8 * 1024 });
  for (const Key of SIBLING) {
    await w.s3.send(new PutObjectCommand({ Bucket: w.bucket, Key, Body: `sibling ${Key}` }));
  }
  for (const args of [
    ['repo', 'create', '-p', repo, '-b', source, '-n', 'alpha'],
    ['backup', 'run', '-n', 'alpha'],
    ['s3', 'sync', '-n', 'alpha'],
  ]) {
    const r = await w.bb(args);
    expect(r.code, r.stderr).toBe(0);
  }
  await expectMirror(w, 'alpha', repo);
});
afterAll(() => w?.dispose());

const s3Stats = () => (w.dataFile('s3-stats.json') as { repos: Record<string, unknown> }).repos;
const item = async () =>
  (
    await w.ddb.send(
      new GetItemCommand({
        TableName: w.table,
        Key: { repo_path: { S: repo }, hostname: { S: hostname() } },
      }),
    )
  ).Item;

describe('s3 delete', () => {
  it('without a terminal needs --yes: exit 2, nothing deleted', async () => {
    const before = await listKeys(w.s3, w.bucket);
    const r = await w.bb(['s3', 'delete', '-n', 'alpha']);
    expect(r.code).toBe(2);
    expect(errorLine(r)).toMatch(/confirmation needed; pass --yes/);
    expect(await listKeys(w.s3, w.bucket)).toEqual(before);
  });

  it('--dry-run lists every object of the prefix and changes nothing', async () => {
    const keys = await listKeys(w.s3, w.bucket, 'alpha/');
    const home = await snapshotTree(w.home, { mtimes: true });
    const r = await w.bb(['s3', 'delete', '-n', 'alpha', '--dry-run', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(jsonOf(r)).toEqual({ repo: 'alpha', deleted: keys.length, keys, dry_run: true });
    expect(await listKeys(w.s3, w.bucket, 'alpha/')).toEqual(keys);
    expect(diffSnapshots(home, await snapshotTree(w.home, { mtimes: true }))).toEqual([]);
  });

  it('--yes deletes the prefix only (the sibling alpha2/ stays), and forgets the sync', async () => {
    const r = await w.bb(['s3', 'delete', '-n', 'alpha', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(await listKeys(w.s3, w.bucket)).toEqual(SIBLING);
    expect(s3Stats()).not.toHaveProperty('alpha');
    expect((await item())?.last_s3_sync).toBeUndefined();
    expect(existsSync(join(repo, 'config'))).toBe(true);
  });
});

describe('repo rename and repo delete move and remove the S3 prefix', () => {
  it('repo rename moves the prefix byte-equal, and the table item follows', async () => {
    const sync = await w.bb(['s3', 'sync', '-n', 'alpha']);
    expect(sync.code, sync.stderr).toBe(0);
    const r = await w.bb(['repo', 'rename', '-n', 'alpha', '--to', 'beta']);
    expect(r.code, r.stderr).toBe(0);
    expect(await listKeys(w.s3, w.bucket, 'alpha/')).toEqual([]);
    await expectMirror(w, 'beta', repo);
    expect(await listKeys(w.s3, w.bucket, 'alpha2/')).toEqual(SIBLING);
    expect(s3Stats()).toHaveProperty('beta');
    expect(await item()).toMatchObject({
      repo_name: { S: 'beta' },
      passphrase_file_path: { S: join(w.home, '.borgboi', 'passphrases', 'beta.key') },
    });
  });

  it('repo delete --delete-from-s3 removes the repo, its record, its item and its prefix', async () => {
    const dry = await w.bb(['repo', 'delete', '-n', 'beta', '--delete-from-s3', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect((await listKeys(w.s3, w.bucket, 'beta/')).length).toBeGreaterThan(0);

    const r = await w.bb(['repo', 'delete', '-n', 'beta', '--delete-from-s3', '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(jsonOf(r)).toMatchObject({ repo: 'beta', s3_deleted: expect.any(Number) });
    expect(await listKeys(w.s3, w.bucket)).toEqual(SIBLING);
    expect(existsSync(repo)).toBe(false);
    expect(await item()).toBeUndefined();
    const list = jsonOf<{ repos: unknown[] }>(
      await w.bb(['repo', 'list', '--all-hosts', '--json']),
    );
    expect(list.repos).toEqual([]);
  });
});
