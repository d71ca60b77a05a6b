import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BorgboiError } from '../../../src/core/errors.js';
import { storeLayout } from '../../../src/storage/layout.js';
import { useTempDirs } from '../../support/temp.js';
import { makeStore } from './helpers.js';

function setup(tmp: () => string) {
  const home = tmp();
  const layout = storeLayout(join(home, '.borgboi'));
  mkdirSync(layout.baseDir, { recursive: true });
  return { home, layout, ex: makeStore(home).exclusions };
}

const read = (f: string) => readFileSync(f, 'utf8');

describe('FileExclusionsStore', () => {
  const tmp = useTempDirs();

  it('show: repo file > Python {repo}_excludes.txt > shared excludes.txt > none', async () => {
    const { layout, ex } = setup(tmp);
    expect(await ex.show('r')).toEqual({ file: null, source: 'none', lines: [] });
    writeFileSync(layout.sharedExcludes, '*.tmp\n');
    expect(await ex.show('r')).toMatchObject({ source: 'shared', lines: ['*.tmp'] });
    writeFileSync(layout.pythonExcludes('r'), 'sh:**/node_modules\r\n*.iso\n');
    expect(await ex.show('r')).toMatchObject({
      source: 'python-repo',
      file: layout.pythonExcludes('r'),
      lines: ['sh:**/node_modules', '*.iso'],
    });
    mkdirSync(layout.exclusionsDir, { recursive: true });
    writeFileSync(ex.repoFile('r'), 'only-mine');
    expect(await ex.show('r')).toMatchObject({ source: 'repo', lines: ['only-mine'] });
    expect(await ex.effectiveFile('r')).toBe(join(layout.exclusionsDir, 'r.txt'));
  });

  it('add creates the repo file (0600), seeded from the patterns that applied before', async () => {
    const { layout, ex } = setup(tmp);
    writeFileSync(layout.sharedExcludes, '*.tmp\n');
    const view = await ex.add('r', 'sh:/home/*/.cache');
    expect(view).toEqual({
      file: ex.repoFile('r'),
      source: 'repo',
      lines: ['*.tmp', 'sh:/home/*/.cache'],
    });
    expect(read(ex.repoFile('r'))).toBe('*.tmp\nsh:/home/*/.cache\n');
    expect(statSync(ex.repoFile('r')).mode & 0o777).toBe(0o600);
    expect(read(layout.sharedExcludes)).toBe('*.tmp\n');
  });

  it.each([
    ['empty pattern', ''],
    ['unknown style', 'xx:foo'],
    ['two lines at once', 'a\nb'],
    ['NUL byte', 'a\u0000b'],
  ])('add rejects %s (ValidationError, nothing written)', async (_w, pattern) => {
    const { ex } = setup(tmp);
    const err = await ex.add('r', pattern).catch((e: BorgboiError) => e);
    expect(err).toMatchObject({ code: 'validation', exitCode: 2 });
    expect(existsSync(ex.repoFile('r'))).toBe(false);
  });

  it('remove takes the 1-based line out and returns it', async () => {
    const { ex } = setup(tmp);
    await ex.write('r', ['a', 'b', 'c']);
    const view = await ex.remove('r', 2);
    expect(view.removed).toBe('b');
    expect(view.lines).toEqual(['a', 'c']);
    expect(read(ex.repoFile('r'))).toBe('a\nc\n');
  });

  it('remove of a Python-file line writes our file and leaves Python’s untouched', async () => {
    const { layout, ex } = setup(tmp);
    writeFileSync(layout.pythonExcludes('r'), 'a\nb\n');
    await ex.remove('r', 1);
    expect(read(ex.repoFile('r'))).toBe('b\n');
    expect(read(layout.pythonExcludes('r'))).toBe('a\nb\n');
  });

  it.each([0, 4, -1, 1.5])('remove of line %s → ValidationError naming the range', async (line) => {
    const { ex } = setup(tmp);
    await ex.write('r', ['a', 'b', 'c']);
    const err = await ex.remove('r', line).catch((e: BorgboiError) => e);
    expect(err).toMatchObject({ code: 'validation', exitCode: 2 });
    expect((err as Error).message).toContain('have 3 lines');
    expect(read(ex.repoFile('r'))).toBe('a\nb\nc\n');
  });

  it('createFrom copies and validates a file; comments and blank lines are kept', async () => {
    const { home, ex } = setup(tmp);
    const src = join(home, 'patterns.txt');
    writeFileSync(src, '# caches\n\nsh:**/.cache\nfm:*.o\n');
    const view = await ex.createFrom('r', src);
    expect(view.lines).toEqual(['# caches', '', 'sh:**/.cache', 'fm:*.o']);
    expect(read(ex.repoFile('r'))).toBe('# caches\n\nsh:**/.cache\nfm:*.o\n');
  });

  it('createFrom reports every bad line and writes nothing', async () => {
    const { home, ex } = setup(tmp);
    const src = join(home, 'bad.txt');
    writeFileSync(src, 'ok\nxx:one\nfine\nzz:two\n');
    const err = await ex.createFrom('r', src).catch((e: BorgboiError) => e);
    expect(err).toMatchObject({ code: 'validation' });
    expect((err as Error).message).toMatch(/line 2: .*; line 4: /);
    expect(existsSync(ex.repoFile('r'))).toBe(false);
  });

  it('createFrom refuses to overwrite unless replace; a missing source is a ValidationError', async () => {
    const { home, ex } = setup(tmp);
    const src = join(home, 'p.txt');
    writeFileSync(src, 'new\n');
    await ex.write('r', ['old']);
    expect(await ex.createFrom('r', src).catch((e: BorgboiError) => e.code)).toBe('already-exists');
    expect(read(ex.repoFile('r'))).toBe('old\n');
    await ex.createFrom('r', src, { replace: true });
    expect(read(ex.repoFile('r'))).toBe('new\n');
    const missing = await ex.createFrom('r', join(home, 'nope')).catch((e: BorgboiError) => e);
    expect(missing).toMatchObject({ code: 'validation' });
  });

  it('createFrom replaces a file that holds only comments and blank lines', async () => {
    const { home, ex } = setup(tmp);
    const src = join(home, 'p.txt');
    writeFileSync(src, 'sh:**/.cache\n');
    await ex.write('r', ['# header written by repo create', '']);
    expect((await ex.createFrom('r', src)).lines).toEqual(['sh:**/.cache']);
    expect(read(ex.repoFile('r'))).toBe('sh:**/.cache\n');
  });

  it('write replaces the file; an empty list leaves an empty file', async () => {
    const { ex } = setup(tmp);
    await ex.write('r', ['a']);
    await ex.write('r', []);
    expect(read(ex.repoFile('r'))).toBe('');
    expect(await ex.show('r')).toMatchObject({ source: 'repo', lines: [] });
  });

  it('rename moves the repo file; a Python file is copied to the new name', async () => {
    const { layout, ex } = setup(tmp);
    await ex.write('a', ['x']);
    await ex.rename('a', 'b');
    expect(existsSync(ex.repoFile('a'))).toBe(false);
    expect(read(ex.repoFile('b'))).toBe('x\n');
    writeFileSync(layout.pythonExcludes('p'), 'py\n');
    await ex.rename('p', 'q');
    expect(read(ex.repoFile('q'))).toBe('py\n');
    expect(existsSync(layout.pythonExcludes('p'))).toBe(true);
    expect(await ex.rename('q', 'b').catch((e: BorgboiError) => e.code)).toBe('already-exists');
  });

  it('removeAll deletes only our file and tolerates none', async () => {
    const { layout, ex } = setup(tmp);
    writeFileSync(layout.pythonExcludes('r'), 'py\n');
    await ex.write('r', ['x']);
    await ex.removeAll('r');
    await ex.removeAll('r');
    expect(existsSync(ex.repoFile('r'))).toBe(false);
    expect(existsSync(layout.pythonExcludes('r'))).toBe(true);
  });

  it.each(['../escape', 'a/b', '..', ''])(
    'a name unusable as a file name (%j) is refused',
    (name) => {
      const { ex } = setup(tmp);
      expect(() => ex.repoFile(name)).toThrow(/cannot be used as a file name/);
    },
  );
});
