import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseFrequency } from './frequency.js';
import { loadConfig } from './load.js';
import { makeConfigSchema } from './schema.js';

const DAY = 86_400_000;

describe('parseFrequency', () => {
  it.each([
    ['always', { kind: 'always' }],
    ['never', { kind: 'never' }],
    [' Never ', { kind: 'never' }],
    ['daily', { kind: 'every', ms: DAY }],
    ['weekly', { kind: 'every', ms: 7 * DAY }],
    ['1 day', { kind: 'every', ms: DAY }],
    ['1 week', { kind: 'every', ms: 7 * DAY }],
    ['2 weeks', { kind: 'every', ms: 14 * DAY }],
    ['12h', { kind: 'every', ms: DAY / 2 }],
    ['12 hours', { kind: 'every', ms: DAY / 2 }],
    ['3d', { kind: 'every', ms: 3 * DAY }],
    ['30 min', { kind: 'every', ms: 1_800_000 }],
    ['1 Month', { kind: 'every', ms: 30 * DAY }],
    ['2 years', { kind: 'every', ms: 730 * DAY }],
  ])('%j', (text, expected) => expect(parseFrequency(text)).toEqual(expected));

  it.each(['', 'sometimes', '0 days', '2', 'weeks', '2 fortnights', '-1 day', '1.5 days', '2 s'])(
    'rejects %j',
    (text) => expect(parseFrequency(text)).toBeNull(),
  );
});

describe('checks[].frequency in the config schema', () => {
  const schema = makeConfigSchema('/base');

  it('keeps the text and defaults to 2 weeks', () => {
    const c = schema.parse({ checks: [{ kind: 'data' }, { kind: 'spot', frequency: '12h' }] });
    expect(c.checks.map((x) => x.frequency)).toEqual(['2 weeks', '12h']);
  });

  it.each(['fortnightly', '1.5 days', ''])('refuses %j with the accepted forms', (frequency) => {
    const res = schema.safeParse({ checks: [{ kind: 'data', frequency }] });
    expect(res.success).toBe(false);
    expect(res.error?.issues[0]).toMatchObject({
      path: ['checks', 0, 'frequency'],
      message: `'${frequency}' is not a frequency; write 'always', 'never', 'daily', '12h', '2 weeks' or '1 month'`,
    });
  });

  describe('at load', () => {
    const dirs: string[] = [];
    afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

    it('a bad frequency in config.yaml is config-invalid (exit 2) naming the file and key', async () => {
      const home = mkdtempSync(join(tmpdir(), 'bb-freq-'));
      dirs.push(home);
      const file = join(home, 'borgboi.yaml');
      writeFileSync(file, 'checks:\n  - kind: repository\n    frequency: every tuesday\n');
      const load = loadConfig({
        env: { BORGBOI_HOME: home },
        cwd: home,
        platform: 'linux',
        explicitFile: file,
      });
      await expect(load).rejects.toMatchObject({
        code: 'config-invalid',
        exitCode: 2,
        message: expect.stringContaining(
          `${file}: checks.0.frequency: 'every tuesday' is not a frequency`,
        ),
      });
    });
  });
});
