import { createHash } from 'node:crypto';
import { once } from 'node:events';
import {
  appendFileSync,
  chmodSync,
  mkdirSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffSnapshots, formatChanges, snapshotTree } from '../support/snapshot.js';
import { useTempDirs } from '../support/temp.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('snapshotTree / diffSnapshots', () => {
  const tmp = useTempDirs();

  function tree(): string {
    const d = tmp();
    chmodSync(d, 0o755);
    mkdirSync(join(d, 'sub dir'), { mode: 0o700 });
    writeFileSync(join(d, 'sub dir', 'ä.txt'), 'hello', { mode: 0o600 });
    writeFileSync(join(d, 'b.bin'), Buffer.from([0, 1, 2]), { mode: 0o644 });
    symlinkSync('b.bin', join(d, 'link'));
    symlinkSync('loop', join(d, 'loop')); // a symlink loop is recorded, never followed
    return d;
  }

  it('records type, mode, size, sha256 and symlink targets, keyed in a stable order', async () => {
    const d = tree();
    const snap = await snapshotTree(d);
    expect(snap).toEqual({
      [d]: { type: 'dir', mode: '0755' },
      [join(d, 'b.bin')]: { type: 'file', mode: '0644', size: 3, sha256: sha('\0\x01\x02') },
      [join(d, 'link')]: { type: 'symlink', target: 'b.bin' },
      [join(d, 'loop')]: { type: 'symlink', target: 'loop' },
      [join(d, 'sub dir')]: { type: 'dir', mode: '0700' },
      [join(d, 'sub dir', 'ä.txt')]: { type: 'file', mode: '0600', size: 5, sha256: sha('hello') },
    });
    expect(Object.keys(snap)).toEqual(Object.keys(snap).sort());
    expect(JSON.stringify(await snapshotTree(d))).toBe(JSON.stringify(snap));
  });

  it('keys relative to the root on request', async () => {
    const d = tree();
    expect(Object.keys(await snapshotTree(d, { relative: true }))).toEqual([
      '.',
      'b.bin',
      'link',
      'loop',
      'sub dir',
      'sub dir/ä.txt',
    ]);
  });

  it('records a unix socket as other', async () => {
    const d = tmp();
    const server = net.createServer().listen(join(d, 's.sock'));
    await once(server, 'listening');
    const snap = await snapshotTree(d);
    server.close();
    expect(snap[join(d, 's.sock')]).toMatchObject({ type: 'other' });
  });

  it.each([
    { name: 'nothing', act: () => {}, expected: [] },
    {
      name: 'same bytes rewritten',
      act: (d: string) => writeFileSync(join(d, 'b.bin'), Buffer.from([0, 1, 2])),
      expected: [],
    },
    {
      name: 'chmod',
      act: (d: string) => chmodSync(join(d, 'b.bin'), 0o600),
      expected: [{ path: 'b.bin', kind: 'changed', fields: ['mode'] }],
    },
    {
      name: 'same-size edit',
      act: (d: string) => writeFileSync(join(d, 'b.bin'), Buffer.from([9, 9, 9])),
      expected: [{ path: 'b.bin', kind: 'changed', fields: ['sha256'] }],
    },
    {
      name: 'append',
      act: (d: string) => appendFileSync(join(d, 'sub dir', 'ä.txt'), '!'),
      expected: [{ path: 'sub dir/ä.txt', kind: 'changed', fields: ['size', 'sha256'] }],
    },
    {
      name: 'new file',
      act: (d: string) => writeFileSync(join(d, 'new'), ''),
      expected: [{ path: 'new', kind: 'added', fields: [] }],
    },
    {
      name: 'removed dir',
      act: (d: string) => rmSync(join(d, 'sub dir'), { recursive: true }),
      expected: [
        { path: 'sub dir', kind: 'removed', fields: [] },
        { path: 'sub dir/ä.txt', kind: 'removed', fields: [] },
      ],
    },
    {
      name: 'retargeted symlink',
      act: (d: string) => (unlinkSync(join(d, 'link')), symlinkSync('sub dir', join(d, 'link'))),
      expected: [{ path: 'link', kind: 'changed', fields: ['target'] }],
    },
    {
      name: 'file replaced by a symlink',
      act: (d: string) => (unlinkSync(join(d, 'b.bin')), symlinkSync('x', join(d, 'b.bin'))),
      expected: [
        { path: 'b.bin', kind: 'changed', fields: ['type', 'mode', 'size', 'sha256', 'target'] },
      ],
    },
  ])('diff after $name', async ({ act, expected }) => {
    const d = tree();
    const before = await snapshotTree(d, { relative: true });
    act(d);
    const changes = diffSnapshots(before, await snapshotTree(d, { relative: true }));
    expect(changes.map(({ path, kind, fields }) => ({ path, kind, fields }))).toEqual(expected);
  });

  it('ignores mtimes unless asked', async () => {
    const d = tree();
    const plain = await snapshotTree(d);
    const timed = await snapshotTree(d, { mtimes: true });
    utimesSync(join(d, 'b.bin'), new Date(1e12), new Date(1e12));
    expect(diffSnapshots(plain, await snapshotTree(d))).toEqual([]);
    const changes = diffSnapshots(timed, await snapshotTree(d, { mtimes: true }));
    expect(changes).toEqual([
      expect.objectContaining({ path: join(d, 'b.bin'), kind: 'changed', fields: ['mtimeMs'] }),
    ]);
  });

  it('covers several roots, records a missing one and sees it appear', async () => {
    const a = tree();
    const b = join(tmp(), 'not-yet');
    const before = await snapshotTree([a, b]);
    expect(before[b]).toEqual({ type: 'missing' });
    mkdirSync(b, { mode: 0o700 });
    writeFileSync(join(b, 'f'), 'x');
    const changes = diffSnapshots(before, await snapshotTree([a, b]));
    expect(formatChanges(changes)).toBe(`added ${b}\nadded ${join(b, 'f')}`);
  });

  it('skips ignored paths and their subtrees', async () => {
    const d = tree();
    const ignore = (p: string) => p.endsWith('/sub dir');
    const before = await snapshotTree(d, { ignore });
    expect(Object.keys(before).some((p) => p.includes('sub dir'))).toBe(false);
    writeFileSync(join(d, 'sub dir', 'noise.log'), 'x');
    expect(diffSnapshots(before, await snapshotTree(d, { ignore }))).toEqual([]);
  });

  it('formats changes with before and after values', async () => {
    const d = tree();
    const before = await snapshotTree(d);
    chmodSync(join(d, 'b.bin'), 0o600);
    expect(formatChanges(diffSnapshots(before, await snapshotTree(d)))).toBe(
      `changed ${join(d, 'b.bin')} (mode 0644 -> 0600)`,
    );
  });
});
