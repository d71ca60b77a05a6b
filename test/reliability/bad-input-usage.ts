import type { BadRow } from './harness/bad-input.js';

/** Flags, flag combinations, numbers out of range, confirmations: all refused as usage (exit 2). */
const HELP = (verb: string) => `; see 'borgboi ${verb} --help'$`;

export const usageRows: BadRow[] = [
  {
    name: 'unknown command',
    args: () => ['frobnicate'],
    code: 2,
    error: /^Error: unknown command 'frobnicate'; see 'borgboi --help'$/,
  },
  {
    name: 'unknown option',
    args: () => ['repo', 'list', '--bogus'],
    code: 2,
    error: new RegExp(`^Error: unknown option '--bogus'${HELP('repo list')}`),
  },
  {
    name: 'both --name and --path',
    args: (f) => ['backup', 'daily', '-n', 'main', '-p', f.main],
    code: 2,
    error: new RegExp(`^Error: give either --name or --path, not both${HELP('backup daily')}`),
  },
  {
    name: 'neither --name nor --path with several repos on the host',
    args: () => ['backup', 'list'],
    code: 2,
    error:
      /^Error: this host has 3 repositories \(main, spare, tiny\); say which one; pass -n NAME or -p PATH$/,
  },
  {
    name: '--all together with a name',
    args: () => ['backup', 'daily', '--all', '-n', 'main'],
    code: 2,
    error: /^Error: --all backs up every repository of this host; leave out --name\/--path/,
  },
  {
    name: 'log format not text/json',
    args: () => ['--log-format', 'xml', 'status'],
    code: 2,
    error:
      /^Error: option '--log-format <format>' argument 'xml' is invalid\. Allowed choices are text, json; see 'borgboi --help'$/,
  },
  {
    name: 'retention below 0',
    args: () => ['repo', 'set-retention', '-n', 'main', '--daily', '-1'],
    code: 2,
    error: new RegExp(`^Error: --daily: must be 0 or more${HELP('repo set-retention')}`),
  },
  {
    name: 'retention above 10,000',
    args: () => ['repo', 'set-retention', '-n', 'main', '--weekly', '10001'],
    code: 2,
    error: new RegExp(`^Error: --weekly: must be at most 10000${HELP('repo set-retention')}`),
  },
  {
    name: 'retention not a number',
    args: () => ['repo', 'set-retention', '-n', 'main', '--monthly', 'six'],
    code: 2,
    error: new RegExp(`^Error: --monthly: must be a number${HELP('repo set-retention')}`),
  },
  {
    name: 'retention --clear with a count',
    args: () => ['repo', 'set-retention', '-n', 'main', '--clear', '--daily', '3'],
    code: 2,
    error:
      /^Error: give --daily\/--weekly\/--monthly\/--yearly, or --clear to use the config retention; see/,
  },
  {
    name: 'status --max-age 0',
    args: () => ['status', '--max-age', '0'],
    code: 2,
    error:
      /^Error: --max-age: '0' is not a duration; use a number with s, m, h, d or w \(e\.g\. 26h/,
  },
  {
    name: 'status --max-age with an unknown unit',
    args: () => ['status', '--max-age', '26x'],
    code: 2,
    error: /^Error: --max-age: '26x' is not a duration; use a number with s, m, h, d or w/,
  },
  {
    name: 'find without its glob',
    args: () => ['backup', 'find', '-n', 'main'],
    code: 2,
    error: new RegExp(`^Error: missing required argument 'glob'${HELP('backup find')}`),
  },
  {
    name: 'find --limit 0',
    args: () => ['backup', 'find', '-n', 'main', '*', '--limit', '0'],
    code: 2,
    error: new RegExp(`^Error: --limit: must be 1 or more${HELP('backup find')}`),
  },
  {
    name: 'exclusions remove line 0',
    args: () => ['exclusions', 'remove', '-n', 'main', '0'],
    code: 2,
    error: new RegExp(`^Error: --line: must be 1 or more${HELP('exclusions remove')}`),
  },
  {
    name: 'exclusions remove a line past the end',
    args: () => ['exclusions', 'remove', '-n', 'main', '99'],
    code: 2,
    error:
      /^Error: line 99 is out of range: the exclusions of 'main' have 2 lines; see the numbered lines with 'borgboi exclusions show -n main'$/,
  },
  {
    name: 'check --kind unknown',
    args: () => ['repo', 'check', '-n', 'main', '--kind', 'everything'],
    code: 2,
    error:
      /^Error: option '--kind <kind>' argument 'everything' is invalid\. Allowed choices are repository, archives, data, spot; see/,
  },
  {
    name: 'create --encryption unknown',
    args: (f) => [
      'repo',
      'create',
      '-n',
      'enc',
      '-p',
      `${f.scratch}/enc`,
      '-b',
      f.data,
      '--encryption',
      'aes',
    ],
    code: 2,
    error:
      /^Error: option '--encryption <mode>' argument 'aes' is invalid\. Allowed choices are repokey, repokey-blake2, none; see/,
  },
  {
    name: 'recreate --compression unknown',
    args: (f) => ['backup', 'recreate', '-n', 'main', '-a', f.archives[0], '--compression', 'lz9'],
    code: 2,
    error:
      /^Error: compression 'lz9': unknown compressor 'lz9'; use none, lz4, zstd, zlib or lzma; see 'borg help compression'$/,
  },
  {
    name: "create --quota below borg's minimum",
    args: (f) => [
      'repo',
      'create',
      '-n',
      'q1',
      '-p',
      `${f.scratch}/q1`,
      '-b',
      f.data,
      '--quota',
      '10',
    ],
    code: 2,
    error: /^Error: quota '10' is below borg's minimum; use at least 10M$/,
  },
  {
    name: 'set-quota not a size',
    args: () => ['repo', 'set-quota', '-n', 'main', '12Q'],
    code: 2,
    error:
      /^Error: quota '12Q' is not a size; write a number with an optional K, M, G, T or P \(e\.g\. 100G, 1\.5T\)$/,
  },
  {
    name: 'schedule --time out of range',
    args: () => ['schedule', 'install', '--time', '25:00'],
    code: 2,
    error: /^Error: --time '25:00' is not a time of day; write HH:MM from 00:00 to 23:59/,
  },
  {
    name: 'diff with only one archive',
    args: (f) => ['backup', 'diff', '-n', 'main', '-a', f.archives[0]],
    code: 2,
    error: /^Error: give both archives \(-a A1 -b A2\) or neither \(the two newest\); see/,
  },
  {
    name: 'contents without --archive',
    args: () => ['backup', 'contents', '-n', 'main'],
    code: 2,
    error: new RegExp(`^Error: --archive: is required${HELP('backup contents')}`),
  },
  {
    name: 'archive delete without a TTY and without --yes',
    args: (f) => ['backup', 'delete', '-n', 'main', '-a', f.archives[0]],
    code: 2,
    error:
      /^Error: Delete archive 'first' from repository 'main': confirmation needed; pass --yes to confirm when stdin is not a terminal$/,
  },
  {
    name: 'repo delete without a TTY and without --yes',
    args: () => ['repo', 'delete', '-n', 'main'],
    code: 2,
    error:
      /^Error: Delete repository 'main' at \S+ with all its archives: confirmation needed; pass --yes/,
  },
  {
    name: 'check --repair without --yes',
    args: () => ['repo', 'check', '-n', 'main', '--repair'],
    code: 2,
    error:
      /^Error: borg check --repair may drop damaged data for good\. Repair repository 'main': confirmation needed; pass --yes/,
  },
  {
    name: 's3 sync offline',
    args: () => ['s3', 'sync', '-n', 'main'],
    code: 2,
    error: /^Error: 's3 sync' needs online mode; pass --online or set offline: false$/,
  },
  {
    name: 's3 restore offline',
    args: () => ['s3', 'restore', '-n', 'main'],
    code: 2,
    error: /^Error: 's3 restore' needs online mode; pass --online or set offline: false$/,
  },
  {
    name: 'exclusions edit without a terminal',
    args: () => ['exclusions', 'edit', '-n', 'main'],
    env: () => ({ EDITOR: 'vi' }),
    code: 2,
    error:
      /^Error: exclusions edit needs a terminal for the editor; use 'exclusions add PATTERN', 'exclusions remove LINE' or 'exclusions create --from FILE --replace'$/,
  },
  {
    name: 'restore --path-in-archive empty',
    args: (f) => ['backup', 'restore', '-n', 'main', '-a', f.archives[0], '--path-in-archive', ''],
    code: 2,
    error: new RegExp(`^Error: --path-in-archive: must not be empty${HELP('backup restore')}`),
  },
  {
    name: 'legacy alias with an unknown repo',
    args: () => ['list-archives', '-n', 'nope'],
    code: 2,
    error: /^Error: repository 'nope' not found; see 'borgboi repo list'$/,
  },
  {
    name: 'env BORGBOI_OFFLINE not a boolean',
    env: () => ({ BORGBOI_OFFLINE: 'maybe' }),
    args: () => ['status'],
    code: 2,
    error:
      /^Error: environment variable BORGBOI_OFFLINE=maybe is not a boolean \(true\/false, 1\/0, yes\/no, on\/off\); set BORGBOI_OFFLINE to true or false or unset it$/,
  },
];
