import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BadRow } from './harness/bad-input.js';

/** Exclusion patterns, recreate excludes and find globs: validated before borg runs (exit 2). */
export const patternRows: BadRow[] = [
  {
    name: 'exclusion pattern: unclosed regex',
    args: () => ['exclusions', 'add', '-n', 'main', 're:(unclosed'],
    code: 2,
    error:
      /^Error: pattern 're:\(unclosed' is not a valid regular expression: it does not compile \(Unterminated group\); fix the pattern; 'borg help patterns'/,
  },
  {
    name: 'exclusion pattern: two lines',
    args: () => ['exclusions', 'add', '-n', 'main', 'a\nb'],
    code: 2,
    error: /^Error: pattern 'a\\nb' contains a line break; add one pattern per line/,
  },
  {
    name: 'exclusion pattern: unknown style',
    args: () => ['exclusions', 'add', '-n', 'main', 'zz:whatever'],
    code: 2,
    error: /^Error: pattern 'zz:whatever' has unknown style 'zz:'; use fm:, sh:, re:, pp: or pf:/,
  },
  {
    name: 'exclusions create from a missing file',
    args: (f) => [
      'exclusions',
      'create',
      '-n',
      'main',
      '--replace',
      '--from',
      join(f.scratch, 'none.txt'),
    ],
    code: 2,
    error:
      /^Error: cannot read the pattern file \S+none\.txt; pass an existing, readable text file with one borg pattern per line$/,
  },
  {
    name: 'exclusions create from a file with a bad pattern',
    setup: (f) => writeFileSync(join(f.scratch, 'p.txt'), '*.tmp\nre:[bad\n'),
    args: (f) => [
      'exclusions',
      'create',
      '-n',
      'main',
      '--replace',
      '--from',
      join(f.scratch, 'p.txt'),
    ],
    code: 2,
    error: /^Error: .*'re:\[bad' is not a valid regular expression.*; fix the pattern/,
  },
  {
    name: 'recreate --exclude with a bad regex',
    args: (f) => ['backup', 'recreate', '-n', 'main', '-a', f.archives[0], '--exclude', 're:['],
    code: 2,
    error:
      /^Error: pattern 're:\[' is not a valid regular expression: it does not compile \(Unterminated character class\); fix the pattern/,
  },
  {
    name: 'find with an unclosed bracket',
    args: () => ['backup', 'find', '-n', 'main', '['],
    code: 2,
    error: /^Error: pattern '\[' has an unclosed '\['; quote it, e\.g\. 'home\/\*\/notes\.txt'$/,
  },
];
