import { describe, expect, it } from 'vitest';
import { decodeMsgpack } from '../../src/aws/msgpack-read.js';
import { filterToState, hintsSegments, newestCompleteState } from '../../src/aws/s3-repo-state.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

describe('decodeMsgpack (the msgpack spec examples)', () => {
  it.each([
    ['positive fixint', '7f', 127],
    ['negative fixint', 'e0', -32],
    ['uint8', 'cc ff', 255],
    ['uint16', 'cd 01 00', 256],
    ['uint32', 'ce 00 01 00 00', 65_536],
    ['uint64', 'cf 00 00 00 01 00 00 00 00', 4_294_967_296],
    ['int8', 'd0 80', -128],
    ['int16', 'd1 ff 00', -256],
    ['int32', 'd2 ff ff 00 00', -65_536],
    ['int64', 'd3 ff ff ff ff ff ff ff ff', -1],
    ['nil, true, false', '93 c0 c3 c2', [null, true, false]],
    ['float64', 'cb 3f f8 00 00 00 00 00 00', 1.5],
    ['fixstr', 'a3 61 62 63', 'abc'],
    ['str8', 'd9 03 61 62 63', 'abc'],
    ['bin8 (borg packs its keys as raw bytes)', 'c4 02 68 69', 'hi'],
    ['array16', 'dc 00 02 01 02', [1, 2]],
    ['fixmap with integer keys', '82 01 02 03 04', { '1': 2, '3': 4 }],
    ['map16', 'de 00 01 a1 6b 05', { k: 5 }],
    ['float32', 'ca 3f c0 00 00', 1.5],
    ['str16', 'da 00 01 61', 'a'],
    ['bin32', 'c6 00 00 00 01 61', 'a'],
    ['array32', 'dd 00 00 00 01 07', [7]],
    ['map32', 'df 00 00 00 01 a1 6b 05', { k: 5 }],
    ['nested fixmap of fixarray', '81 a1 61 92 01 a0', { a: [1, ''] }],
  ])('%s', (_name, bytes, value) => {
    expect(decodeMsgpack(hex(bytes))).toEqual(value);
  });

  it.each([
    ['truncated uint16', 'cd 01', /truncated/],
    ['truncated string', 'a3 61', /truncated/],
    ['trailing bytes', '01 02', /trailing/],
    ['extension type', 'd4 01 01', /unsupported type 0xd4/],
    ['the never-used byte 0xc1', 'c1', /unsupported type 0xc1/],
    ['empty input', '', /truncated/],
  ])('refuses %s', (_name, bytes, error) => {
    expect(() => decodeMsgpack(hex(bytes))).toThrow(error);
  });
});

describe('committed state of a mirrored borg repository', () => {
  it.each([
    [
      'newest complete',
      ['index.5', 'hints.5', 'integrity.5', 'index.9', 'hints.9', 'integrity.9'],
      9,
    ],
    ['an upload cut short in the state phase', ['index.5', 'hints.5', 'integrity.5', 'index.9'], 5],
    ['no state at all', ['README', 'data/0/1'], null],
  ])('newestCompleteState: %s', (_name, rels, n) => {
    expect(newestCompleteState(rels)).toBe(n);
  });

  it('hintsSegments reads the segments map; anything else is not hints', () => {
    // {"version": 2, "segments": {3: 1, 7: 0}}, keys packed as bin like borg 1.2 does.
    const hints = hex('82 c4 07 76657273696f6e 02 c4 08 7365676d656e7473 82 03 01 07 00');
    expect(hintsSegments(hints)).toEqual(new Set([3, 7]));
    expect(hintsSegments(hex('a3 61 62 63'))).toBeNull();
    expect(hintsSegments(hex('cd 01'))).toBeNull();
  });

  it('filterToState keeps state N, its segments and the other files', () => {
    const entries = [
      'README',
      'config',
      'nonce',
      'index.5',
      'hints.5',
      'index.9',
      'hints.9',
      'integrity.9',
      'data/0/3',
      'data/0/4',
      'data/0/9',
      'data/0/10',
    ].map((rel) => ({ key: `r/${rel}`, rel, size: 1 }));
    expect(filterToState(entries, 9, new Set([3])).map((e) => e.rel)).toEqual([
      'README',
      'config',
      'nonce',
      'index.9',
      'hints.9',
      'integrity.9',
      'data/0/3',
      'data/0/9',
    ]);
  });
});
