import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import { createValidator } from './validator.js';
import { compressionProblems, parseQuota } from './validator-rules.js';
import { COMPRESSION_TABLE } from '../../test/support/validator-tables.js';

const v = createValidator();

function problemOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).exitCode).toBe(2);
    return (e as ValidationError).message;
  }
  throw new Error('expected a ValidationError');
}

describe('repoName', () => {
  it.each(['a', 'laptop-home', 'A1_b-2', '9lives', 'x'.repeat(64)])('accepts %j', (name) => {
    expect(v.repoName(name)).toBe(name);
  });

  it.each([
    ['', /repository name is empty; use 1-64 letters/],
    [
      '-leading-dash',
      /starts with '-'; use 1-64 letters, digits, '_' or '-', starting with a letter/,
    ],
    ['_under', /starts with '_'/],
    ['has space', /contains ' '/],
    ['dot.name', /contains '\.'/],
    ['slash/name', /contains '\/'/],
    ['ümlaut', /starts with 'ü'/],
    ['aümlaut', /contains 'ü'/],
    ['x'.repeat(65), /is 65 characters long; use 1-64/],
    ['new\nline', /'new\\nline' contains '\\n'/],
  ])('rejects %j', (name, message) => {
    expect(problemOf(() => v.repoName(name))).toMatch(message);
  });
});

describe('archiveName', () => {
  it.each(['daily-2026-11-26', 'a', 'with space', 'colon:single', 'ünïcödé', '{hostname}-{now}'])(
    'accepts %j',
    (name) => expect(v.archiveName(name)).toBe(name),
  );

  it.each([
    ['', /archive name is empty; use a name without '\/' and '::'/],
    ['   ', /archive name is empty/],
    ['a/b', /contains '\/'; use a name without/],
    ['repo::archive', /contains '::'/],
    ['nul\0byte', /contains a control character/],
    ['line\nbreak', /contains a control character/],
  ])('rejects %j', (name, message) => {
    expect(problemOf(() => v.archiveName(name))).toMatch(message);
  });
});

describe('retention', () => {
  const p = (d: number, w: number, m: number, y: number) => ({
    keep_daily: d,
    keep_weekly: w,
    keep_monthly: m,
    keep_yearly: y,
  });

  it.each([p(7, 4, 6, 0), p(1, 0, 0, 0), p(0, 0, 0, 1), p(10_000, 10_000, 10_000, 10_000)])(
    'accepts %j',
    (policy) => expect(v.retention(policy)).toEqual(policy),
  );

  it.each([
    [p(0, 0, 0, 0), /keeps nothing \(every keep_\* is 0\).*set at least one above 0/],
    [p(-1, 4, 6, 0), /keep_daily is -1; use a whole number from 0 to 10000/],
    [p(7, 1.5, 6, 0), /keep_weekly is 1.5; use a whole number/],
    [p(7, 4, 10_001, 0), /keep_monthly is 10001/],
    [p(7, 4, 6, Number.NaN), /keep_yearly is NaN/],
  ])('rejects %j', (policy, message) => {
    expect(problemOf(() => v.retention(policy))).toMatch(message);
  });

  it('names every bad value at once', () => {
    expect(problemOf(() => v.retention(p(-1, -2, 6, 0)))).toMatch(/keep_daily.*; keep_weekly/);
  });
});

describe('compression', () => {
  it.each(COMPRESSION_TABLE.filter((r) => r.ok))('accepts $spec', ({ spec }) => {
    expect(v.compression(spec)).toBe(spec);
  });

  it.each(COMPRESSION_TABLE.filter((r) => !r.ok))('rejects $spec', ({ spec, message }) => {
    const text = problemOf(() => v.compression(spec));
    expect(text).toMatch(message!);
    expect(text).toMatch(/^compression /);
  });

  it('the hint points at borg help', () => {
    expect(() => v.compression('gzip')).toThrow(
      expect.objectContaining({ hint: "see 'borg help compression'" }),
    );
    expect(compressionProblems('zstd,6')).toEqual([]);
  });
});

describe('quota', () => {
  it.each([
    ['100G', '100G'],
    ['100g', '100G'],
    ['1.5T', '1.5T'],
    ['10M', '10M'],
    ['500m', '500M'],
    ['1P', '1P'],
    ['20000000', '20000000'],
  ])('accepts %j as %j', (input, out) => expect(v.quota(input)).toBe(out));

  it.each([
    ['', /quota '' is not a size; write a number with an optional K, M, G, T or P \(e.g. 100G/],
    ['100GB', /is not a size/],
    ['-5G', /is not a size/],
    ['1,5G', /is not a size/],
    ['G', /is not a size/],
    ['.5G', /is not a size/],
    ['5M', /quota '5M' is below borg's minimum; use at least 10M/],
    ['0', /below borg's minimum/],
  ])('rejects %j', (input, message) => {
    expect(problemOf(() => v.quota(input))).toMatch(message);
  });

  it('parses decimal units like borg', () => {
    expect(parseQuota('1.5K')).toBe(1500);
    expect(parseQuota('2G')).toBe(2e9);
    expect(parseQuota('x')).toBeNull();
  });
});
