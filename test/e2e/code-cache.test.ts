import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBorgboi } from '../support/cli.js';
import { useTempDirs } from '../support/temp.js';

const tmp = useTempDirs();

// The launcher keeps V8's code cache in $XDG_CACHE_HOME/borgboi or ~/.cache/borgboi
// (src/bin/code-cache.ts). Whatever state that cache is in, the CLI behaves the same.
describe('the code cache of the built CLI', () => {
  it('is written by a first run, used by the next, and a corrupt one changes nothing', async () => {
    const home = tmp('bb-cc-home-');
    const env = { HOME: home, BORGBOI_HOME: home, BORGBOI_CODE_CACHE: undefined };
    const first = await runBorgboi(['--help'], { env });
    expect(first.code).toBe(0);
    const dir = join(home, '.cache', 'borgboi');
    const files = readdirSync(dir).filter((f) => f.startsWith('code-'));
    expect(files).toHaveLength(1);

    const second = await runBorgboi(['--help'], { env });
    expect(second).toEqual(first);

    const file = join(dir, files[0]!);
    const good = readFileSync(file);
    writeFileSync(file, Buffer.concat([good.subarray(0, good.length / 2), Buffer.alloc(99, 1)]));
    const third = await runBorgboi(['--help'], { env });
    expect(third).toEqual(first);
    expect(readFileSync(file).equals(good)).toBe(false);
    expect(readFileSync(file).length).toBeGreaterThan(1000); // rewritten whole
  });

  it('is not needed: an unwritable cache dir prints nothing and changes nothing', async () => {
    const home = tmp('bb-cc-ro-');
    writeFileSync(join(home, 'not-a-dir'), '');
    const env = {
      HOME: home,
      BORGBOI_HOME: home,
      BORGBOI_CODE_CACHE: join(home, 'not-a-dir', 'borgboi'),
    };
    const r = await runBorgboi(['repo', 'list', '--json'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ repos: [], source: 'local' });
  });
});
