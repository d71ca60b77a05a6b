import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBorgboi } from '../support/cli.js';
import { useTempDirs } from '../support/temp.js';

describe('borgboi CLI frame (built binary)', () => {
  const tmp = useTempDirs();

  it('--version prints borgboi and borg versions', async () => {
    const home = tmp();
    const r = await runBorgboi(['--version'], { env: { BORGBOI_HOME: home } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^borgboi \d+\.\d+\.\d+\nborg 1\.\d+\.\d+\n$/);
  });

  it('version --json is one JSON document', async () => {
    const r = await runBorgboi(['version', '--json'], { env: { BORGBOI_HOME: tmp() } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      borgboi: expect.any(String),
      borg: expect.stringMatching(/^1\./),
    });
  });

  it('--help lists the groups with descriptions', async () => {
    const r = await runBorgboi(['--help'], { env: { BORGBOI_HOME: tmp() } });
    expect(r.code).toBe(0);
    for (const g of ['repo', 'backup', 's3', 'exclusions', 'config', 'version']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${g}\\s+\\S`, 'm'));
    }
  });

  const bad: Array<{
    name: string;
    args: string[];
    env?: Record<string, string>;
    file?: string;
    message: RegExp;
  }> = [
    { name: 'unknown command', args: ['frobnicate'], message: /unknown command 'frobnicate'/ },
    { name: 'unknown flag', args: ['version', '--bogus'], message: /unknown option '--bogus'/ },
    { name: 'bad log format', args: ['--log-format', 'xml', 'version'], message: /--log-format/ },
    {
      name: 'invalid env boolean',
      args: ['version'],
      env: { BORGBOI_OFFLINE: 'maybe', BORGBOI_BORG__EXECUTABLE_PATH: 'borg' },
      message: /BORGBOI_OFFLINE=maybe is not a boolean/,
    },
    {
      name: 'malformed YAML',
      args: ['version'],
      file: 'aws: [unclosed\n  x: : y',
      message: /not valid YAML/,
    },
  ];

  it.each(bad)(
    'bad input: $name → one clear line, exit 2, nothing written',
    async ({ args, env, file, message }) => {
      const home = tmp();
      if (file) {
        mkdirSync(join(home, '.borgboi'));
        writeFileSync(join(home, '.borgboi', 'config.yaml'), file);
      }
      const before = readdirSync(home, { recursive: true }).sort();
      const r = await runBorgboi(args, { env: { BORGBOI_HOME: home, ...env } });
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(readdirSync(home, { recursive: true }).sort()).toEqual(before);
    },
  );
});
