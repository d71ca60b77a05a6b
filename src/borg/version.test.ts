import { describe, expect, it } from 'vitest';
import { BorgboiError } from '../core/errors.js';
import {
  assertSupportedBorgVersion,
  detectBorgVersion,
  parseBorgVersion,
  parseShowVersionMessage,
} from './version.js';

describe('borg versions', () => {
  it.each([
    ['borg 1.2.4', '1.2.4'],
    ['borg 1.4.0b1', '1.4.0b1'],
    ['borg 2.0.0b14', '2.0.0b14'],
    ['no version here', null],
  ])('parseBorgVersion(%s)', (text, raw) => expect(parseBorgVersion(text)?.raw ?? null).toBe(raw));

  it.each([
    ['borgbackup version 1.2.4', '1.2.4'],
    ['Remote: borgbackup version 1.2.4', null],
    ['something else', null],
  ])('parseShowVersionMessage(%s)', (text, raw) =>
    expect(parseShowVersionMessage(text)?.raw ?? null).toBe(raw),
  );

  it.each([
    ['1.2.0', true],
    ['1.2.4', true],
    ['1.4.1', true],
    ['1.1.18', false],
    ['2.0.0', false],
    ['0.29.0', false],
  ])('%s supported: %s', (raw, ok) => {
    const v = parseBorgVersion(raw)!;
    if (ok) expect(assertSupportedBorgVersion(v, 'borg')).toBe(v);
    else
      expect(() => assertSupportedBorgVersion(v, 'borg')).toThrow(
        /not supported; borgboi needs borg >= 1.2.0 and < 2.0/,
      );
  });

  it('a missing executable is borg-missing', async () => {
    await expect(detectBorgVersion('/nonexistent/borg')).rejects.toMatchObject({
      code: 'borg-missing',
    });
    await expect(detectBorgVersion('/nonexistent/borg')).rejects.toBeInstanceOf(BorgboiError);
  });
});
