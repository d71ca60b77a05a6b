import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BorgboiError } from '../../../src/core/errors.js';
import type { JsonMetadataStore } from '../../../src/storage/json-metadata-store.js';
import { storeLayout } from '../../../src/storage/layout.js';
import type { MetadataTransaction } from '../../../src/storage/metadata-store.js';
import { useTempDirs } from '../../support/temp.js';
import { HOST, makeStore, repo } from './helpers.js';

function setup(tmp: () => string) {
  const home = tmp();
  const store = makeStore(home);
  const layout = storeLayout(join(home, '.borgboi'));
  return { home, store: store.metadata, layout };
}

describe('JsonMetadataStore operations', () => {
  const tmp = useTempDirs();

  it('an absent index reads as empty and nothing is created by reading', async () => {
    const { store, layout } = setup(tmp);
    expect(await store.list()).toEqual([]);
    expect(await store.getByName('a')).toBeNull();
    expect(existsSync(layout.indexFile)).toBe(false);
  });

  it('upsert, get by name and by (path, host), list sorted and filtered by host', async () => {
    const { store } = setup(tmp);
    await store.upsert(repo('zeta'));
    await store.upsert(repo('alpha', { hostname: 'host-b' }));
    await store.upsert(repo('mid'));
    expect((await store.list()).map((r) => r.name)).toEqual(['alpha', 'mid', 'zeta']);
    expect((await store.list({ hostname: HOST })).map((r) => r.name)).toEqual(['mid', 'zeta']);
    expect((await store.getByName('mid'))?.path).toBe('/srv/borg/mid');
    expect((await store.getByPath('/srv/borg/alpha', 'host-b'))?.name).toBe('alpha');
    expect(await store.getByPath('/srv/borg/alpha', HOST)).toBeNull();
    expect((await store.getByPath('/srv/borg/zeta/', HOST))?.name).toBe('zeta');
  });

  it('upsert replaces the record with the same name (and frees its old path)', async () => {
    const { store } = setup(tmp);
    await store.upsert(repo('a'));
    await store.upsert(repo('a', { path: '/moved/a', last_backup: '2024-02-02T00:00:00.000Z' }));
    expect(await store.getByPath('/srv/borg/a', HOST)).toBeNull();
    expect(await store.getByName('a')).toMatchObject({ path: '/moved/a' });
    await store.upsert(repo('b', { path: '/srv/borg/a' }));
    expect((await store.list()).length).toBe(2);
  });

  it('returned records are copies: changing them changes nothing stored', async () => {
    const { store } = setup(tmp);
    await store.upsert(repo('a', { retention: null }));
    const got = await store.getByName('a');
    if (!got) throw new Error('missing');
    got.path = '/elsewhere';
    (await store.list())[0]!.name = 'renamed';
    expect(await store.getByName('a')).toMatchObject({ path: '/srv/borg/a' });
  });

  it('records from a warm (cached) index are copies too', async () => {
    const { store } = setup(tmp);
    await store.upsert(repo('a'));
    await store.getByName('a');
    const first = await store.list();
    first[0]!.path = '/changed';
    expect((await store.list())[0]?.path).toBe('/srv/borg/a');
    expect((await store.getByName('a'))?.path).toBe('/srv/borg/a');
  });

  it('delete returns whether a record existed', async () => {
    const { store } = setup(tmp);
    await store.upsert(repo('a'));
    expect(await store.delete('a')).toBe(true);
    expect(await store.delete('a')).toBe(false);
    expect(await store.list()).toEqual([]);
  });

  it('rename moves the record to the new name', async () => {
    const { store } = setup(tmp);
    await store.upsert(repo('old'));
    const renamed = await store.rename('old', 'new');
    expect(renamed.name).toBe('new');
    expect(await store.getByName('old')).toBeNull();
    expect((await store.getByPath('/srv/borg/old', HOST))?.name).toBe('new');
  });

  it.each([
    ['rename of a missing repo', 'not-found', 2, (s: JsonMetadataStore) => s.rename('nope', 'x')],
    ['rename onto a taken name', 'already-exists', 2, (s: JsonMetadataStore) => s.rename('a', 'b')],
    [
      'upsert of a (path, host) taken by another name',
      'already-exists',
      2,
      (s: JsonMetadataStore) => s.upsert(repo('c', { path: '/srv/borg/a/' })),
    ],
    [
      'upsert of an invalid record',
      'validation',
      2,
      (s: JsonMetadataStore) => s.upsert(repo('c', { os_platform: 'Windows' as 'Linux' })),
    ],
  ])('%s → %s (exit %i), index unchanged', async (_what, code, exit, op) => {
    const { store, layout } = setup(tmp);
    await store.upsert(repo('a'));
    await store.upsert(repo('b'));
    const before = readFileSync(layout.indexFile, 'utf8');
    const err = await op(store as JsonMetadataStore).catch((e: BorgboiError) => e);
    expect(err).toBeInstanceOf(BorgboiError);
    expect(err).toMatchObject({ code, exitCode: exit });
    expect(readFileSync(layout.indexFile, 'utf8')).toBe(before);
  });

  it('the same path on another host is a different repository', async () => {
    const { store } = setup(tmp);
    await store.upsert(repo('a'));
    await store.upsert(repo('b', { path: '/srv/borg/a', hostname: 'host-b' }));
    expect((await store.list()).length).toBe(2);
  });

  it('a transaction commits all its writes together; reads see its own writes', async () => {
    const { store } = setup(tmp);
    await store.upsert(repo('a'));
    const seen = await store.transaction((tx) => {
      tx.upsert(repo('b'));
      tx.delete('a');
      return tx.list().map((r) => r.name);
    });
    expect(seen).toEqual(['b']);
    expect((await store.list()).map((r) => r.name)).toEqual(['b']);
  });

  it('a transaction that throws writes nothing', async () => {
    const { store, layout } = setup(tmp);
    await store.upsert(repo('a'));
    const before = readFileSync(layout.indexFile, 'utf8');
    await expect(
      store.transaction((tx) => {
        tx.upsert(repo('b'));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(readFileSync(layout.indexFile, 'utf8')).toBe(before);
  });

  it('a transaction object kept past its callback cannot change the store', async () => {
    const { store } = setup(tmp);
    let kept: MetadataTransaction | undefined;
    await store.transaction((tx) => {
      kept = tx;
      tx.upsert(repo('a'));
    });
    expect(() => kept?.upsert(repo('b'))).toThrow(/after it ended/);
    expect((await store.list()).map((r) => r.name)).toEqual(['a']);
  });

  it('a read-only transaction does not rewrite the file', async () => {
    const { store, layout } = setup(tmp);
    await store.upsert(repo('a'));
    const before = readFileSync(layout.indexFile, 'utf8');
    await store.transaction((tx) => tx.getByName('a'));
    await store.delete('missing');
    expect(existsSync(layout.indexBackup)).toBe(false);
    expect(readFileSync(layout.indexFile, 'utf8')).toBe(before);
  });

  it('sees writes of another store instance (another process) on the next read', async () => {
    const home = tmp();
    const one = makeStore(home).metadata;
    const two = makeStore(home).metadata;
    await one.upsert(repo('a'));
    expect((await two.list()).length).toBe(1);
    await two.upsert(repo('b'));
    expect((await one.list()).map((r) => r.name)).toEqual(['a', 'b']);
  });

  it('writes the file 0600 with one record per line and keeps the previous file as .bak', async () => {
    const { store, layout } = setup(tmp);
    await store.upsert(repo('a'));
    const first = readFileSync(layout.indexFile, 'utf8');
    await store.upsert(repo('b'));
    expect(readFileSync(layout.indexBackup, 'utf8')).toBe(first);
    const text = readFileSync(layout.indexFile, 'utf8');
    expect(text.split('\n')).toHaveLength(5);
    expect(JSON.parse(text)).toMatchObject({
      version: 1,
      repositories: [{ name: 'a' }, { name: 'b' }],
    });
    const { statSync } = await import('node:fs');
    expect(statSync(layout.indexFile).mode & 0o777).toBe(0o600);
    expect(readdirSync(layout.dataDir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
