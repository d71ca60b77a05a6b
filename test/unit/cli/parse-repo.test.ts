import { describe, expect, it } from 'vitest';
import * as check from '../../../src/cli/commands/repo/check.js';
import * as create from '../../../src/cli/commands/repo/create.js';
import * as del from '../../../src/cli/commands/repo/delete.js';
import * as exportKey from '../../../src/cli/commands/repo/export-key.js';
import * as importRepo from '../../../src/cli/commands/repo/import.js';
import * as info from '../../../src/cli/commands/repo/info.js';
import * as list from '../../../src/cli/commands/repo/list.js';
import * as move from '../../../src/cli/commands/repo/move.js';
import * as rename from '../../../src/cli/commands/repo/rename.js';
import * as setQuota from '../../../src/cli/commands/repo/set-quota.js';
import * as setRetention from '../../../src/cli/commands/repo/set-retention.js';
import { expectOpts, parseVerb } from './harness.js';

type Verb = { register: Parameters<typeof parseVerb>[0] };
const good: Array<[string, Verb, string[], Record<string, unknown>]> = [
  [
    'create',
    create,
    ['create', '-p', '/r', '-b', '/home', '-n', 'alpha', '--encryption', 'none', '--quota', '5G'],
    { path: '/r', backupTarget: '/home', name: 'alpha', encryption: 'none', quota: '5G' },
  ],
  [
    'create with a passphrase file',
    create,
    ['create', '-p', '/r', '-b', '/h', '-n', 'a', '--passphrase-file', '/pw'],
    { passphraseFile: '/pw', passphrase: undefined },
  ],
  [
    'import',
    importRepo,
    ['import', '-p', '/r', '-b', '/h', '-n', 'a', '--passphrase-env'],
    { passphraseEnv: true },
  ],
  ['list', list, ['list'], { allHosts: false }],
  ['list --all-hosts', list, ['list', '--all-hosts'], { allHosts: true }],
  ['info by name', info, ['info', '-n', 'alpha'], { name: 'alpha', raw: false }],
  ['info --raw by path', info, ['info', '-p', '/r', '--raw'], { path: '/r', raw: true }],
  ['info, default repo', info, ['info'], { name: undefined, path: undefined }],
  ['move', move, ['move', '-n', 'a', '--to', '/new'], { name: 'a', to: '/new' }],
  ['rename', rename, ['rename', '-n', 'a', '--to', 'b'], { to: 'b' }],
  [
    'delete',
    del,
    ['delete', '-n', 'a', '--dry-run', '--delete-from-s3'],
    { dryRun: true, deleteFromS3: true },
  ],
  ['check', check, ['check', '--kind', 'data'], { kind: 'data', repair: false }],
  ['check --repair', check, ['check', '-n', 'a', '--repair'], { repair: true, kind: undefined }],
  [
    'export-key',
    exportKey,
    ['export-key', '-n', 'a', '-o', '-', '--paper'],
    { output: '-', paper: true },
  ],
  [
    'set-retention',
    setRetention,
    ['set-retention', '-n', 'a', '--daily', '3', '--weekly', '2'],
    { daily: 3, weekly: 2, monthly: undefined, clear: false },
  ],
  ['set-retention --clear', setRetention, ['set-retention', '--clear'], { clear: true }],
  ['set-quota argument', setQuota, ['set-quota', '-n', 'a', '200G'], { quota: '200G' }],
  ['set-quota flag', setQuota, ['set-quota', '-n', 'a', '--quota', '1T'], { quota: '1T' }],
  ['deprecated --passphrase', info, ['info', '--passphrase', 'pw'], { passphrase: 'pw' }],
];

describe('repo verbs: flags → options', () => {
  it.each(good)('%s', async (_name, verb, argv, expected) => {
    const r = await parseVerb(verb.register, argv);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expectOpts(r.opts, expected);
  });
});

const bad: Array<[string, Verb, string[], RegExp]> = [
  ['create without -n', create, ['create', '-p', '/r', '-b', '/h'], /required option '-n, --name/],
  [
    'create with a bad encryption',
    create,
    ['create', '-p', '/r', '-b', '/h', '-n', 'a', '--encryption', 'aes'],
    /--encryption/,
  ],
  ['both -n and -p', info, ['info', '-n', 'a', '-p', '/r'], /either --name or --path, not both/],
  ['empty name', info, ['info', '-n', ''], /--name: must not be empty/],
  ['move without --to', move, ['move', '-n', 'a'], /required option '--to/],
  ['check with an unknown kind', check, ['check', '--kind', 'deep'], /--kind/],
  [
    'spot check cannot repair',
    check,
    ['check', '--kind', 'spot', '--repair'],
    /spot check only reads/,
  ],
  ['paper and qr-html', exportKey, ['export-key', '--paper', '--qr-html'], /--paper or --qr-html/],
  ['set-retention with nothing', setRetention, ['set-retention', '-n', 'a'], /or --clear/],
  [
    'set-retention --clear and a value',
    setRetention,
    ['set-retention', '--clear', '--daily', '1'],
    /or --clear/,
  ],
  [
    'set-retention negative',
    setRetention,
    ['set-retention', '--daily', '-1'],
    /--daily: must be 0 or more/,
  ],
  [
    'set-retention not a number',
    setRetention,
    ['set-retention', '--weekly', 'x'],
    /--weekly: must be a number/,
  ],
  [
    'set-retention fraction',
    setRetention,
    ['set-retention', '--monthly', '1.5'],
    /--monthly: must be a whole number/,
  ],
  ['set-quota without a quota', setQuota, ['set-quota', '-n', 'a'], /--quota: is required/],
  ['set-quota given twice', setQuota, ['set-quota', '1G', '--quota', '2G'], /give the quota once/],
  ['unknown flag', list, ['list', '--bogus'], /unknown option '--bogus'/],
];

describe('repo verbs: bad flags → usage error, exit 2, nothing runs', () => {
  it.each(bad)('%s', async (_name, verb, argv, message) => {
    const r = await parseVerb(verb.register, argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.opts).toBeUndefined();
  });
});
