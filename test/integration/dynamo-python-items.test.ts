import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { createRemote } from '../../src/aws/index.js';
import type { Remote } from '../../src/aws/types.js';
import {
  createLegacyTable,
  createReposTable,
  dropTable,
  testAwsEnv,
  testConfig,
  testDocClient,
  testDynamoClient,
  uniqueName,
} from '../support/aws.js';

const infoRepo = JSON.parse(
  readFileSync(new URL('../fixtures/borg/info-repo.json', import.meta.url), 'utf8'),
) as { cache: { stats: Record<string, number> } } & Record<string, unknown>;

/** LEGACY `metadata` map: RepoInfo plus the computed `*_gb` strings Python also stored. */
const legacyMetadata = {
  ...infoRepo,
  cache: {
    ...infoRepo.cache,
    total_size_gb: '0.00',
    total_csize_gb: '0.00',
    unique_csize_gb: '0.00',
  },
  archives: [],
};

/** Items as the Python tool wrote them (borgboi-python.md §7.2), written raw. */
const CURRENT_ITEMS = [
  {
    repo_path: '/home/me/backups/docs',
    hostname: 'laptop',
    backup_target_path: '/home/me/Documents',
    repo_name: 'docs',
    os_platform: 'Linux',
    passphrase_file_path: '/home/me/.borgboi/passphrases/docs.key',
    passphrase_migrated: true,
    retention_keep_daily: 14,
  },
  {
    repo_path: '/Users/me/backups/photos',
    hostname: 'mac',
    backup_target_path: '/Users/me/Pictures',
    repo_name: 'photos',
    os_platform: 'darwin',
    last_backup: '2025-03-01T02:00:00.123456',
    passphrase: 'legacy-db-secret',
    passphrase_migrated: false,
  },
  {
    repo_path: '/srv/old',
    hostname: 'server',
    backup_target_path: '/etc',
    common_name: 'old-style',
    os_platform: 'Linux',
  },
];

const LEGACY_ITEMS = [
  {
    repo_path: '/home/me/repo-a',
    hostname: 'laptop',
    backup_target_path: '/home/me/a',
    common_name: 'repo-a',
    os_platform: 'Linux',
    last_backup: null,
    metadata: legacyMetadata,
  },
  {
    repo_path: '/home/me/repo-b',
    hostname: 'laptop',
    backup_target_path: '/home/me/b',
    common_name: 'repo-b',
    os_platform: 'Linux',
    last_backup: '2024-12-24T18:00:00',
    metadata: null,
  },
  { repo_path: '/broken', hostname: 'laptop', backup_target_path: '/x', common_name: 'broken' },
];

describe('Python-shaped bb-repos items and the LEGACY table (DynamoDB Local)', () => {
  const ddbEndpoint = inject('ddbEndpoint');
  const client = testDynamoClient(ddbEndpoint);
  const doc = testDocClient(ddbEndpoint);
  let table: string;
  let legacy: string;
  let remote: Remote;

  const putRaw = async (t: string, items: Record<string, unknown>[]) => {
    for (const Item of items) await doc.send(new PutCommand({ TableName: t, Item }));
  };

  beforeEach(async () => {
    table = uniqueName('bb-repos');
    legacy = uniqueName('borgboi-repos');
    await Promise.all([createReposTable(client, table), createLegacyTable(client, legacy)]);
    remote = await createRemote({
      config: testConfig({ dynamodb_repos_table: table }),
      env: testAwsEnv(inject('s3Endpoint'), ddbEndpoint),
      hostname: 'laptop',
    });
  });
  afterEach(async () => {
    await Promise.all([dropTable(client, table), dropTable(client, legacy)]);
  });

  it('reads CURRENT items, incl. partial retention and legacy common_name', async () => {
    await putRaw(table, CURRENT_ITEMS);
    const docs = await remote.table.getByName('docs');
    expect(docs).toMatchObject({
      path: '/home/me/backups/docs',
      backup_target: '/home/me/Documents',
      retention: { keep_daily: 14, keep_weekly: 0, keep_monthly: 0, keep_yearly: 0 },
      last_backup: null,
      metadata: null,
      passphrase_migrated: true,
    });
    expect(await remote.table.getByPath('/Users/me/backups/photos', 'mac')).toMatchObject({
      name: 'photos',
      os_platform: 'Darwin',
      passphrase: 'legacy-db-secret',
      last_backup: '2025-03-01T02:00:00.123456',
    });
    expect((await remote.table.getByName('old-style'))?.hostname).toBe('server');
    const all = await remote.table.scanAll();
    expect(all.repos.map((r) => r.name)).toEqual(['docs', 'old-style', 'photos']);
    expect(await remote.table.list({ hostname: 'laptop' })).toHaveLength(1);
  });

  it('reports invalid items in scanAll instead of throwing, and list skips them', async () => {
    await putRaw(table, [
      ...CURRENT_ITEMS.slice(0, 1),
      { ...CURRENT_ITEMS[0], repo_path: '/win', os_platform: 'Windows' },
      { repo_path: '/no-os', hostname: 'laptop', backup_target_path: '/x', repo_name: 'no-os' },
    ]);
    const all = await remote.table.scanAll();
    expect(all.repos.map((r) => r.name)).toEqual(['docs']);
    expect(all.skipped).toHaveLength(2);
    expect(all.skipped.join('\n')).toMatch(/no-os \(\/no-os on laptop\): os_platform/);
    expect((await remote.table.list()).map((r) => r.name)).toEqual(['docs']);
  });

  it('renaming a common_name item writes repo_name (the GSI then finds it)', async () => {
    await putRaw(table, CURRENT_ITEMS.slice(2));
    await remote.table.rename('old-style', 'new-style');
    expect((await remote.table.getByName('new-style'))?.path).toBe('/srv/old');
    expect(await remote.table.getByName('old-style')).toBeNull();
  });

  it('migrateLegacyTable copies valid LEGACY items, reports the rest, and is idempotent', async () => {
    await putRaw(legacy, LEGACY_ITEMS);
    const dry = await remote.migrateLegacyTable({ from: legacy, dryRun: true });
    expect(dry.rows.filter((r) => r.status === 'would-migrate')).toHaveLength(2);
    expect(await remote.table.list()).toEqual([]);
    const first = await remote.migrateLegacyTable({ from: legacy, dryRun: false });
    const status = Object.fromEntries(first.rows.map((r) => [r.name.split(' ')[0], r.status]));
    expect(status).toEqual({ 'repo-a': 'migrated', 'repo-b': 'migrated', broken: 'skipped' });
    const a = await remote.table.getByName('repo-a');
    expect(a?.metadata?.cache.stats.unique_csize).toBe(infoRepo.cache.stats.unique_csize);
    expect((await remote.table.getByName('repo-b'))?.last_backup).toBe('2024-12-24T18:00:00');
    const again = await remote.migrateLegacyTable({ from: legacy, dryRun: false });
    expect(again.rows.map((r) => r.status).sort()).toEqual(['already', 'already', 'skipped']);
    expect(await remote.table.list()).toHaveLength(2);
  });

  it('a missing table is one clear line naming table and fix (exit 1)', async () => {
    const r = await createRemote({
      config: testConfig({ dynamodb_repos_table: 'no-such-table' }),
      env: testAwsEnv(inject('s3Endpoint'), ddbEndpoint),
      hostname: 'laptop',
    });
    await expect(r.table.list()).rejects.toMatchObject({
      code: 'aws',
      exitCode: 1,
      message: expect.stringMatching(/DynamoDB table 'no-such-table' not found/),
      hint: expect.stringContaining('aws.dynamodb_repos_table'),
    });
  });

  it('a missing bucket is one clear line naming bucket and fix (exit 1)', async () => {
    await expect(remote.s3.prefixStats('docs')).rejects.toMatchObject({
      code: 'aws',
      exitCode: 1,
      message: "cannot list s3://bb-backups/docs/: S3 bucket 'bb-backups' does not exist",
      hint: expect.stringContaining('aws.s3_bucket'),
    });
  });
});
