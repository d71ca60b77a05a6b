import { describe, expect, it } from 'vitest';
import { backupOptionsSchema, restoreOptionsSchema } from '../../core/models/index.js';
import {
  buildCreateArgs,
  buildExtractArgs,
  buildExtractFileArgs,
  buildRecreateArgs,
} from './archive.js';
import {
  buildDiffArgs,
  buildInfoArgs,
  buildListArchivesArgs,
  buildListContentsArgs,
} from './query.js';

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
    [
      'dry run listing what would change',
      { excludes: ['*.iso'], dryRun: true, listFiles: true },
      ['recreate', ...L, '--progress', '--exclude', '*.iso', '--list', '--dry-run', '/r::a'],
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
