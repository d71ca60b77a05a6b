import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import { createValidator, type ValidatorFs } from './validator.js';

/** A tiny in-memory tree: paths ending in '/' are directories, others files. */
function fakeFs(entries: string[], links: Record<string, string> = {}): ValidatorFs {
  const dirs = new Set(['/']);
  const files = new Set<string>();
  for (const e of entries) {
    const p = e.replace(/\/$/, '');
    (e.endsWith('/') ? dirs : files).add(p);
    for (let d = p; d.lastIndexOf('/') > 0; ) dirs.add((d = d.slice(0, d.lastIndexOf('/'))));
  }
  const real = (p: string) => {
    for (const [from, to] of Object.entries(links)) {
      if (p === from || p.startsWith(`${from}/`)) return to + p.slice(from.length);
    }
    return p;
  };
  return {
    kind: (p) => (dirs.has(real(p)) ? 'dir' : files.has(real(p)) ? 'file' : null),
    isEmptyDir: (p) => ![...dirs, ...files].some((x) => x.startsWith(`${real(p)}/`)),
    realpath: real,
  };
}

const fs = fakeFs(
  [
    '/home/u/docs/a.txt',
    '/home/u/empty/',
    '/srv/repos/full/config',
    '/srv/file',
    '/data/',
    '/srv/repos-x/',
  ],
  { '/home/u/link-to-repos': '/srv/repos' },
);
const v = createValidator(fs);

function problem(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    const err = e as ValidationError;
    return err.hint ? `${err.message}; ${err.hint}` : err.message;
  }
  throw new Error('expected a ValidationError');
}

describe('absolutePath', () => {
  it.each([
    ['/abs/path', '/cwd', '/abs/path'],
    ['rel/dir', '/cwd', '/cwd/rel/dir'],
    ['../up/', '/cwd/sub', '/cwd/up'],
    ['.', '/cwd', '/cwd'],
  ])('%j from %j → %j', (path, cwd, out) => {
    expect(v.absolutePath(path, cwd, 'target')).toBe(out);
  });

  it.each([
    ['', '/cwd', /^target is empty; give a directory path$/],
    ['a\0b', '/cwd', /target 'a\\u0000b' contains a NUL byte/],
    ['new\nline', '/cwd', /target 'new\\nline' contains a line break or control character; rename/],
    ['tab\there', '/cwd', /target 'tab\\there' contains a line break or control character/],
    [
      '~/backups',
      '/cwd',
      /starts with '~', which no shell expanded; write \$HOME\/… or an absolute path/,
    ],
    ['rel', 'not/absolute', /working directory 'not\/absolute' is not absolute/],
  ])('rejects %j (cwd %j)', (path, cwd, message) => {
    expect(problem(() => v.absolutePath(path, cwd, 'target'))).toMatch(message);
  });
});

describe('existingDir', () => {
  it('returns the resolved directory', () => {
    expect(v.existingDir('docs', '/home/u', 'source')).toBe('/home/u/docs');
  });

  it.each([
    ['/nope', /^source \/nope does not exist; create it or fix the path$/],
    ['/home/u/docs/a.txt', /^source \/home\/u\/docs\/a.txt is not a directory; give a directory$/],
  ])('rejects %j', (path, message) => {
    expect(problem(() => v.existingDir(path, '/', 'source'))).toMatch(message);
  });
});

describe('newRepoPath', () => {
  it.each([
    ['/srv/repos/new', '/srv/repos/new'],
    ['/srv/repos/deep/er/new', '/srv/repos/deep/er/new'],
    ['/home/u/empty', '/home/u/empty'],
    ['new', '/data/new'],
  ])('accepts %j', (path, out) => expect(v.newRepoPath(path, '/data')).toBe(out));

  it.each([
    [
      '/srv/repos/full',
      /already exists and is not empty; choose a new path, or register an existing borg repo with 'borgboi repo import'/,
    ],
    ['/srv/file', /exists and is not a directory; choose a new path/],
    ['/srv/file/sub/repo', /lies under \/srv\/file, which is not a directory/],
  ])('rejects %j', (path, message) => {
    expect(problem(() => v.newRepoPath(path, '/'))).toMatch(message);
  });
});

describe('backupTarget', () => {
  it.each([
    ['/home/u/docs', '/srv/repos/full'],
    ['/home/u', '/home/u/empty'], // repo inside the source: allowed, the workflow excludes it
    ['/home/u/docs/a.txt', '/srv/repos/full'], // a single file
    ['/srv/repos-x', '/srv/repos'], // shares a prefix, is not inside
  ])('accepts source %j for repo %j', (target, repo) => {
    expect(v.backupTarget(target, repo, '/')).toBe(target);
  });

  it.each([
    ['/missing', '/srv/repos/full', /backup target \/missing does not exist/],
    [
      '/srv/repos/full',
      '/srv/repos/full',
      /lies inside the repository \/srv\/repos\/full; back up a directory outside/,
    ],
    ['/srv/repos/full/config', '/srv/repos/full', /lies inside the repository/],
    ['/home/u/link-to-repos/full', '/srv/repos/full', /lies inside the repository/],
    ['/srv/repos/full', '/home/u/link-to-repos/full', /lies inside the repository/],
  ])('rejects source %j for repo %j', (target, repo, message) => {
    expect(problem(() => v.backupTarget(target, repo, '/'))).toMatch(message);
  });
});

describe('path rules on the real file system', () => {
  const root = mkdtempSync(join(tmpdir(), 'bb-validator-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const real = createValidator();

  it('sees through symlinks and sibling names that share a prefix', () => {
    mkdirSync(join(root, 'repo'));
    mkdirSync(join(root, 'repo-src'));
    writeFileSync(join(root, 'repo', 'config'), '');
    symlinkSync(join(root, 'repo'), join(root, 'alias'));
    expect(real.backupTarget(join(root, 'repo-src'), join(root, 'repo'), '/')).toBe(
      join(root, 'repo-src'),
    );
    expect(() => real.backupTarget(join(root, 'alias'), join(root, 'repo'), '/')).toThrow(
      /lies inside/,
    );
    expect(() => real.newRepoPath(join(root, 'repo'), '/')).toThrow(/not empty/);
    expect(real.newRepoPath(join(root, 'fresh'), '/')).toBe(join(root, 'fresh'));
  });
});
