import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/temp.js';

const DEMO = fileURLToPath(new URL('../../scripts/demo.sh', import.meta.url));
const tmp = useTempDirs();

describe('npm run demo (scripts/demo.sh)', () => {
  it('does the main job for real, echoes each command, compares the restore, cleans up', () => {
    const tmpdir = tmp('bb-demo-');
    const r = spawnSync('bash', [DEMO], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', TMPDIR: tmpdir },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    const commands = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('$ borgboi '))
      .map((l) => l.split(' ').slice(2, 4).join(' '));
    expect(commands).toEqual([
      'repo create',
      'exclusions add',
      'backup daily',
      'backup daily',
      'backup list',
      'backup diff',
      'backup list',
      'backup restore',
      'status',
    ]);
    expect(r.stdout.match(/^Daily backup of 'demo': success$/gm)).toHaveLength(2);
    expect(r.stdout).toMatch(/1 added, 1 removed, 1 modified/);
    expect(r.stdout).toMatch(/^identical: 5 files, 1 symlink$/m);
    expect(r.stdout).toMatch(/^demo\s+\S+\s+just now\s+never\s+success/m);
    expect(readdirSync(tmpdir)).toEqual([]);
  });
});
