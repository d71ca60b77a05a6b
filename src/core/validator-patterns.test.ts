import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import { createValidator } from './validator.js';
import {
  exclusionFileProblems,
  patternLineKind,
  usesPatternCommands,
} from './validator-patterns.js';
import { pythonRegexProblem } from './validator-regex.js';
import { EXCLUSION_OK, REGEX_TABLE } from '../../test/support/validator-tables.js';

const v = createValidator();

describe('exclusionPattern', () => {
  it.each(EXCLUSION_OK)('accepts %j (returns %j)', (pattern, out) => {
    expect(v.exclusionPattern(pattern)).toBe(out);
  });

  it.each([
    ['', /pattern is empty; e.g. 'sh:\*\*\/\.cache' or '\*\.tmp'/],
    ['   ', /pattern is empty/],
    ['a\0b', /contains a NUL byte; remove it/],
    ['a\nb', /contains a line break; add one pattern per line/],
    ['a\rb', /contains a line break/],
    ['xx:foo', /unknown style 'xx:'; use fm:, sh:, re:, pp: or pf: \(or no prefix\)/],
    ['- xx:foo', /unknown style 'xx:'/],
    ['sh:', /has nothing after 'sh:'; e.g./],
    ['re:   ', /has nothing after 're:'/],
    ['re:(', /not a valid regular expression: it does not compile \(Unterminated group\)/],
    ['re:[a', /Unterminated character class/],
    ['re:*a', /Nothing to repeat/],
    ['re:(?<n>x)', /named group as \(\?P<name>\.\.\.\)/],
    ['re:\\q', /'\\q' is not an escape Python's re knows/],
    ['re:a(?i)b', /global flags \(\?i\) must be at the start/],
    ['-', /'-' needs a pattern after it; e.g. '- sh:\*\*\/\.cache'/],
    ['!   ', /'!' needs a pattern after it/],
    ['P', /names no style; write 'P sh'/],
    ['P xx', /names unknown style 'xx'; write 'P sh'/],
    [
      'R /etc',
      /root line 'R \/etc' is not allowed in an exclusions file; the backup target is the root/,
    ],
  ])('rejects %j', (pattern, message) => {
    let err: unknown;
    try {
      v.exclusionPattern(pattern);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toMatch(message);
  });
});

describe('re: patterns (Python syntax checked with JS)', () => {
  it.each(REGEX_TABLE)('$re → python accepts: $python', ({ re, python }) => {
    const problem = pythonRegexProblem(re);
    if (python) expect(problem).toBeNull();
    else expect(problem).toMatch(/\S/);
  });
});

describe('pattern files', () => {
  it('reports every bad line with its number, skipping blank lines and comments', () => {
    const lines = ['# caches', '', 'sh:**/.cache', 'xx:foo', '  ', 're:(', '- *.o'];
    expect(exclusionFileProblems(lines)).toEqual([
      expect.stringMatching(/^line 4: pattern 'xx:foo' has unknown style/),
      expect.stringMatching(/^line 6: pattern 're:\(' is not a valid regular expression/),
    ]);
    expect(() => v.exclusionFile(lines)).toThrow(/line 4: .*; line 6: /);
    expect(v.exclusionFile(['  *.tmp', '', '# x'])).toEqual(['*.tmp', '', '# x']);
  });

  it.each([
    [['*.tmp', 'sh:**/.cache'], false],
    [['*.tmp', '- sh:**/.cache'], true],
    [['P re', '\\.log$'], true],
    [['# - not a command', ''], false],
  ])('usesPatternCommands(%j) = %s', (lines, expected) => {
    expect(usesPatternCommands(lines)).toBe(expected);
  });

  it.each([
    ['*.tmp', 'pattern'],
    ['- x', 'command'],
    ['R /etc', 'command'],
    ['P sh', 'style'],
    ['Photos/cache', 'pattern'],
    ['# c', 'comment'],
  ])('patternLineKind(%j) = %s', (line, kind) => expect(patternLineKind(line)).toBe(kind));
});
