import { describe, expect, it } from 'vitest';
import { withShowVersion } from '../call.js';
import { buildCheckArgs, buildCompactArgs, buildPruneArgs } from './maintenance.js';
import {
  buildBreakLockArgs,
  buildConfigArgs,
  buildDeleteArgs,
  buildInitArgs,
  buildKeyExportArgs,
  buildVersionArgs,
} from './repo.js';

const w = { lockWait: 5 };
const L = ['--log-json', '--lock-wait', '5'];

describe('buildPruneArgs', () => {
  const p = { keep_daily: 7, keep_weekly: 4, keep_monthly: 6, keep_yearly: 0 };
  it.each([
    [
      'keep-yearly omitted when 0',
      p,
      {},
      [
        'prune',
        ...L,
        '--progress',
        '--list',
        '--keep-daily=7',
        '--keep-weekly=4',
        '--keep-monthly=6',
        '/r',
      ],
    ],
    [
      'keep-yearly when > 0, dry run',
      { ...p, keep_yearly: 2 },
      { dryRun: true },
      [
        'prune',
        ...L,
        '--progress',
        '--list',
        '--keep-daily=7',
        '--keep-weekly=4',
        '--keep-monthly=6',
        '--keep-yearly=2',
        '--dry-run',
        '/r',
      ],
    ],
    [
      'glob',
      { ...p, keep_daily: 0 },
      { globArchives: 'host-*' },
      [
        'prune',
        ...L,
        '--progress',
        '--list',
        '--keep-daily=0',
        '--keep-weekly=4',
        '--keep-monthly=6',
        '--glob-archives',
        'host-*',
        '/r',
      ],
    ],
  ])('%s', (_n, policy, o, expected) =>
    expect(buildPruneArgs('/r', policy, o, w)).toEqual(expected),
  );
});

describe('buildCheckArgs', () => {
  it.each([
    [{ kind: 'full' as const }, ['check', ...L, '--info', '--progress', '/r']],
    [
      { kind: 'repository' as const },
      ['check', ...L, '--info', '--progress', '--repository-only', '/r'],
    ],
    [
      { kind: 'archives' as const, archive: 'a' },
      ['check', ...L, '--info', '--progress', '--archives-only', '/r::a'],
    ],
    [
      { kind: 'data' as const, repair: true },
      ['check', ...L, '--info', '--progress', '--verify-data', '--repair', '/r'],
    ],
  ])('%j', (o, expected) => expect(buildCheckArgs('/r', o, w)).toEqual(expected));
});

describe('repository verbs', () => {
  it.each([
    [
      'init (Python: --progress --encryption= --storage-quota=)',
      buildInitArgs('/r', { encryption: 'repokey', storageQuota: '100G' }),
      ['init', '--log-json', '--progress', '--encryption=repokey', '--storage-quota=100G', '/r'],
    ],
    [
      'init none without quota',
      buildInitArgs('/r', { encryption: 'none' }),
      ['init', '--log-json', '--progress', '--encryption=none', '/r'],
    ],
    [
      'config get',
      buildConfigArgs('/r', 'storage_quota', undefined, w),
      ['config', ...L, '/r', 'storage_quota'],
    ],
    [
      'config set',
      buildConfigArgs('/r', 'additional_free_space', '2G', w),
      ['config', ...L, '/r', 'additional_free_space', '2G'],
    ],
    [
      'delete archive (Python flags)',
      buildDeleteArgs('/r', 'a', {}, w),
      ['delete', ...L, '--progress', '--list', '--force', '--checkpoint-interval', '10', '/r::a'],
    ],
    [
      'delete repo dry run',
      buildDeleteArgs('/r', undefined, { dryRun: true }, w),
      [
        'delete',
        ...L,
        '--progress',
        '--list',
        '--force',
        '--checkpoint-interval',
        '10',
        '--dry-run',
        '/r',
      ],
    ],
    ['compact', buildCompactArgs('/r', w), ['compact', ...L, '--progress', '/r']],
    ['key export', buildKeyExportArgs('/r', { format: 'key' }, w), ['key', 'export', ...L, '/r']],
    [
      'key export --paper',
      buildKeyExportArgs('/r', { format: 'paper' }, w),
      ['key', 'export', ...L, '--paper', '/r'],
    ],
    [
      'key export --qr-html',
      buildKeyExportArgs('/r', { format: 'qr-html' }, w),
      ['key', 'export', ...L, '--qr-html', '/r'],
    ],
    ['break-lock', buildBreakLockArgs('/r'), ['break-lock', '--log-json', '/r']],
    ['version', buildVersionArgs(), ['--version']],
  ])('%s', (_n, actual, expected) => expect(actual).toEqual(expected));
});

describe('withShowVersion', () => {
  it.each([
    [
      ['list', '--log-json', '/r'],
      ['list', '--log-json', '--show-version', '/r'],
    ],
    [
      ['key', 'export', '--log-json', '/r'],
      ['key', 'export', '--log-json', '--show-version', '/r'],
    ],
    [['--version'], ['--version']],
  ])('%j', (args, expected) => expect(withShowVersion(args)).toEqual(expected));
});
