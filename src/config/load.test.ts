import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../test/support/temp.js';
import { BorgboiError } from '../core/errors.js';
import { inspectConfig, loadConfig, type LoadConfigInput } from './load.js';
import { resolveHome } from './paths.js';

const tmp = useTempDirs();

/** A temp BORGBOI_HOME (optionally with <base>/config.yaml) and a temp cwd outside it. */
function setup(configYaml?: string) {
  const home = tmp('bb-home-');
  const cwd = tmp('bb-cwd-');
  if (configYaml !== undefined) {
    mkdirSync(join(home, '.borgboi'));
    writeFileSync(join(home, '.borgboi', 'config.yaml'), configYaml);
  }
  const input = (over: Partial<LoadConfigInput> = {}, env: Record<string, string> = {}) => ({
    env: { BORGBOI_HOME: home, ...env },
    cwd,
    platform: 'linux' as const,
    ...over,
  });
  return { home, cwd, input };
}

async function loadError(input: LoadConfigInput): Promise<BorgboiError> {
  const err = await loadConfig(input).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BorgboiError);
  expect((err as BorgboiError).exitCode).toBe(2);
  return err as BorgboiError;
}

describe('config precedence: defaults < file < env < flag', () => {
  it('uses the defaults when nothing is set (offline by default)', async () => {
    const { home, input } = setup();
    const c = await loadConfig(input());
    expect(c.file).toBeNull();
    expect(c.config.offline).toBe(true);
    expect(c.config.borg.compression).toBe('zstd,6');
    expect(c.config.borg.default_repo_path).toBe(join(home, '.borgboi', 'repositories'));
    expect(new Set(Object.values(c.sources))).toEqual(new Set(['default']));
    expect(c.warnings).toEqual([]);
  });

  it('the file beats the defaults', async () => {
    const { home, input } = setup('offline: false\nborg:\n  compression: lz4\n');
    const c = await loadConfig(input());
    expect(c.file).toBe(join(home, '.borgboi', 'config.yaml'));
    expect(c.config).toMatchObject({ offline: false, borg: { compression: 'lz4' } });
    expect(c.sources).toMatchObject({
      offline: 'file',
      'borg.compression': 'file',
      'aws.region': 'default',
    });
  });

  it('env beats the file, nested with __ and case-insensitive', async () => {
    const { input } = setup('borg:\n  compression: lz4\n  retention:\n    keep_daily: 3\n');
    const c = await loadConfig(
      input({}, { BORGBOI_BORG__COMPRESSION: 'zstd,3', borgboi_borg__retention__keep_daily: '14' }),
    );
    expect(c.config.borg.compression).toBe('zstd,3');
    expect(c.config.borg.retention).toEqual({
      keep_daily: 14,
      keep_weekly: 4,
      keep_monthly: 6,
      keep_yearly: 0,
    });
    expect(c.sources['borg.retention.keep_daily']).toBe('env');
    expect(c.envNames).toMatchObject({
      'borg.compression': 'BORGBOI_BORG__COMPRESSION',
      'borg.retention.keep_daily': 'borgboi_borg__retention__keep_daily',
    });
  });

  it.each([
    [true, { BORGBOI_OFFLINE: 'false' }, 'offline: false\n'],
    [false, { BORGBOI_OFFLINE: 'true' }, 'offline: true\n'],
  ])('the --offline/--online flag (%s) beats env and file', async (flag, env, yaml) => {
    const { input } = setup(yaml);
    const c = await loadConfig(input({ offlineFlag: flag }, env));
    expect(c.config.offline).toBe(flag);
    expect(c.sources.offline).toBe('flag');
  });

  it('parses JSON for list keys from env', async () => {
    const { input } = setup();
    const c = await loadConfig(
      input({}, { BORGBOI_CHECKS: '[{"kind":"data","frequency":"1 month"}]' }),
    );
    expect(c.config.checks).toEqual([
      { kind: 'data', frequency: '1 month', sample_size: 50, tolerance: 0 },
    ]);
  });
});

describe('which file', () => {
  it('--config FILE (relative to cwd) beats <base>/config.yaml', async () => {
    const { cwd, input } = setup('borg:\n  compression: lz4\n');
    writeFileSync(join(cwd, 'alt.yaml'), 'borg:\n  compression: none\n');
    const c = await loadConfig(input({ explicitFile: 'alt.yaml' }));
    expect(c.file).toBe(join(cwd, 'alt.yaml'));
    expect(c.config.borg.compression).toBe('none');
  });

  it('a missing --config file is an error naming it', async () => {
    const { cwd, input } = setup();
    const err = await loadError(input({ explicitFile: 'nope.yaml' }));
    expect(err.message).toBe(`config file ${join(cwd, 'nope.yaml')} does not exist`);
    expect(err.hint).toMatch(/borgboi config init/);
  });

  it('finds a borgboi rc file above the working directory (cosmiconfig)', async () => {
    const { cwd, input } = setup();
    writeFileSync(join(cwd, '.borgboirc.yaml'), 'borg:\n  compression: lzma,3\n');
    const deeper = join(cwd, 'a', 'b');
    mkdirSync(deeper, { recursive: true });
    const c = await loadConfig(input({ cwd: deeper }));
    expect(c.file).toBe(join(cwd, '.borgboirc.yaml'));
    expect(c.config.borg.compression).toBe('lzma,3');
    expect(c.sources['borg.compression']).toBe('file');
  });

  it('<base>/config.yaml beats an rc file', async () => {
    const { home, cwd, input } = setup('borg:\n  compression: lz4\n');
    writeFileSync(join(cwd, '.borgboirc'), 'borg:\n  compression: none\n');
    const c = await loadConfig(input());
    expect(c.file).toBe(join(home, '.borgboi', 'config.yaml'));
    expect(c.config.borg.compression).toBe('lz4');
  });

  it.each([
    ['', {}],
    ['# only a comment\n', {}],
  ])('an empty file (%j) counts as no keys', async (yaml) => {
    const { input } = setup(yaml);
    expect((await loadConfig(input())).config.borg.compression).toBe('zstd,6');
  });

  it.each([
    ['aws: [unclosed\n  x: : y', /is not valid YAML \(line \d+\)/],
    ['- just\n- a list\n', /must hold a mapping of keys/],
    ['a: 1\na: 2\n', /is not valid YAML/],
  ])('a malformed file is one clear error: %j', async (yaml, message) => {
    const { input } = setup(yaml);
    expect((await loadError(input())).message).toMatch(message);
  });
});

describe('base directory (BORGBOI_HOME, SUDO_USER, HOME)', () => {
  const exists = (dirs: string[]) => (p: string) => dirs.includes(p);
  it.each([
    [{ BORGBOI_HOME: '/bb', SUDO_USER: 'alice', HOME: '/root' }, 'linux', ['/home/alice'], '/bb'],
    [{ SUDO_USER: 'alice', HOME: '/root' }, 'linux', ['/home/alice'], '/home/alice'],
    [{ SUDO_USER: 'alice', HOME: '/root' }, 'darwin', ['/Users/alice'], '/Users/alice'],
    [{ SUDO_USER: 'ghost', HOME: '/root' }, 'linux', [], '/root'],
    [{ HOME: '/home/bob' }, 'linux', [], '/home/bob'],
  ] as const)('%j on %s → %s', (env, platform, dirs, home) => {
    expect(resolveHome(env, platform, exists([...dirs]))).toBe(home);
  });

  it('the config file is looked up under the resolved base', async () => {
    const { home, cwd } = setup('borg:\n  compression: lz4\n');
    const c = await loadConfig({ env: { HOME: home }, cwd, platform: 'linux' });
    expect(c.paths.baseDir).toBe(join(home, '.borgboi'));
    expect(c.config.borg.compression).toBe('lz4');
  });
});

describe('env values', () => {
  const TRUE = ['1', 'true', 'TRUE', 't', 'yes', 'Y', 'on', ' On '];
  const FALSE = ['0', 'false', 'False', 'f', 'no', 'N', 'off'];
  it.each([...TRUE.map((v) => [v, true] as const), ...FALSE.map((v) => [v, false] as const)])(
    'BORGBOI_OFFLINE=%j is %s',
    async (value, expected) => {
      const { input } = setup();
      expect((await loadConfig(input({}, { BORGBOI_OFFLINE: value }))).config.offline).toBe(
        expected,
      );
    },
  );

  it.each([
    [
      { BORGBOI_OFFLINE: 'maybe' },
      /^environment variable BORGBOI_OFFLINE=maybe is not a boolean \(true\/false, 1\/0, yes\/no, on\/off\)$/,
    ],
    [{ BORGBOI_DEBUG: '' }, /BORGBOI_DEBUG= is not a boolean/],
    [{ BORGBOI_BORG__LOCK_WAIT: 'ten' }, /BORGBOI_BORG__LOCK_WAIT=ten is not a number/],
    [{ BORGBOI_CHECKS: '[oops' }, /BORGBOI_CHECKS=\[oops is not valid JSON/],
    [
      { BORGBOI_BORG__LOCK_WAIT: '-1' },
      /^environment variable BORGBOI_BORG__LOCK_WAIT: borg.lock_wait: Too small/,
    ],
  ])('rejects %j', async (env, message) => {
    const { input } = setup();
    expect((await loadError(input({}, env))).message).toMatch(message);
  });

  it('warns about unknown keys in the file and unknown BORGBOI_ variables, and ignores them', async () => {
    const { home, input } = setup('colour: blue\nborg:\n  bogus: 1\n  compression: lz4\n');
    const c = await loadConfig(input({}, { BORGBOI_NOPE: '1', BORGBOI_HOME: home }));
    const file = join(home, '.borgboi', 'config.yaml');
    expect(c.warnings).toEqual([
      `unknown key 'colour' in ${file} is ignored`,
      `unknown key 'borg.bogus' in ${file} is ignored`,
      'environment variable BORGBOI_NOPE names no config key and is ignored',
    ]);
    expect(c.config.borg.compression).toBe('lz4');
  });
});

describe('every problem at once', () => {
  it('loadConfig names all of them; inspectConfig returns them with the rest still loaded', async () => {
    const { input } = setup(
      'borg:\n  lock_wait: -5\n  compression: lz4\nlogging:\n  level: loud\n',
    );
    const env = { BORGBOI_OFFLINE: 'maybe', BORGBOI_UI__SHOW_PROGRESS: 'sure' };
    const err = await loadError(input({}, env));
    expect(err.message).toMatch(
      /BORGBOI_OFFLINE=maybe.*; .*BORGBOI_UI__SHOW_PROGRESS=sure.*; .*borg.lock_wait.*; .*logging.level/,
    );
    expect(err.hint).toMatch(/borgboi config validate/);

    const { loaded, errors } = await inspectConfig(input({}, env));
    expect(errors.map((e) => e.details?.key)).toEqual([
      'offline',
      'ui.show_progress',
      'borg.lock_wait',
      'logging.level',
    ]);
    expect(loaded?.config.borg).toMatchObject({ compression: 'lz4', lock_wait: 10 });
  });
});
