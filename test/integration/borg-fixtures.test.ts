import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBorgRepo, hashTree, runBorg, writeDataTree } from '../support/borg-fixtures.js';
import { useTempDirs } from '../support/temp.js';

describe('createBorgRepo (real borg)', () => {
  const tmp = useTempDirs();

  it.each(['repokey', 'none'] as const)(
    'a %s repo backs up and restores a data tree byte for byte',
    async (encryption) => {
      const dir = tmp();
      const data = writeDataTree(join(dir, 'data'), { seed: 8, files: 10 });
      const repo = await createBorgRepo(dir, { encryption });
      expect(existsSync(join(repo.path, 'config'))).toBe(true);
      const created = await repo.createArchive('a1', data.root);
      expect(created.code).toBe(0);
      const list = await repo.borg(['list', '--short', repo.path]);
      expect(list.stdout.trim()).toBe('a1');
      const restored = join(dir, 'restored');
      expect((await repo.extract('a1', restored)).code).toBe(0);
      expect(await hashTree(restored)).toEqual(await hashTree(data.root));
      // borg's keys, cache and security records live in the temp dir, not in ~/.cache/borg.
      expect(readdirSync(join(repo.baseDir, '.config/borg/security'))).toHaveLength(1);
      expect(existsSync(join(repo.baseDir, '.cache/borg'))).toBe(true);
      expect(repo.passphrase === null).toBe(encryption === 'none');
    },
  );

  it('an encrypted repo refuses a wrong passphrase', async () => {
    const repo = await createBorgRepo(tmp(), { passphrase: 'right-passphrase-1' });
    expect((await repo.borg(['list', repo.path])).code).toBe(0);
    const wrong = await runBorg(['list', repo.path], {
      ...repo.env,
      BORG_PASSPHRASE: 'wrong-passphrase-2',
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/passphrase supplied in BORG_PASSPHRASE.*incorrect/);
  });

  it('reports a failing init clearly', async () => {
    const dir = tmp();
    await createBorgRepo(dir);
    await expect(createBorgRepo(dir)).rejects.toThrow(/borg init failed \(2\): .*already exists/s);
  });
});
