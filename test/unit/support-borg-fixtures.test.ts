import { lstatSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashTree, writeDataTree } from '../support/borg-fixtures.js';
import { snapshotTree } from '../support/snapshot.js';
import { useTempDirs } from '../support/temp.js';

describe('writeDataTree / hashTree', () => {
  const tmp = useTempDirs();

  it('is deterministic for a seed and different for another seed', async () => {
    const a = writeDataTree(tmp(), { seed: 3 });
    const b = writeDataTree(tmp(), { seed: 3 });
    const c = writeDataTree(tmp(), { seed: 4 });
    expect(await hashTree(a.root)).toEqual(await hashTree(b.root));
    expect(await hashTree(a.root)).not.toEqual(await hashTree(c.root));
    expect(a.bytes).toBe(b.bytes);
    const withTimes = async (d: string) =>
      Object.values(await snapshotTree(d, { mtimes: true, relative: true }));
    expect(await withTimes(a.root)).toEqual(await withTimes(b.root));
  });

  it('holds text and binary files, nested dirs, unicode names, spaces and a symlink', () => {
    const t = writeDataTree(tmp(), { seed: 1, files: 12, depth: 3 });
    expect(t.files).toEqual(
      expect.arrayContaining(['file with spaces.txt', 'ünïcødé ファイル.txt', 'empty.dat']),
    );
    expect(t.files.some((f) => f.split('/').length >= 4)).toBe(true);
    const binaries = t.files.filter((f) => f.endsWith('.bin'));
    expect(binaries.some((f) => readFileSync(join(t.root, f)).includes(0))).toBe(true);
    expect(
      t.files.some((f) => /^[\x20-\x7e\n]+$/.test(readFileSync(join(t.root, f), 'latin1'))),
    ).toBe(true);
    expect(lstatSync(join(t.root, 'link to spaces')).isSymbolicLink()).toBe(true);
    expect(t.files).toHaveLength(5 + 12);
    expect(lstatSync(join(t.root, 'bin')).mtime.toISOString()).toBe('2024-01-02T03:04:05.000Z');
  });

  it('hashTree names every difference a restore could have', async () => {
    const t = writeDataTree(tmp(), { seed: 2, files: 4 });
    const before = await hashTree(t.root);
    expect(before['link to spaces']).toBe('symlink -> file with spaces.txt');
    expect(before['bin']).toMatch(/^dir 0\d{3}$/);
    expect(before['empty.dat']).toMatch(/^file 0\d{3} e3b0c442/);
    writeFileSync(join(t.root, 'file with spaces.txt'), 'changed\n');
    rmSync(join(t.root, 'empty.dat'));
    const after = await hashTree(t.root);
    expect(after['file with spaces.txt']).not.toBe(before['file with spaces.txt']);
    expect(after['empty.dat']).toBeUndefined();
  });

  it('can leave modes out of the comparison', async () => {
    const t = writeDataTree(tmp(), { seed: 2, files: 1 });
    expect((await hashTree(t.root, { modes: false }))['bin']).toBe('dir');
  });
});
