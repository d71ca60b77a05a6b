import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonSchema as recreateJson } from '../../src/cli/commands/backup/recreate.js';
import { jsonSchema as restoreJson } from '../../src/cli/commands/backup/restore.js';
import { jsonSchema as listJson } from '../../src/cli/commands/backup/list.js';
import { e2eHome, expectCode, type E2eHome } from '../support/e2e-home.js';

/** Dry runs show what they would do, against real borg, and change nothing. */
describe('backup restore / recreate --dry-run', () => {
  let h: E2eHome;
  let data: string;
  let archive: string;

  beforeAll(async () => {
    h = e2eHome();
    data = join(h.root, 'data');
    mkdirSync(join(data, 'docs'), { recursive: true });
    writeFileSync(join(data, 'docs', 'a.txt'), 'a');
    writeFileSync(join(data, 'big.iso'), 'iso');
    expectCode(
      await h.run(['repo', 'create', '-n', 'dr', '-p', join(h.root, 'repo'), '-b', data]),
      0,
    );
    expectCode(await h.run('backup run -n dr'), 0);
    archive = (await h.json(listJson, 'backup list -n dr')).archives[0]!.name;
  });
  afterAll(() => h.cleanup());

  it('restore --dry-run lists the paths it would restore and writes nothing', async () => {
    const target = join(h.root, 'restore');
    const r = await h.json(restoreJson, [
      'backup',
      'restore',
      '-n',
      'dr',
      '-a',
      archive,
      '--target',
      target,
      '--dry-run',
    ]);
    const rel = data.slice(1);
    expect(r.files).toEqual(expect.arrayContaining([`${rel}/docs/a.txt`, `${rel}/big.iso`]));
    expect(() => readdirSync(target)).toThrow(/ENOENT/);
    const text = expectCode(
      await h.run([
        'backup',
        'restore',
        '-n',
        'dr',
        '-a',
        archive,
        '--target',
        target,
        '--dry-run',
      ]),
      0,
    );
    expect(text.stdout).toMatch(/^Would restore archive .* \(\d+ paths\)\n/);
    expect(text.stdout).toContain(`  ${rel}/docs/a.txt\n`);
  });

  it('recreate --dry-run lists what it would drop and leaves the archive as it was', async () => {
    const r = await h.json(recreateJson, [
      'backup',
      'recreate',
      '-n',
      'dr',
      '-a',
      archive,
      '--exclude',
      '*.iso',
      '--dry-run',
    ]);
    expect(r.changes).toEqual([{ status: 'x', path: `${data.slice(1)}/big.iso` }]);
    const listing = await h.borg('dr', ['list', '--short', `${join(h.root, 'repo')}::${archive}`]);
    expect(listing.stdout).toContain('big.iso');
  });
});
