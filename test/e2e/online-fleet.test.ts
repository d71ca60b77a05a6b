import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLegacyTable, dropTable, uniqueName } from '../support/aws.js';
import { createOnlineWorld, errorLine, jsonOf, type OnlineWorld } from './online-support.js';

/**
 * The fleet view from any machine: bb-repos items of other hosts (as borgboi and as Python
 * borgboi wrote them) read by `repo list --all-hosts` and `status --all-hosts`, and `migrate
 * --legacy-table` copying Python's LEGACY table. No borg runs here.
 */
const HOUR = 3_600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const SECRET = 'legacy-db-secret-4711';

const ITEMS = [
  {
    repo_path: '/home/me/backups/far',
    hostname: 'laptop',
    backup_target_path: '/home/me',
    repo_name: 'far',
    os_platform: 'Linux',
    created_at: ago(100 * HOUR),
    last_backup: ago(HOUR),
    last_s3_sync: ago(HOUR),
    passphrase_file_path: '/home/me/.borgboi/passphrases/far.key',
    passphrase_migrated: true,
    retention_keep_daily: 14,
  },
  // Python borgboi (CURRENT): naive ISO, a DB-stored passphrase, no last_s3_sync.
  {
    repo_path: '/Users/me/backups/photos',
    hostname: 'mac',
    backup_target_path: '/Users/me/Pictures',
    repo_name: 'photos',
    os_platform: 'darwin',
    last_backup: '2025-03-01T02:00:00.123456',
    passphrase: SECRET,
    passphrase_migrated: false,
  },
  // An item written under the LEGACY name attribute.
  {
    repo_path: '/srv/old',
    hostname: 'server',
    backup_target_path: '/etc',
    common_name: 'old-style',
    os_platform: 'Linux',
  },
  {
    repo_path: '/srv/nas',
    hostname: 'nas',
    backup_target_path: '/data',
    repo_name: 'stale-one',
    os_platform: 'Linux',
    last_backup: ago(30 * HOUR),
    last_s3_sync: ago(30 * HOUR),
  },
  // Not a usable record (Python marks os_platform required): reported, never fatal.
  { repo_path: '/x/broken', hostname: 'box', backup_target_path: '/x', repo_name: 'broken' },
];

let w: OnlineWorld;
beforeAll(async () => {
  w = await createOnlineWorld('onl-fleet');
  for (const Item of ITEMS) await w.doc.send(new PutCommand({ TableName: w.table, Item }));
});
afterAll(() => w?.dispose());

async function scan(table: string) {
  const items = (await w.ddb.send(new ScanCommand({ TableName: table }))).Items ?? [];
  return items.sort((a, b) => (a.repo_path!.S! < b.repo_path!.S! ? -1 : 1));
}

describe('repo list --all-hosts', () => {
  it('lists every host from the table, legacy names included, unreadable items reported', async () => {
    const r = await w.bb(['repo', 'list', '--all-hosts', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = jsonOf<{ repos: Array<{ name: string; hostname: string }>; skipped: string[] }>(r);
    expect(doc.repos.map((x) => [x.name, x.hostname])).toEqual([
      ['far', 'laptop'],
      ['old-style', 'server'],
      ['photos', 'mac'],
      ['stale-one', 'nas'],
    ]);
    expect(doc.skipped).toEqual([expect.stringContaining('broken')]);
    expect(r.stdout + r.stderr).not.toContain(SECRET);

    const text = await w.bb(['repo', 'list', '--all-hosts']);
    expect(text.stdout).toMatch(/^old-style +\/srv\/old +server /m);
    expect(text.stderr).toMatch(/skipped an unreadable table item: .*broken/);
  });
});

describe('status --all-hosts: the fleet-wide dead-man switch', () => {
  it('--max-age 26h exits 1 naming every repo without a recent backup and sync', async () => {
    const r = await w.bb(['status', '--all-hosts', '--max-age', '26h', '--json']);
    expect(r.code).toBe(1);
    const doc = jsonOf<{ source: string; stale: string[]; repos: Array<{ name: string }> }>(r);
    expect(doc.source).toBe('table');
    expect(doc.repos.map((x) => x.name)).toEqual(['far', 'old-style', 'photos', 'stale-one']);
    expect(doc.stale).toEqual(['old-style', 'photos', 'stale-one']);

    const text = await w.bb(['status', '--all-hosts', '--max-age', '26h']);
    expect(text.code).toBe(1);
    expect(text.stdout + text.stderr).toMatch(
      /3 repositories older than .*: old-style, photos, stale-one/,
    );
  });

  it('without --max-age it exits 0; never backed up or never synced stays stale at any age', async () => {
    expect((await w.bb(['status', '--all-hosts'])).code).toBe(0);
    const r = await w.bb(['status', '--all-hosts', '--max-age', '800d', '--json']);
    expect(jsonOf<{ stale: string[] }>(r).stale).toEqual(['old-style', 'photos']);
  });

  it('offline it is refused before anything runs (exit 2)', async () => {
    const r = await w.bb(['status', '--all-hosts'], { offline: true });
    expect(r.code).toBe(2);
    expect(errorLine(r)).toMatch(/'status --all-hosts' needs online mode; pass --online/);
  });
});

describe('migrate --legacy-table', () => {
  const legacy = uniqueName('borgboi-repos');
  const metadata = { repository: { id: 'ab12', location: '/srv/legacy-a' }, archives: [] };
  const LEGACY_ITEMS = [
    {
      repo_path: '/srv/legacy-a',
      hostname: 'server',
      backup_target_path: '/srv/www',
      common_name: 'legacy-a',
      os_platform: 'Linux',
      last_backup: null,
      metadata,
    },
    {
      repo_path: '/home/u/legacy-b',
      hostname: 'desk',
      backup_target_path: '/home/u',
      common_name: 'legacy-b',
      os_platform: 'Linux',
      last_backup: '2024-06-01T03:00:00',
      metadata,
    },
    // Same name as a bb-repos item elsewhere: left alone, with the reason.
    {
      repo_path: '/elsewhere/far',
      hostname: 'other',
      backup_target_path: '/',
      common_name: 'far',
      os_platform: 'Linux',
      metadata,
    },
  ];

  beforeAll(async () => {
    await createLegacyTable(w.ddb, legacy);
    for (const Item of LEGACY_ITEMS) await w.doc.send(new PutCommand({ TableName: legacy, Item }));
  });
  afterAll(() => dropTable(w.ddb, legacy));

  type Rows = { rows: Array<{ name: string; status: string; reason: string | null }> };
  const statuses = (r: Rows) => r.rows.map((x) => [x.name, x.status]).sort();

  it('--dry-run says what would be copied and writes nothing', async () => {
    const before = await scan(w.table);
    const r = await w.bb(['migrate', '--legacy-table', legacy, '--dry-run', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = jsonOf<Rows & { from: string; to: string; dry_run: boolean }>(r);
    expect(doc).toMatchObject({ from: legacy, to: w.table, dry_run: true });
    expect(statuses(doc)).toEqual([
      ['far', 'skipped'],
      ['legacy-a', 'would-migrate'],
      ['legacy-b', 'would-migrate'],
    ]);
    expect(doc.rows.find((x) => x.name === 'far')?.reason).toMatch(/already used .* laptop/);
    expect(await scan(w.table)).toEqual(before);
  });

  it('copies the items in the bb-repos shape, leaves the old table as it was, is idempotent', async () => {
    const old = await scan(legacy);
    const r = await w.bb(['migrate', '--legacy-table', legacy, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(statuses(jsonOf<Rows>(r))).toEqual([
      ['far', 'skipped'],
      ['legacy-a', 'migrated'],
      ['legacy-b', 'migrated'],
    ]);
    const copied = (await scan(w.table)).find((i) => i.repo_path!.S === '/srv/legacy-a');
    expect(copied).toMatchObject({
      repo_name: { S: 'legacy-a' },
      hostname: { S: 'server' },
      backup_target_path: { S: '/srv/www' },
      os_platform: { S: 'Linux' },
    });
    expect(Object.keys(copied!).filter((k) => ['common_name', 'metadata'].includes(k))).toEqual([]);
    expect(Object.values(copied!).filter((v) => 'NULL' in v)).toEqual([]);
    expect(await scan(legacy)).toEqual(old);

    const again = await w.bb(['migrate', '--legacy-table', legacy]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(
      new RegExp(`^0 migrated, 2 already, 1 skipped from ${legacy}`, 'm'),
    );
    const list = jsonOf<{ repos: Array<{ name: string }> }>(
      await w.bb(['repo', 'list', '--all-hosts', '--json']),
    );
    expect(list.repos.map((x) => x.name)).toEqual(expect.arrayContaining(['legacy-a', 'legacy-b']));
  });

  it('a missing legacy table is one clear error (exit 1)', async () => {
    const r = await w.bb(['migrate', '--legacy-table', 'no-such-table']);
    expect(r.code).toBe(1);
    expect(errorLine(r)).toMatch(/DynamoDB table 'no-such-table' not found/);
  });
});
