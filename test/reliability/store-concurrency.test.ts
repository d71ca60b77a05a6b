import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeConfigSchema } from '../../src/config/schema.js';
import { createLocalStore } from '../../src/storage/index.js';
import { useTempDirs } from '../support/temp.js';
import { childRepo } from './store-child.js';
import { startChild, useStoreChild } from './store-child-harness.js';

const N = 20;

function openStore(home: string) {
  const baseDir = join(home, '.borgboi');
  return createLocalStore({
    baseDir,
    config: makeConfigSchema(baseDir).parse({}),
    env: {},
    hostname: 'host-a',
    uid: process.getuid?.() ?? 0,
  }).metadata;
}

describe('store concurrency: 20 processes at once', () => {
  const tmp = useTempDirs();
  const childPath = useStoreChild();

  it(`${N} processes registering different repos → all ${N} records, index valid`, async () => {
    const home = tmp();
    const names = Array.from({ length: N }, (_, i) => `repo-${String(i).padStart(2, '0')}`);
    const results = await Promise.all(
      names.map((n) => startChild(childPath(), ['upsert', home, n]).done),
    );
    expect(results.map((r) => [r.code, r.stderr])).toEqual(names.map(() => [0, '']));
    const text = readFileSync(join(home, '.borgboi', 'data', 'repositories.json'), 'utf8');
    expect(JSON.parse(text).repositories).toHaveLength(N);
    expect((await openStore(home).list()).map((r) => r.name)).toEqual(names);
  });

  it(`${N} processes incrementing one record in a transaction → no lost update`, async () => {
    const home = tmp();
    await openStore(home).upsert(childRepo('counter', 1));
    const results = await Promise.all(
      Array.from({ length: N }, () => startChild(childPath(), ['increment', home, 'counter']).done),
    );
    expect(results.map((r) => [r.code, r.stderr])).toEqual(Array(N).fill([0, '']));
    const counter = await openStore(home).getByName('counter');
    expect(counter?.retention?.keep_daily).toBe(1 + N);
  });
});
