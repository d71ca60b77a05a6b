import { describe, expect, it } from 'vitest';
import * as contents from '../../../src/cli/commands/backup/contents.js';
import * as daily from '../../../src/cli/commands/backup/daily.js';
import * as del from '../../../src/cli/commands/backup/delete.js';
import * as diff from '../../../src/cli/commands/backup/diff.js';
import * as find from '../../../src/cli/commands/backup/find.js';
import * as info from '../../../src/cli/commands/backup/info.js';
import * as list from '../../../src/cli/commands/backup/list.js';
import * as prune from '../../../src/cli/commands/backup/prune.js';
import * as recreate from '../../../src/cli/commands/backup/recreate.js';
import * as restore from '../../../src/cli/commands/backup/restore.js';
import * as runVerb from '../../../src/cli/commands/backup/run.js';
import { expectOpts, parseVerb } from './harness.js';

type Verb = { register: Parameters<typeof parseVerb>[0] };
const good: Array<[string, Verb, string[], Record<string, unknown>]> = [
  [
    'run',
    runVerb,
    ['run', '-n', 'a', '--list', '--timestamp', '2026-01-02T03:04:05'],
    { list: true, timestamp: '2026-01-02T03:04:05', dryRun: false },
  ],
  [
    'daily, default repo',
    daily,
    ['daily'],
    { all: false, s3Sync: true, prune: true, compact: true, list: false },
  ],
  [
    'daily --all --no-*',
    daily,
    ['daily', '--all', '--no-s3-sync', '--no-prune', '--no-compact', '--list'],
    { all: true, s3Sync: false, prune: false, compact: false, list: true },
  ],
  ['daily by path', daily, ['daily', '-p', '/srv/borg/alpha'], { path: '/srv/borg/alpha' }],
  ['list', list, ['list', '-n', 'a'], { name: 'a' }],
  [
    'contents to stdout',
    contents,
    ['contents', '-a', 'second'],
    { archive: 'second', output: undefined },
  ],
  [
    "contents -o stdout (Python's default)",
    contents,
    ['contents', '-a', 's', '-o', 'stdout'],
    { output: undefined },
  ],
  ['contents -o FILE', contents, ['contents', '-a', 's', '-o', 'list.txt'], { output: 'list.txt' }],
  ['find', find, ['find', '**/*.pdf', '--limit', '5'], { glob: '**/*.pdf', limit: 5 }],
  ['info', info, ['info', '-a', 'second'], { archive: 'second' }],
  [
    'restore',
    restore,
    [
      'restore',
      '-a',
      's',
      '--target',
      '/t',
      '--path-in-archive',
      'data/a',
      '--path-in-archive',
      'data/b',
      '--force',
    ],
    { archive: 's', target: '/t', pathInArchive: ['data/a', 'data/b'], force: true, dryRun: false },
  ],
  [
    'diff, the two newest',
    diff,
    ['diff'],
    { archive1: undefined, archive2: undefined, contentOnly: false, filterPath: [] },
  ],
  [
    'diff two archives',
    diff,
    ['diff', '-a', 'first', '-b', 'second', '--content-only', '--filter-path', 'data/docs'],
    { archive1: 'first', archive2: 'second', contentOnly: true, filterPath: ['data/docs'] },
  ],
  [
    'recreate',
    recreate,
    [
      'recreate',
      '-a',
      's',
      '--exclude',
      '*.tmp',
      '--exclude',
      '*.bak',
      '--recompress',
      '--compression',
      'zstd,9',
    ],
    { exclude: ['*.tmp', '*.bak'], recompress: true, compression: 'zstd,9' },
  ],
  ['delete', del, ['delete', '-a', 's', '--dry-run'], { archive: 's', dryRun: true }],
  ['prune', prune, ['prune', '--dry-run'], { dryRun: true }],
];

describe('backup verbs: flags → options', () => {
  it.each(good)('%s', async (_name, verb, argv, expected) => {
    const r = await parseVerb(verb.register, argv);
    expect(r.err).toBe('');
    expectOpts(r.opts, expected);
  });
});

const bad: Array<[string, Verb, string[], RegExp]> = [
  [
    'daily --all with a name',
    daily,
    ['daily', '--all', '-n', 'a'],
    /--all backs up every repository/,
  ],
  ['daily with -n and -p', daily, ['daily', '-n', 'a', '-p', '/r'], /either --name or --path/],
  ['contents without -a', contents, ['contents'], /--archive: is required/],
  ['info without -a', info, ['info', '-n', 'a'], /--archive: is required/],
  ['find without a glob', find, ['find'], /missing required argument 'glob'/],
  ['find --limit 0', find, ['find', 'x', '--limit', '0'], /--limit: must be 1 or more/],
  ['restore without -a', restore, ['restore'], /--archive: is required/],
  ['diff with one archive', diff, ['diff', '-a', 'first'], /both archives .* or neither/],
  ['recreate with nothing to do', recreate, ['recreate', '-a', 's'], /nothing to do/],
  ['delete without -a', del, ['delete', '--dry-run'], /--archive: is required/],
];

describe('backup verbs: bad flags → usage error, exit 2', () => {
  it.each(bad)('%s', async (_name, verb, argv, message) => {
    const r = await parseVerb(verb.register, argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.opts).toBeUndefined();
  });
});
