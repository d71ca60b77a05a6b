import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createValidator } from '../../src/core/validator.js';
import { patternLineKind } from '../../src/core/validator-patterns.js';
import { COMPRESSION_TABLE, EXCLUSION_OK, REGEX_TABLE } from '../support/validator-tables.js';

/**
 * Cross-checks the validator tables against borg's own parsers, run by the Python that runs
 * the installed borg (its shebang), so the rules cannot drift from what borg really accepts.
 */
const BORG_CHECK = `
import json, sys
from borg.compress import CompressionSpec
from borg.patterns import parse_exclude_pattern, parse_inclexcl_command, parse_pattern
data = json.load(sys.stdin)
def ok(f, x):
    try:
        f(x)
        return True
    except Exception:
        return False
print(json.dumps({
    'compression': [ok(CompressionSpec, s) for s in data['compression']],
    'regex': [ok(lambda r: parse_pattern('re:' + r), r) for r in data['regex']],
    'exclude': [ok(parse_exclude_pattern, p) for p in data['exclude']],
    'command': [ok(parse_inclexcl_command, p) for p in data['command']],
}))
`;

function accepts(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
}

function borgPython(): string {
  const borg = execFileSync('sh', ['-c', 'command -v borg'], { encoding: 'utf8' }).trim();
  const shebang = readFileSync(borg, 'utf8').split('\n')[0]!;
  expect(shebang).toMatch(/^#!\S*python/);
  return shebang.slice(2).trim();
}

describe('validator tables agree with borg 1.2 itself', () => {
  const lines = EXCLUSION_OK.map(([, out]) => out).filter((l) => patternLineKind(l) !== 'comment');
  const input = {
    compression: COMPRESSION_TABLE.map((r) => r.spec),
    regex: REGEX_TABLE.map((r) => r.re),
    exclude: lines.filter((l) => patternLineKind(l) === 'pattern'),
    command: lines.filter((l) => patternLineKind(l) !== 'pattern'),
  };
  const out = JSON.parse(
    execFileSync(borgPython(), ['-c', BORG_CHECK], {
      input: JSON.stringify(input),
      encoding: 'utf8',
    }),
  ) as Record<keyof typeof input, boolean[]>;

  it.each(COMPRESSION_TABLE.map((r, i) => ({ ...r, real: out.compression[i] })))(
    'compression $spec: borg accepts = $borg',
    ({ spec, ok, borg, real }) => {
      expect(real).toBe(borg);
      expect(accepts(() => createValidator().compression(spec))).toBe(ok);
    },
  );

  it.each(REGEX_TABLE.map((r, i) => ({ ...r, real: out.regex[i] })))(
    're:$re: python accepts = $python',
    ({ python, real }) => expect(real).toBe(python),
  );

  it('every exclusion line the validator accepts is accepted by borg', () => {
    expect(input.exclude.length + input.command.length).toBeGreaterThan(10);
    expect(out.exclude.every(Boolean) && out.command.every(Boolean)).toBe(true);
  });
});
