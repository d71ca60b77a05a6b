import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Passphrase } from './secret.js';

describe('Passphrase', () => {
  const p = Passphrase.of('hunter2-very-secret');
  it.each([
    ['String()', () => String(p)],
    ['template literal', () => `${p}`],
    ['JSON.stringify', () => JSON.stringify({ p })],
    ['util.inspect', () => inspect({ p })],
    ['Error message', () => new Error(`bad ${p}`).message],
  ])('%s redacts the value', (_name, show) => {
    expect(show()).not.toContain('hunter2');
    expect(show()).toContain('REDACTED');
  });

  it('reveal() returns the value and equals() compares values', () => {
    expect(p.reveal()).toBe('hunter2-very-secret');
    expect(p.equals(Passphrase.of('hunter2-very-secret'))).toBe(true);
    expect(p.equals(Passphrase.of('other'))).toBe(false);
  });
});
