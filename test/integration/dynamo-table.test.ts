import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { DynamoMetadataStore } from '../../src/aws/dynamo-table.js';
import { repositorySchema, type Repository } from '../../src/core/models/index.js';
import {
  countRequests,
  createReposTable,
  dropTable,
  testDocClient,
  uniqueName,
} from '../support/aws.js';

const infoRepo = JSON.parse(
  readFileSync(new URL('../fixtures/borg/info-repo.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

function repo(over: Partial<Repository> = {}): Repository {
  return repositorySchema.parse({
    name: 'docs',
    path: '/srv/borg/docs',
    backup_target: '/home/me/docs',
    hostname: 'laptop',
    os_platform: 'Linux',
    created_at: '2026-11-20T10:00:00.000Z',
    last_backup: '2026-11-26T05:37:41.000Z',
    metadata: infoRepo,
    retention: { keep_daily: 3, keep_weekly: 2, keep_monthly: 1, keep_yearly: 0 },
    passphrase_file_path: '/root/.borgboi/passphrases/docs.key',
    passphrase_migrated: true,
    ...over,
  });
}

describe('DynamoMetadataStore on a bb-repos table (DynamoDB Local)', () => {
  const doc = testDocClient(inject('ddbEndpoint'));
  const counts = countRequests(doc);
  let table: string;
  let store: DynamoMetadataStore;

  beforeEach(async () => {
    table = uniqueName('bb-repos');
    await createReposTable(doc as never, table);
    store = new DynamoMetadataStore({ client: doc, table, hostname: 'laptop' });
  });
  afterEach(async () => dropTable(doc as never, table));

  const raw = (path: string, hostname: string) =>
    doc.send(new GetCommand({ TableName: table, Key: { repo_path: path, hostname } }));

  it('round-trips a record and writes the Python item shape (nulls omitted)', async () => {
    const r = repo();
    await store.upsert(r);
    expect(await store.getByName('docs')).toEqual(r);
    expect(await store.getByPath('/srv/borg/docs', 'laptop')).toEqual(r);
    expect(await store.list({ hostname: 'laptop' })).toEqual([r]);
    const { Item } = await raw('/srv/borg/docs', 'laptop');
    expect(Object.keys(Item!).sort()).toEqual(
      [
        'repo_path',
        'hostname',
        'backup_target_path',
        'repo_name',
        'os_platform',
        'created_at',
        'last_backup',
        'passphrase_file_path',
        'passphrase_migrated',
        'retention_keep_daily',
        'retention_keep_weekly',
        'retention_keep_monthly',
        'retention_keep_yearly',
        'metadata_json',
      ].sort(),
    );
    expect(Item).toMatchObject({ repo_name: 'docs', retention_keep_daily: 3 });
  });

  it('upsert with a new path moves the record; the old key is gone', async () => {
    await store.upsert(repo());
    await store.upsert(repo({ path: '/mnt/new/docs' }));
    expect((await raw('/srv/borg/docs', 'laptop')).Item).toBeUndefined();
    expect((await store.getByName('docs'))?.path).toBe('/mnt/new/docs');
  });

  it.each([
    ['another name at a registered path', () => repo({ name: 'other' })],
    ['a name differing only in case (names are case-sensitive)', () => repo({ name: 'Docs' })],
  ])('refuses %s and changes nothing', async (_l, make) => {
    await store.upsert(repo());
    await expect(store.upsert(make())).rejects.toMatchObject({
      code: 'already-exists',
      exitCode: 2,
      message: expect.stringContaining("already registered as 'docs'"),
    });
    expect(await store.list()).toEqual([repo()]);
  });

  it('rename checks the new name, keeps the key, and delete reports what it did', async () => {
    await store.upsert(repo());
    await store.upsert(repo({ name: 'music', path: '/srv/borg/music' }));
    await expect(store.rename('docs', 'music')).rejects.toMatchObject({ code: 'already-exists' });
    await expect(store.rename('nope', 'x')).rejects.toMatchObject({ code: 'not-found' });
    const renamed = await store.rename('docs', 'papers');
    expect(renamed).toEqual(repo({ name: 'papers' }));
    expect((await raw('/srv/borg/docs', 'laptop')).Item?.repo_name).toBe('papers');
    expect(await store.delete('papers')).toBe(true);
    expect(await store.delete('papers')).toBe(false);
    expect((await store.list()).map((r) => r.name)).toEqual(['music']);
  });

  it('transaction commits its writes together and reads its own writes', async () => {
    await store.upsert(repo());
    const n = await store.transaction((tx) => {
      tx.upsert(repo({ name: 'music', path: '/srv/borg/music' }));
      expect(tx.getByName('music')?.path).toBe('/srv/borg/music');
      expect(tx.delete('docs')).toBe(true);
      return tx.list().length;
    });
    expect(n).toBe(1);
    expect((await store.list()).map((r) => r.name)).toEqual(['music']);
  });

  it('transaction re-runs on a fresh scan when another writer changed its keys', async () => {
    await store.upsert(repo({ updated_at: '2026-11-26T00:00:00.000Z' }));
    let runs = 0;
    await store.transaction(async (tx) => {
      runs++;
      const cur = tx.getByName('docs')!;
      if (runs === 1) await store.upsert({ ...cur, updated_at: '2026-11-26T01:00:00.000Z' });
      tx.upsert({ ...cur, last_s3_sync: '2026-11-26T02:00:00.000Z' });
    });
    expect(runs).toBe(2);
    expect(await store.getByName('docs')).toMatchObject({
      updated_at: '2026-11-26T01:00:00.000Z',
      last_s3_sync: '2026-11-26T02:00:00.000Z',
    });
  });

  it('transaction keeps uniqueness: a second name at a taken path throws, nothing is written', async () => {
    await store.upsert(repo());
    await expect(
      store.transaction((tx) => {
        tx.upsert(repo({ name: 'music', path: '/srv/borg/music' }));
        tx.upsert(repo({ name: 'clash' }));
      }),
    ).rejects.toMatchObject({ code: 'already-exists' });
    expect((await store.list()).map((r) => r.name)).toEqual(['docs']);
  });

  it('prefers this host when a Python table holds one name on two hosts', async () => {
    for (const hostname of ['desk', 'laptop'])
      await doc.send(
        new PutCommand({
          TableName: table,
          Item: {
            repo_path: '/srv/borg/docs',
            hostname,
            backup_target_path: '/data',
            repo_name: 'docs',
            os_platform: 'Linux',
          },
        }),
      );
    expect((await store.getByName('docs'))?.hostname).toBe('laptop');
  });

  it('scans page by page (items of ~300 KB, DynamoDB pages stop at 1 MB)', async () => {
    const big = { ...infoRepo, security_dir: 'x'.repeat(300_000) };
    for (const name of ['a', 'b', 'c', 'd', 'e'])
      await store.upsert(repo({ name, path: `/srv/${name}`, metadata: big as never }));
    for (const k of Object.keys(counts)) delete counts[k];
    const { repos, skipped } = await store.scanAll();
    expect(counts.ScanCommand).toBeGreaterThanOrEqual(2);
    expect(repos.map((r) => r.name)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(skipped).toEqual([]);
    expect(await store.list()).toHaveLength(5);
  });
});
