/** Validator tables shared by the unit tests and the integration cross-checks against real borg/python. */

/** `borg` says whether real borg 1.2.4 accepts the spec (see the integration cross-check). */
export const COMPRESSION_TABLE: Array<{
  spec: string;
  ok: boolean;
  borg: boolean;
  message?: RegExp;
}> = [
  { spec: 'none', ok: true, borg: true },
  { spec: 'lz4', ok: true, borg: true },
  { spec: 'zstd', ok: true, borg: true },
  { spec: 'zstd,1', ok: true, borg: true },
  { spec: 'zstd,22', ok: true, borg: true },
  { spec: 'zlib,0', ok: true, borg: true },
  { spec: 'zlib,9', ok: true, borg: true },
  { spec: 'lzma', ok: true, borg: true },
  { spec: 'lzma,6', ok: true, borg: true },
  { spec: 'auto,lz4', ok: true, borg: true },
  { spec: 'auto,zstd,10', ok: true, borg: true },
  { spec: 'obfuscate,1,none', ok: true, borg: true },
  { spec: 'obfuscate,6,zstd,3', ok: true, borg: true },
  { spec: 'obfuscate,110,auto,zstd,10', ok: true, borg: true },
  { spec: 'obfuscate,123,lz4', ok: true, borg: true },
  { spec: '', ok: false, borg: false, message: /compression is empty; use e.g. 'zstd,6'/ },
  {
    spec: 'gzip',
    ok: false,
    borg: false,
    message: /unknown compressor 'gzip'; use none, lz4, zstd, zlib or lzma/,
  },
  { spec: 'ZSTD', ok: false, borg: false, message: /unknown compressor 'ZSTD'/ },
  {
    spec: 'zstd,0',
    ok: false,
    borg: false,
    message: /zstd level '0' is not 1-22; write e.g. 'zstd,6'/,
  },
  { spec: 'zstd,23', ok: false, borg: false, message: /zstd level '23' is not 1-22/ },
  { spec: 'zlib,10', ok: false, borg: false, message: /zlib level '10' is not 0-9/ },
  { spec: 'lzma,x', ok: false, borg: false, message: /lzma level 'x' is not 0-9/ },
  { spec: 'zstd,3,4', ok: false, borg: false, message: /zstd takes one level/ },
  {
    spec: 'auto',
    ok: false,
    borg: false,
    message: /auto needs a compressor after it; write e.g. 'auto,zstd,6'/,
  },
  { spec: 'obfuscate,3', ok: false, borg: false, message: /obfuscate needs a compressor/ },
  {
    spec: 'obfuscate,7,lz4',
    ok: false,
    borg: false,
    message: /obfuscate level '7' is not 1-6 or 110-123/,
  },
  { spec: 'obfuscate,124,lz4', ok: false, borg: false, message: /obfuscate level '124'/ },
  // Stricter than borg, which ignores the nonsense:
  { spec: 'lz4,1', ok: false, borg: true, message: /lz4 takes no level; write just 'lz4'/ },
  { spec: 'none,1', ok: false, borg: true, message: /none takes no level/ },
  { spec: 'auto,auto,lz4', ok: false, borg: true, message: /auto cannot wrap auto/ },
  { spec: 'zstd, 3', ok: false, borg: true, message: /zstd level ' 3' is not 1-22/ },
];

/**
 * `python` says whether CPython's re.compile accepts the expression (checked by the
 * integration cross-check against the python3 that runs borg).
 */
export const REGEX_TABLE: Array<{ re: string; python: boolean }> = [
  { re: '\\.log$', python: true },
  { re: '^home/[^/]+/\\.cache/', python: true },
  { re: '(?i)\\.JPG$', python: true },
  { re: '(?P<ext>\\.tmp)$', python: true },
  { re: '(?P<a>x)(?P=a)', python: true },
  { re: '\\Afoo\\Z', python: true },
  { re: '(?x) foo # comment\n bar', python: true },
  { re: '(?#note)abc', python: true },
  { re: '(?>abc)', python: true },
  { re: 'a*+b', python: true },
  { re: '(a)(?(1)b|c)', python: true },
  { re: '(?i:abc)def', python: true },
  { re: '(?s-i:a.b)', python: true },
  { re: '[\\]\\\\]', python: true },
  { re: '[]a]', python: true },
  { re: '\\x41\\u00e9\\U0001F600', python: true },
  { re: '\\N{EM DASH}', python: true },
  { re: '(?<=ab)c(?<!x)', python: true },
  { re: 'x{,3}', python: true },
  { re: '(', python: false },
  { re: ')', python: false },
  { re: 'a{2,1}', python: false },
  { re: '[z-a]', python: false },
  { re: '(?<name>x)', python: false },
  { re: '\\k<a>', python: false },
  { re: '\\x4', python: false },
  { re: 'foo(?i)bar', python: false },
  { re: 'a+++', python: false },
  { re: 'a**', python: false },
  { re: '\\', python: false },
  { re: '[\\A]', python: false },
  { re: '(?P=nope)', python: false },
  { re: '(?L)x', python: false },
  { re: '\\N', python: false },
];

/** Exclusion lines the validator accepts, with the value it returns; borg must accept each too. */
export const EXCLUSION_OK: Array<[string, string]> = [
  ['*.tmp', '*.tmp'],
  ['/home/*/.cache', '/home/*/.cache'],
  ['fm:*/node_modules', 'fm:*/node_modules'],
  ['sh:**/.cache', 'sh:**/.cache'],
  ['re:\\.log$', 're:\\.log$'],
  ['re:(?i)\\.jpe?g$', 're:(?i)\\.jpe?g$'],
  ['pp:/home/user/Downloads', 'pp:/home/user/Downloads'],
  ['pf:/home/user/big.iso', 'pf:/home/user/big.iso'],
  ['- sh:**/.cache', '- sh:**/.cache'],
  ['-*.o', '-*.o'],
  ['! re:^proc/', '! re:^proc/'],
  ['+ sh:home/user/keep/**', '+ sh:home/user/keep/**'],
  ['P sh', 'P sh'],
  ['p re', 'p re'],
  ['# a comment', '# a comment'],
  ['  *.tmp  ', '*.tmp'],
  ['C:/looks-like-style', 'C:/looks-like-style'],
];
