import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDefaultSearchPlaces, globalConfigSearchPlaces } from 'cosmiconfig';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../test/support/temp.js';
import {
  RC_GLOBAL_PLACES,
  RC_META_PLACES,
  rcFileMayExist,
  rcSearchDirs,
  rcSearchPlaces,
} from './rc-search.js';

const tmp = useTempDirs();
const require = createRequire(import.meta.url);
const cosmiconfigDefaults = require('cosmiconfig/dist/defaults.js') as {
  metaSearchPlaces: string[];
};

describe('rc search places mirror cosmiconfig', () => {
  it('lists the same places as cosmiconfig does for borgboi', () => {
    expect(rcSearchPlaces()).toEqual(getDefaultSearchPlaces('borgboi'));
    expect(RC_GLOBAL_PLACES).toEqual(globalConfigSearchPlaces);
    expect(RC_META_PLACES).toEqual(cosmiconfigDefaults.metaSearchPlaces);
  });

  it('walks from cwd up to home, or to / when cwd is outside home', () => {
    expect(rcSearchDirs('/home/u/a/b', '/home/u')).toEqual(['/home/u/a/b', '/home/u/a', '/home/u']);
    expect(rcSearchDirs('/srv/x', '/home/u')).toEqual(['/srv/x', '/srv', '/']);
    expect(rcSearchDirs('/home/u', '/home/u')).toEqual(['/home/u']);
  });
});

describe('rcFileMayExist', () => {
  /** home/proj/sub as cwd, home as the user's home, an empty XDG config dir. */
  function tree() {
    const home = tmp('bb-rc-');
    const cwd = join(home, 'proj', 'sub');
    mkdirSync(cwd, { recursive: true });
    const xdg = join(home, 'xdg');
    const input = { cwd, home, env: { XDG_CONFIG_HOME: xdg }, platform: 'linux' as const };
    const put = (file: string, text = 'borg: {}\n') => {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    };
    return { home, cwd, xdg, input, put };
  }

  it('is false when no candidate exists, and for a package.json without a borgboi key', () => {
    const { home, input, put } = tree();
    expect(rcFileMayExist(input)).toBe(false);
    put(join(home, 'proj', 'package.json'), '{"name":"x"}');
    expect(rcFileMayExist(input)).toBe(false);
  });

  it.each([
    ['an rc file in cwd', (t: ReturnType<typeof tree>) => t.put(join(t.cwd, '.borgboirc'))],
    ['an rc file above cwd', (t: ReturnType<typeof tree>) => t.put(join(t.home, '.borgboirc.yml'))],
    [
      '.config/borgboirc.json',
      (t: ReturnType<typeof tree>) => t.put(join(t.cwd, '.config/borgboirc.json')),
    ],
    [
      'borgboi.config.mjs',
      (t: ReturnType<typeof tree>) => t.put(join(t.home, 'proj/borgboi.config.mjs')),
    ],
    [
      'package.json with a borgboi key',
      (t: ReturnType<typeof tree>) => t.put(join(t.home, 'proj/package.json'), '{"borgboi":{}}'),
    ],
    [
      'a package.json that does not parse',
      (t: ReturnType<typeof tree>) => t.put(join(t.cwd, 'package.json'), '{'),
    ],
    [
      'the global config dir',
      (t: ReturnType<typeof tree>) => t.put(join(t.xdg, 'borgboi/config.yaml')),
    ],
    [
      'a cosmiconfig meta config in cwd',
      (t: ReturnType<typeof tree>) => t.put(join(t.cwd, '.config/config.json'), '{}'),
    ],
  ])('is true with %s', (_what, make) => {
    const t = tree();
    make(t);
    expect(rcFileMayExist(t.input)).toBe(true);
  });

  it('uses ~/.config without XDG_CONFIG_HOME, and always searches where it does not mirror the dirs', () => {
    const t = tree();
    t.put(join(t.home, '.config/borgboi/config'));
    expect(rcFileMayExist({ ...t.input, env: {} })).toBe(true);
    expect(rcFileMayExist({ ...tree().input, platform: 'win32' })).toBe(true);
  });
});
