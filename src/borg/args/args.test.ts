import { describe, expect, it } from 'vitest';
import { backupOptionsSchema, restoreOptionsSchema } from '../../core/models/index.js';
import { withShowVersion } from '../call.js';
import {
  buildCreateArgs,
  buildExtractArgs,
  buildExtractFileArgs,
  buildRecreateArgs,
} from './archive.js';
import { buildCheckArgs, buildCompactArgs, buildPruneArgs } from './maintenance.js';
import {
  buildDiffArgs,
  buildInfoArgs,
  buildListArchivesArgs,
  buildListContentsArgs,
} from './query.js';
import {
  buildBreakLockArgs,
  buildConfigArgs,
  buildDeleteArgs,
  buildInitArgs,
  buildKeyExportArgs,
  buildVersionArgs,
  buildWithLockArgs,
} from './repo.js';

const w = { lockWait: 5 };
const L = ['--log-json', '--lock-wait', '5'];
const backup = (o: Partial<Parameters<typeof backupOptionsSchema.parse>[0]> = {}) =>
  backupOptionsSchema.parse({
    repoPath: '/r',
    archiveName: '2026-11-26_05:38:26',
    sources: ['/home/u'],
    compression: 'zstd,6',
    ...o,
  });

describe('buildCreateArgs', () => {
  it.each([
    [
      'defaults: the Python flags (--filter AME --show-rc, --exclude-caches --exclude-nodump --exclude-from)',
      backup({ excludeFrom: '/x.txt', listFiles: true }),
      [
        'create',
        ...L,
        '--json',
        '--progress',
        '--list',
        '--filter',
        'AME',
        '--show-rc',
        '--compression=zstd,6',
        '--exclude-caches',
        '--exclude-nodump',
        '--exclude-from',
        '/x.txt',
        '/r::2026-11-26_05:38:26',
        '/home/u',
      ],
    ],
    [
      'no list, no progress, nothing excluded',
      backup({ progress: false, excludeCaches: false, excludeNodump: false }),
      [
        'create',
        ...L,
        '--json',
        '--show-rc',
        '--compression=zstd,6',
        '/r::2026-11-26_05:38:26',
        '/home/u',
      ],
    ],
    [
      'every option',
      backup({
        sources: ['/a', '/b'],
        excludePatterns: ['/r', '*.tmp'],
        checkpointInterval: 600,
        oneFileSystem: true,
        timestamp: '2026-01-02T03:04:05',
        comment: 'c',
        stats: true,
        dryRun: true,
      }),
      [
        'create',
        ...L,
        '--json',
        '--progress',
        '--show-rc',
        '--stats',
        '--compression=zstd,6',
        '--exclude-caches',
        '--exclude-nodump',
        '--exclude',
        '/r',
        '--exclude',
        '*.tmp',
        '--checkpoint-interval',
        '600',
        '--one-file-system',
        '--timestamp',
        '2026-01-02T03:04:05',
        '--comment',
        'c',
        '--dry-run',
        '/r::2026-11-26_05:38:26',
        '/a',
        '/b',
      ],
    ],
  ])('%s', (_name, opts, expected) => expect(buildCreateArgs(opts, w)).toEqual(expected));
});

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

describe('buildRecreateArgs', () => {
  it.each([
    [
      '--recompress=MODE is one argument',
      { recompress: 'always' as const, compression: 'lzma,3' },
      ['recreate', ...L, '--progress', '--recompress=always', '--compression=lzma,3', '/r::a'],
    ],
    [
      'excludes to a new archive',
      { excludes: ['*.tmp'], target: 'a-small', dryRun: true },
      [
        'recreate',
        ...L,
        '--progress',
        '--exclude',
        '*.tmp',
        '--target',
        'a-small',
        '--dry-run',
        '/r::a',
      ],
    ],
  ])('%s', (_n, o, expected) => expect(buildRecreateArgs('/r', 'a', o, w)).toEqual(expected));
});

describe('read-only verbs', () => {
  it.each([
    ['info repo', buildInfoArgs('/r', undefined, w), ['info', ...L, '--json', '/r']],
    ['info archive', buildInfoArgs('/r', 'a', w), ['info', ...L, '--json', '/r::a']],
    ['list archives', buildListArchivesArgs('/r', w), ['list', ...L, '--json', '/r']],
    [
      'list contents',
      buildListContentsArgs('/r', 'a', { paths: ['home/u'] }, w),
      ['list', ...L, '--json-lines', '/r::a', 'home/u'],
    ],
    [
      'list contents with patterns (sh: by default, own style kept, then exclude the rest)',
      buildListContentsArgs('/r', 'a', { patterns: ['**/x.txt', 're:\\.log$'] }, w),
      [
        'list',
        ...L,
        '--json-lines',
        '--pattern',
        '+ sh:**/x.txt',
        '--pattern',
        '+ re:\\.log$',
        '--pattern',
        '- sh:**',
        '/r::a',
      ],
    ],
    ['diff', buildDiffArgs('/r', 'a', 'b', {}, w), ['diff', ...L, '--json-lines', '/r::a', 'b']],
    [
      'diff content-only with paths',
      buildDiffArgs('/r', 'a', 'b', { contentOnly: true, paths: ['etc'] }, w),
      ['diff', ...L, '--json-lines', '--content-only', '/r::a', 'b', 'etc'],
    ],
    [
      'a path starting with - gets --',
      buildExtractFileArgs('/r', 'a', '-rf', w),
      ['extract', ...L, '--stdout', '--', '/r::a', '-rf'],
    ],
    [
      'extract one file',
      buildExtractFileArgs('/r', 'a', 'etc/x', w),
      ['extract', ...L, '--stdout', '/r::a', 'etc/x'],
    ],
  ])('%s', (_n, actual, expected) => expect(actual).toEqual(expected));

  it.each([
    [{}, ['extract', ...L, '--progress', '/r::a']],
    [
      {
        paths: ['etc', 'home'],
        dryRun: true,
        listFiles: true,
        progress: false,
        stripComponents: 1,
      },
      ['extract', ...L, '--list', '--dry-run', '--strip-components', '1', '/r::a', 'etc', 'home'],
    ],
  ])('extract %j', (o, expected) => {
    const opts = restoreOptionsSchema.parse({
      repoPath: '/r',
      archiveName: 'a',
      target: '/t',
      ...o,
    });
    expect(buildExtractArgs(opts, w)).toEqual(expected);
  });
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
    ['with-lock', buildWithLockArgs('/r', ['cat'], w), ['with-lock', ...L, '/r', 'cat']],
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
