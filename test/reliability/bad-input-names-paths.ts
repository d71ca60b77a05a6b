import { join } from 'node:path';
import type { BadRow, Fx } from './harness/bad-input.js';

/** Names, paths (spaces, unicode, newlines, symlink loops), archives and output files. */
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const NAME_RULE = "; use 1-64 letters, digits, '_' or '-', starting with a letter or digit";
const create = (name: string, path: (f: Fx) => string, target?: (f: Fx) => string) => (f: Fx) => [
  'repo',
  'create',
  '-n',
  name,
  '-p',
  path(f),
  '-b',
  target ? target(f) : join(f.data, 'main'),
];
const newPath = (f: Fx) => join(f.scratch, 'new repo');

export const nameAndPathRows: BadRow[] = [
  ...(
    [
      ['with a space', 'bad name', /contains ' '/],
      ['with unicode', 'ünïcode', /starts with 'ü'/],
      ['with a newline', 'multi\nline', /contains '\\n'/],
      ['starting with a dash', '-dash', /starts with '-'/],
      ['of 65 characters', 'x'.repeat(65), /is 65 characters long/],
    ] as const
  ).map(
    ([what, name, why]): BadRow => ({
      name: `repo name ${what}`,
      args: create(name, newPath),
      code: 2,
      error: new RegExp(`^Error: repository name .* ${why.source}${esc(NAME_RULE)}`),
    }),
  ),
  {
    name: 'duplicate repo name',
    args: create('main', newPath),
    code: 2,
    error:
      /^Error: repository 'main' already exists \(at \S+ on \S+\); choose another name, or see 'borgboi repo list'$/,
  },
  {
    name: 'rename to a name with a slash',
    args: () => ['repo', 'rename', '-n', 'main', '--to', 'bad/name'],
    code: 2,
    error: /^Error: repository name 'bad\/name' contains '\/'; use 1-64 letters/,
  },
  {
    name: 'rename onto an existing name',
    args: () => ['repo', 'rename', '-n', 'main', '--to', 'spare'],
    code: 2,
    error: /^Error: repository 'spare' already exists \(at \S+\); choose another name$/,
  },
  {
    name: 'unknown repo name',
    args: () => ['backup', 'list', '-n', 'nope'],
    code: 2,
    error: /^Error: repository 'nope' not found; see 'borgboi repo list'$/,
  },
  {
    name: 'unknown repo path',
    args: (f) => ['repo', 'info', '-p', join(f.scratch, 'nowhere')],
    code: 2,
    error:
      /^Error: no repository is registered at \S+ on \S+; see 'borgboi repo list', or register it with 'borgboi repo import'$/,
  },
  {
    name: 'create over an existing repo',
    args: create('new1', (f) => f.main),
    code: 2,
    error:
      /^Error: repository path \S+ already exists and is not empty; choose a new path, or register an existing borg repo with 'borgboi repo import'$/,
  },
  {
    name: 'create into a non-empty dir with spaces',
    args: create('new2', (f) => f.nonEmpty),
    code: 2,
    error:
      /^Error: repository path .*non-empty dir already exists and is not empty; choose a new path/,
  },
  {
    name: 'create onto a file',
    args: create('new3', (f) => f.aFile),
    code: 2,
    error:
      /^Error: repository path .*a file\.txt exists and is not a directory; choose a new path$/,
  },
  {
    name: 'create with a missing target (spaces in the path)',
    args: create('new4', newPath, (f) => join(f.scratch, 'missing dir')),
    code: 2,
    error: /^Error: backup target .*missing dir does not exist; create it or fix the path$/,
  },
  {
    name: 'create with a newline in the repo path',
    args: create('new5', (f) => join(f.scratch, 'multi\nline')),
    code: 2,
    error:
      /^Error: repository path '.*multi\\nline' contains a line break or control character; rename the directory or choose a path without control characters$/,
  },
  {
    name: 'create backing up a symlink loop',
    args: create('new6', newPath, (f) => f.loop),
    code: 2,
    error: /^Error: backup target \S+loop-a does not exist; create it or fix the path$/,
  },
  {
    name: 'import from a missing unicode path',
    args: (f) => ['repo', 'import', '-n', 'imp', '-p', join(f.scratch, 'dépôt ünï'), '-b', f.data],
    code: 2,
    error: /^Error: repository path .*dépôt ünï does not exist; create it or fix the path$/,
  },
  {
    name: 'import a dir that is no borg repo',
    args: (f) => ['repo', 'import', '-n', 'imp', '-p', f.nonEmpty, '-b', join(f.data, 'main')],
    code: 1,
    error:
      /^Error: borg info failed: .*non-empty dir is not a valid repository\. Check repo config; the path is not a \(complete\) borg repository/,
  },
  {
    name: 'move onto a non-empty dir',
    args: (f) => ['repo', 'move', '-n', 'main', '--to', f.nonEmpty],
    code: 2,
    error:
      /^Error: repository path .*non-empty dir already exists and is not empty; choose a new path/,
  },
  {
    name: 'restore onto a non-empty dir without --force',
    args: (f) => ['backup', 'restore', '-n', 'main', '-a', f.archives[1], '--target', f.nonEmpty],
    code: 2,
    error:
      /^Error: restore target .*non-empty dir is not empty; restore into an empty directory with --target DIR, or pass --force to write into it$/,
  },
  {
    name: 'restore onto a file',
    args: (f) => ['backup', 'restore', '-n', 'main', '-a', f.archives[1], '--target', f.aFile],
    code: 2,
    error:
      /^Error: restore target .*a file\.txt is not a directory; pick a directory with --target$/,
  },
  {
    name: 'restore a bad archive name',
    args: (f) => [
      'backup',
      'restore',
      '-n',
      'main',
      '-a',
      'bad/name',
      '--target',
      join(f.scratch, 'r'),
    ],
    code: 2,
    error: /^Error: archive name 'bad\/name' contains '\/'; use a name without '\/' and '::'/,
  },
  {
    name: 'info of a missing archive',
    args: () => ['backup', 'info', '-n', 'main', '-a', 'does-not-exist'],
    code: 1,
    error:
      /^Error: borg info failed: Archive does-not-exist does not exist; see 'borgboi backup list' for the archive names$/,
  },
  {
    name: 'backup run with an archive name taken',
    args: (f) => ['backup', 'run', '-n', 'main', '-a', f.archives[1]],
    code: 1,
    error:
      /^Error: borg create failed: Archive second already exists; choose another archive name$/,
    changes: (f) => [
      {
        path: `rows/${f.scratch.split('/').at(-2)}/home/.borgboi/data/runs.jsonl`,
        kind: 'changed',
      },
    ],
  },
  {
    name: 'contents -o onto a directory',
    args: (f) => ['backup', 'contents', '-n', 'main', '-a', f.archives[0], '-o', f.nonEmpty],
    code: 2,
    error: /^Error: output .*non-empty dir is a directory; give a file path with -o FILE$/,
  },
  {
    name: 'export-key -o onto an existing user file',
    args: (f) => ['repo', 'export-key', '-n', 'main', '-o', f.aFile],
    code: 2,
    error: /^Error: .*a file\.txt already exists; choose another file with -o, or remove it first$/,
  },
];
