import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runBorgboi } from '../support/cli.js';
import { useTempDirs } from '../support/temp.js';

const tmp = useTempDirs();

describe('generated docs are up to date (CI catches drift)', () => {
  it.each(['commands', 'configuration'])('docs/%s.md equals `borgboi __docs %s`', async (kind) => {
    const r = await runBorgboi(['__docs', kind], { env: { BORGBOI_HOME: tmp() } });
    expect(r.code).toBe(0);
    const checkedIn = readFileSync(new URL(`../../docs/${kind}.md`, import.meta.url), 'utf8');
    expect(r.stdout, `docs/${kind}.md is out of date: run 'npm run docs' and commit it`).toBe(
      checkedIn,
    );
  });

  it('commands.md documents every visible verb of this build', async () => {
    const r = await runBorgboi(['__docs', 'commands'], { env: { BORGBOI_HOME: tmp() } });
    for (const verb of [
      'config show',
      'config validate',
      'config init',
      'schedule install',
      'completion',
    ]) {
      expect(r.stdout).toContain(`\`borgboi ${verb}\``);
    }
    expect(r.stdout).not.toMatch(/`borgboi __(complete|docs)`/);
  });

  it('an unknown kind is a usage error', async () => {
    const r = await runBorgboi(['__docs', 'manpage'], { env: { BORGBOI_HOME: tmp() } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /'manpage' is invalid for argument 'kind'. Allowed choices are commands, configuration/,
    );
  });
});
