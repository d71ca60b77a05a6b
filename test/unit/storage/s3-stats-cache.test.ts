import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storeLayout } from '../../../src/storage/layout.js';
import type { S3StatsEntry } from '../../../src/storage/types.js';
import { useTempDirs } from '../../support/temp.js';
import { makeStore } from './helpers.js';

const entry = (bytes: number): S3StatsEntry => ({
  total_size_bytes: bytes,
  object_count: 3,
  last_modified: '2024-05-01T10:00:00.000Z',
  cached_at: '2024-05-02T00:00:00.000Z',
});

describe('JsonS3StatsCache', () => {
  const tmp = useTempDirs();

  it('set / get / all / rename / remove round-trip through data/s3-stats.json', async () => {
    const home = tmp();
    const { s3Stats } = makeStore(home);
    const file = storeLayout(join(home, '.borgboi')).s3StatsFile;
    expect(await s3Stats.get('a')).toBeNull();
    await s3Stats.set('a', entry(10));
    await s3Stats.set('b', entry(20));
    expect(await s3Stats.get('a')).toEqual(entry(10));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      version: 1,
      repos: { a: entry(10), b: entry(20) },
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await s3Stats.rename('a', 'c');
    await s3Stats.remove('b');
    await s3Stats.remove('missing');
    expect(await s3Stats.all()).toEqual({ c: entry(10) });
  });

  it('rejects an invalid entry without writing', async () => {
    const { s3Stats } = makeStore(tmp());
    await expect(s3Stats.set('a', { ...entry(1), total_size_bytes: -1 })).rejects.toThrow();
    expect(await s3Stats.all()).toEqual({});
  });

  it.each([
    ['not JSON', '{"version":1,'],
    ['wrong shape', '{"version":1,"repos":{"a":{"total_size_bytes":"many"}}}'],
  ])(
    'an unreadable cache (%s) reads as empty and is replaced by the next write',
    async (_w, text) => {
      const home = tmp();
      const { s3Stats } = makeStore(home);
      const file = storeLayout(join(home, '.borgboi')).s3StatsFile;
      mkdirSync(join(home, '.borgboi', 'data'), { recursive: true });
      writeFileSync(file, text);
      expect(await s3Stats.all()).toEqual({});
      await s3Stats.set('a', entry(1));
      expect(await s3Stats.all()).toEqual({ a: entry(1) });
    },
  );
});
