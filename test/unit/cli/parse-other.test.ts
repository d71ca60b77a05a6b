import { describe, expect, it } from 'vitest';
import * as exAdd from '../../../src/cli/commands/exclusions/add.js';
import * as exCreate from '../../../src/cli/commands/exclusions/create.js';
import * as exEdit from '../../../src/cli/commands/exclusions/edit.js';
import * as exRemove from '../../../src/cli/commands/exclusions/remove.js';
import * as exShow from '../../../src/cli/commands/exclusions/show.js';
import * as migrate from '../../../src/cli/commands/migrate.js';
import * as s3Delete from '../../../src/cli/commands/s3/delete.js';
import * as s3Restore from '../../../src/cli/commands/s3/restore.js';
import * as s3Stats from '../../../src/cli/commands/s3/stats.js';
import * as s3Sync from '../../../src/cli/commands/s3/sync.js';
import * as s3Verify from '../../../src/cli/commands/s3/verify.js';
import * as status from '../../../src/cli/commands/status.js';
import { expectOpts, parseVerb } from './harness.js';

type Verb = { register: Parameters<typeof parseVerb>[0] };
const good: Array<[string, Verb, string[], Record<string, unknown>]> = [
  ['exclusions show', exShow, ['show', '-n', 'a'], { name: 'a' }],
  ['exclusions add PATTERN', exAdd, ['add', '-n', 'a', '*.iso'], { pattern: '*.iso' }],
  [
    'exclusions add -x PATTERN',
    exAdd,
    ['add', '-n', 'a', '-x', 'sh:**/node_modules'],
    { pattern: 'sh:**/node_modules' },
  ],
  ['exclusions remove LINE', exRemove, ['remove', '-n', 'a', '2'], { line: 2 }],
  ['exclusions remove -l LINE', exRemove, ['remove', '-n', 'a', '-l', '3'], { line: 3 }],
  [
    'exclusions create --from',
    exCreate,
    ['create', '-p', '/r', '--from', '/x.txt'],
    { path: '/r', from: '/x.txt', replace: false },
  ],
  [
    'exclusions create -s --replace',
    exCreate,
    ['create', '-n', 'a', '-s', '/x.txt', '--replace'],
    { from: '/x.txt', replace: true },
  ],
  ['exclusions edit', exEdit, ['edit', '-n', 'a'], { name: 'a' }],
  [
    's3 sync --all',
    s3Sync,
    ['sync', '--all', '--dry-run', '--delete'],
    { all: true, dryRun: true, delete: true },
  ],
  [
    's3 restore',
    s3Restore,
    ['restore', '-n', 'a', '--force', '--target', '/t'],
    { force: true, target: '/t', dryRun: false },
  ],
  ['s3 stats --refresh', s3Stats, ['stats', '--refresh'], { refresh: true }],
  ['s3 delete', s3Delete, ['delete', '-n', 'a', '--dry-run'], { dryRun: true }],
  ['s3 verify', s3Verify, ['verify', '-p', '/r'], { path: '/r' }],
  ['migrate --dry-run', migrate, ['migrate', '--dry-run'], { dryRun: true }],
  ['migrate --legacy-table', migrate, ['migrate', '--legacy-table'], { legacyTable: true }],
  [
    'migrate --legacy-table NAME',
    migrate,
    ['migrate', '--legacy-table', 'old-repos', '--dry-run'],
    { legacyTable: 'old-repos', dryRun: true },
  ],
  [
    'status --max-age 26h',
    status,
    ['status', '--max-age', '26h'],
    { maxAge: 26 * 3_600_000, allHosts: false },
  ],
  ['status --all-hosts', status, ['status', '--all-hosts'], { maxAge: undefined, allHosts: true }],
];

describe('exclusions, s3, migrate, status: flags → options', () => {
  it.each(good)('%s', async (_name, verb, argv, expected) => {
    const r = await parseVerb(verb.register, argv);
    expect(r.err).toBe('');
    expectOpts(r.opts, expected);
  });
});

const bad: Array<[string, Verb, string[], RegExp]> = [
  ['add without a pattern', exAdd, ['add', '-n', 'a'], /--pattern: is required/],
  ['add given twice', exAdd, ['add', '-n', 'a', 'x', '-x', 'y'], /give the pattern once/],
  ['remove line 0', exRemove, ['remove', '-n', 'a', '0'], /--line: must be 1 or more/],
  ['remove a word', exRemove, ['remove', '-n', 'a', 'two'], /--line: must be a number/],
  ['create without a file', exCreate, ['create', '-n', 'a'], /--from: is required/],
  [
    'create with --from and -s',
    exCreate,
    ['create', '--from', 'a', '-s', 'b'],
    /give the pattern file once/,
  ],
  [
    's3 sync --all with a path',
    s3Sync,
    ['sync', '--all', '-p', '/r'],
    /--all syncs every repository/,
  ],
  ['migrate --legacy-table ""', migrate, ['migrate', '--legacy-table', ' '], /must name a table/],
  ['status --max-age 26', status, ['status', '--max-age', '26'], /'26' is not a duration/],
  ['status --max-age 0h', status, ['status', '--max-age', '0h'], /'0h' is not a duration/],
];

describe('exclusions, s3, status: bad flags → usage error, exit 2', () => {
  it.each(bad)('%s', async (_name, verb, argv, message) => {
    const r = await parseVerb(verb.register, argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.opts).toBeUndefined();
  });
});
