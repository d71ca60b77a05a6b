import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { describe, expect, it } from 'vitest';
import { BorgboiError } from '../../../src/core/errors.js';
import { parseIndex, serializeIndex } from '../../../src/storage/index-document.js';
import { JsonMetadataStore } from '../../../src/storage/json-metadata-store.js';
import { storeLayout } from '../../../src/storage/layout.js';
import { useTempDirs } from '../../support/temp.js';
import { makeStore, repo } from './helpers.js';

const LOCK = { waitMs: 300, staleMs: 2_000 };

function setup(tmp: () => string) {
  const home = tmp();
  const store = makeStore(home);
  const layout = storeLayout(join(home, '.borgboi'));
  return { home, store: store.metadata, layout };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof BorgboiError)) throw new Error(`expected a BorgboiError, got ${String(e)}`);
  return e.code;
}

describe('JsonMetadataStore damaged files', () => {
  const tmp = useTempDirs();

  it.each([
    ['truncated JSON', (t: string) => t.slice(0, t.length / 2), /not valid JSON/],
    ['empty file', () => '', /not valid JSON/],
    ['no version', () => '{"repositories":[]}', /version/],
    [
      'record missing a field',
      () => '{"version":1,"repositories":[{"name":"x"}]}',
      /repositories\.0/,
    ],
    [
      'duplicate names',
      (t: string) => t.replace('"name":"b"', '"name":"a"').replace('/srv/borg/b', '/x'),
      /appears twice/,
    ],
  ])(
    '%s → store-corrupt naming the file and the .bak; nothing overwritten',
    async (_w, damage, msg) => {
      const { store, layout } = setup(tmp);
      await store.upsert(repo('a'));
      await store.upsert(repo('b'));
      const bak = readFileSync(layout.indexBackup, 'utf8');
      const broken = damage(readFileSync(layout.indexFile, 'utf8'));
      writeFileSync(layout.indexFile, broken);
      const fresh = makeStore(join(layout.baseDir, '..')).metadata;
      const err = await fresh.list().catch((e: BorgboiError) => e);
      expect(err).toMatchObject({ code: 'store-corrupt', exitCode: 1 });
      expect((err as BorgboiError).message).toMatch(msg);
      expect((err as BorgboiError).message).toContain(layout.indexFile);
      expect((err as BorgboiError).hint).toContain(layout.indexBackup);
      expect(await codeOf(fresh.upsert(repo('c')))).toBe('store-corrupt');
      expect(readFileSync(layout.indexFile, 'utf8')).toBe(broken);
      expect(readFileSync(layout.indexBackup, 'utf8')).toBe(bak);
    },
  );

  it('an index from a newer borgboi is refused and left untouched', async () => {
    const { store, layout } = setup(tmp);
    mkdirSync(layout.dataDir, { recursive: true });
    const text = '{"version":99,"repositories":[],"future":true}';
    writeFileSync(layout.indexFile, text);
    const err = await store.list().catch((e: BorgboiError) => e);
    expect(err).toMatchObject({ code: 'store-corrupt' });
    expect((err as BorgboiError).message).toMatch(/version 99, newer than .* \(1\)/);
    expect(await codeOf(store.upsert(repo('a')))).toBe('store-corrupt');
    expect(readFileSync(layout.indexFile, 'utf8')).toBe(text);
  });

  it('an older version is upgraded step by step on load and written as the current version', async () => {
    const home = tmp();
    const layout = storeLayout(join(home, '.borgboi'));
    mkdirSync(layout.dataDir, { recursive: true });
    // A hypothetical v1 that stored `repos` as a name-keyed object, upgraded to v2's array.
    writeFileSync(layout.indexFile, JSON.stringify({ version: 1, repos: { a: repo('a') } }));
    const store = new JsonMetadataStore({
      file: layout.indexFile,
      backupFile: layout.indexBackup,
      lock: LOCK,
      version: 2,
      migrations: [
        { from: 1, up: (d) => ({ version: 2, repositories: Object.values(d.repos as object) }) },
      ],
    });
    expect((await store.getByName('a'))?.path).toBe('/srv/borg/a');
    await store.upsert(repo('b'));
    expect(JSON.parse(readFileSync(layout.indexFile, 'utf8')).version).toBe(2);
    expect(JSON.parse(readFileSync(layout.indexBackup, 'utf8')).version).toBe(1);
  });

  it('reads Python-style records: computed *_gb keys and retention_policy parse', async () => {
    const { store, layout } = setup(tmp);
    mkdirSync(layout.dataDir, { recursive: true });
    const info = JSON.parse(readFileSync('test/fixtures/borg/info-repo.json', 'utf8'));
    const metadata = {
      ...info,
      cache: { ...info.cache, total_size_gb: '1.00', unique_csize_gb: '0.10' },
    };
    const { retention: _none, ...pythonDoc } = repo('py');
    const doc = {
      ...pythonDoc,
      safe_path: '/srv/borg/py',
      metadata,
      retention_policy: { keep_daily: 1, keep_weekly: 0, keep_monthly: 0, keep_yearly: 0 },
    };
    writeFileSync(layout.indexFile, JSON.stringify({ version: 1, repositories: [doc] }));
    const got = await store.getByName('py');
    expect(got?.retention).toEqual(doc.retention_policy);
    expect(got?.metadata?.cache).not.toHaveProperty('total_size_gb');
    expect(got).not.toHaveProperty('safe_path');
  });
});

describe('JsonMetadataStore locking', () => {
  const tmp = useTempDirs();

  it('a write waits at most lockWaitMs for a held lock, then fails with store-locked (exit 1)', async () => {
    const home = tmp();
    const store = makeStore(home, { lockWaitMs: 200 }).metadata;
    const layout = storeLayout(join(home, '.borgboi'));
    mkdirSync(layout.dataDir, { recursive: true });
    const release = await lockfile.lock(layout.indexFile, { realpath: false });
    try {
      const err = await store.upsert(repo('a')).catch((e: BorgboiError) => e);
      expect(err).toMatchObject({ code: 'store-locked', exitCode: 1 });
      expect((err as BorgboiError).hint).toContain(`${layout.indexFile}.lock`);
      expect(existsSync(layout.indexFile)).toBe(false);
    } finally {
      await release();
    }
    await store.upsert(repo('a'));
    expect((await store.list()).length).toBe(1);
  });

  it('a stale lock left by a killed process is recovered', async () => {
    const home = tmp();
    const store = makeStore(home, { lockWaitMs: 200, lockStaleMs: 2_000 }).metadata;
    const layout = storeLayout(join(home, '.borgboi'));
    mkdirSync(`${layout.indexFile}.lock`, { recursive: true });
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${layout.indexFile}.lock`, old, old);
    writeFileSync(join(layout.dataDir, '.repositories.json.0badc0ffee00.tmp'), '{"partial');
    await store.upsert(repo('a'));
    expect((await store.list()).map((r) => r.name)).toEqual(['a']);
    expect(existsSync(`${layout.indexFile}.lock`)).toBe(false);
    expect(readdirSync(layout.dataDir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('readers do not need the lock', async () => {
    const { store, layout } = setup(tmp);
    await store.upsert(repo('a'));
    const release = await lockfile.lock(layout.indexFile, { realpath: false });
    try {
      expect((await store.list()).length).toBe(1);
    } finally {
      await release();
    }
  });
});

describe('index document checksum', () => {
  const ctx = { file: '/x/repositories.json', backup: null };

  it('a file as we wrote it is trusted by its checksum; any edit is re-validated by the schema', () => {
    const text = serializeIndex([repo('a'), repo('b')]);
    expect(parseIndex(text, ctx)).toMatchObject({ validatedBy: 'checksum', upgradedFrom: null });
    const edited = text.replace('/srv/borg/b', '/srv/borg/bee');
    const parsed = parseIndex(edited, ctx);
    expect(parsed.validatedBy).toBe('schema');
    expect(parsed.repositories[1]?.path).toBe('/srv/borg/bee');
    const broken = text.replace('"os_platform":"Linux"', '"os_platform":"Plan9"');
    expect(() => parseIndex(broken, ctx)).toThrow(/repositories\.0\.os_platform/);
  });

  it('an empty index round-trips', () => {
    expect(parseIndex(serializeIndex([]), ctx)).toMatchObject({
      repositories: [],
      validatedBy: 'checksum',
    });
  });
});
