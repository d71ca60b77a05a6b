import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BorgboiError } from '../../../src/core/errors.js';
import { Passphrase } from '../../../src/core/secret.js';
import { storeLayout } from '../../../src/storage/layout.js';
import { generatePassphrase } from '../../../src/storage/passphrases.js';
import type { PassphraseRequest } from '../../../src/storage/types.js';
import { useTempDirs } from '../../support/temp.js';
import { makeStore, repo, testConfig } from './helpers.js';

const NEW_ORDER = [
  'cli',
  'passphrase-file-flag',
  'key-file',
  'env',
  'config',
  'generated',
] as const;
const EXISTING_ORDER = [
  'cli',
  'passphrase-file-flag',
  'key-file',
  'legacy-db',
  'env',
  'config',
  'none',
] as const;
type Source = (typeof NEW_ORDER)[number] | (typeof EXISTING_ORDER)[number];

const value = (s: Source) => `secret-from-${s}`;

/** A store where exactly the given sources hold a passphrase. */
function fixture(tmp: () => string, present: readonly Source[], opts: { newRepo: boolean }) {
  const home = tmp();
  const baseDir = join(home, '.borgboi');
  const layout = storeLayout(baseDir);
  const has = (s: Source) => present.includes(s);
  const userFile = join(home, 'user-pass.txt');
  writeFileSync(userFile, `${value('passphrase-file-flag')}\n`, { mode: 0o600 });
  if (has('key-file')) {
    mkdirSync(layout.passphrasesDir, { recursive: true, mode: 0o700 });
    writeFileSync(join(layout.passphrasesDir, 'r.key'), value('key-file'), { mode: 0o600 });
  }
  const envName = opts.newRepo ? 'BORG_NEW_PASSPHRASE' : 'BORG_PASSPHRASE';
  const key = opts.newRepo ? 'borg_new_passphrase' : 'borg_passphrase';
  const store = makeStore(home, {
    env: has('env') ? { [envName]: value('env') } : {},
    config: testConfig(baseDir, has('config') ? { [key]: value('config') } : {}),
  });
  const req: PassphraseRequest = {
    cliValue: has('cli') ? value('cli') : undefined,
    passphraseFile: has('passphrase-file-flag') ? userFile : undefined,
    allowEnv: true,
  };
  const record = repo('r', { passphrase: has('legacy-db') ? value('legacy-db') : null });
  return { home, layout, store, req, record, userFile };
}

describe('PassphraseService precedence (spec §6)', () => {
  const tmp = useTempDirs();

  it.each(NEW_ORDER.map((s, i) => [s, NEW_ORDER.slice(i)] as const))(
    'new repo: %s wins over everything below it',
    async (expected, present) => {
      const { store, req } = fixture(tmp, present, { newRepo: true });
      const r = await store.passphrases.resolveNew('r', req);
      expect(r.source).toBe(expected);
      if (expected === 'generated') expect(r.passphrase.reveal()).toMatch(/^[A-Za-z0-9_-]{43}$/);
      else expect(r.passphrase.reveal()).toBe(value(expected));
    },
  );

  it.each(EXISTING_ORDER.map((s, i) => [s, EXISTING_ORDER.slice(i)] as const))(
    'existing repo: %s wins over everything below it',
    async (expected, present) => {
      const { store, req, record } = fixture(tmp, present, { newRepo: false });
      const r = await store.passphrases.resolveExisting(record, req);
      expect(r.source).toBe(expected);
      expect(r.passphrase?.reveal() ?? null).toBe(expected === 'none' ? null : value(expected));
    },
  );

  it.each([
    ['without --passphrase-env BORG_PASSPHRASE is ignored', false, 'config'],
    ['with --passphrase-env it comes before the config', true, 'env'],
  ])('existing repo: %s', async (_w, allowEnv, expected) => {
    const { store, record } = fixture(tmp, ['env', 'config'], { newRepo: false });
    const r = await store.passphrases.resolveExisting(record, { allowEnv });
    expect(r.source).toBe(expected);
  });

  it('new repo ignores BORG_PASSPHRASE and existing repo ignores BORG_NEW_PASSPHRASE', async () => {
    const home = tmp();
    const store = makeStore(home, { env: { BORG_PASSPHRASE: 'x', BORG_NEW_PASSPHRASE: 'y' } });
    expect((await store.passphrases.resolveNew('r', {})).passphrase.reveal()).toBe('y');
    const existing = await store.passphrases.resolveExisting(repo('r'), { allowEnv: true });
    expect(existing.passphrase?.reveal()).toBe('x');
  });

  it.each([
    ['--passphrase ""', { cliValue: '' }],
    ['a missing --passphrase-file', { passphraseFile: '/nonexistent/pass' }],
  ])('%s is a ValidationError (exit 2)', async (_w, req) => {
    const store = makeStore(tmp());
    const err = await store.passphrases.resolveNew('r', req).catch((e: BorgboiError) => e);
    expect(err).toMatchObject({ code: 'validation', exitCode: 2 });
  });

  it('an empty --passphrase-file is refused', async () => {
    const home = tmp();
    writeFileSync(join(home, 'empty'), '\n');
    const store = makeStore(home);
    const err = await store.passphrases
      .resolveExisting(repo('r'), { passphraseFile: join(home, 'empty') })
      .catch((e: BorgboiError) => e);
    expect(err).toMatchObject({ code: 'validation' });
  });
});

describe('PassphraseService files', () => {
  const tmp = useTempDirs();

  it('save writes dir 0700 / file 0600 without a trailing newline; read back trimmed', async () => {
    const home = tmp();
    const store = makeStore(home);
    const file = await store.passphrases.save('r', Passphrase.of('p4ss'));
    expect(file).toBe(store.passphrases.keyFilePath('r'));
    expect(readFileSync(file, 'utf8')).toBe('p4ss');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, '.borgboi', 'passphrases')).mode & 0o777).toBe(0o700);
    writeFileSync(file, '  p4ss\n');
    const r = await store.passphrases.resolveExisting(repo('r'), {});
    expect(r).toMatchObject({ source: 'key-file', warnings: [] });
    expect(r.passphrase?.reveal()).toBe('p4ss');
  });

  it('save sweeps a temp key file a killed writer left behind (it holds a secret)', async () => {
    const home = tmp();
    const dir = join(home, '.borgboi', 'passphrases');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(join(dir, '.r.key.0123456789ab.tmp'), 'half-written', { mode: 0o600 });
    await makeStore(home).passphrases.save('r', Passphrase.of('pw'));
    expect(readdirSync(dir)).toEqual(['r.key']);
  });

  it.each([' lead', 'trail ', 'new\nline', ''])(
    'save refuses %j (it would not survive the trimmed read)',
    async (v) => {
      const store = makeStore(tmp());
      const err = await store.passphrases.save('r', Passphrase.of(v)).catch((e: BorgboiError) => e);
      expect(err).toMatchObject({ code: 'validation' });
      expect(await store.passphrases.exists('r')).toBe(false);
    },
  );

  it('generatePassphrase: 43 URL-safe chars from 32 random bytes, different each time', () => {
    const a = generatePassphrase().reveal();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generatePassphrase().reveal()).not.toBe(a);
    const fixed = generatePassphrase(() => Buffer.alloc(32, 0xff)).reveal();
    expect(fixed).toBe(Buffer.alloc(32, 0xff).toString('base64url'));
  });

  it('wider permissions of the key file and its dir are fixed, with a warning each', async () => {
    const home = tmp();
    const store = makeStore(home);
    const file = await store.passphrases.save('r', Passphrase.of('pw'));
    const dir = join(home, '.borgboi', 'passphrases');
    chmodSync(file, 0o644);
    chmodSync(dir, 0o755);
    const r = await store.passphrases.resolveExisting(repo('r'), {});
    expect(r.passphrase?.reveal()).toBe('pw');
    expect(r.warnings).toEqual([
      `fixed permissions of ${dir} from 0755 to 0700`,
      `fixed permissions of ${file} from 0644 to 0600`,
    ]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('a --passphrase-file others can read is used with a warning and not chmod’ed', async () => {
    const home = tmp();
    const file = join(home, 'mine.txt');
    writeFileSync(file, 'pw');
    chmodSync(file, 0o644);
    const r = await makeStore(home).passphrases.resolveNew('r', { passphraseFile: file });
    expect(r.passphrase.reveal()).toBe('pw');
    expect(r.warnings).toEqual([
      `${file} can be read by other users (mode 0644); run 'chmod 600 ${file}'`,
    ]);
    expect(statSync(file).mode & 0o777).toBe(0o644);
  });

  type Damage = (home: string, keyFile: string, dir: string) => void;
  const refusals: [string, Damage, RegExp][] = [
    [
      'a key file that is a symlink',
      (home, keyFile) => {
        writeFileSync(join(home, 'elsewhere'), 'pw', { mode: 0o600 });
        symlinkSync(join(home, 'elsewhere'), keyFile);
      },
      /is a symlink/,
    ],
    [
      'a key file owned by another user (chown nobody)',
      (_h, keyFile) => {
        writeFileSync(keyFile, 'pw', { mode: 0o600 });
        chownSync(keyFile, 65534, 65534);
      },
      /owned by uid 65534, not by this user/,
    ],
    [
      'a passphrases dir that is a symlink',
      (home, _k, dir) => {
        rmSync(dir, { recursive: true });
        mkdirSync(join(home, 'real'), { mode: 0o700 });
        symlinkSync(join(home, 'real'), dir);
      },
      /passphrases: it is a symlink/,
    ],
    [
      'a passphrases dir owned by another user',
      (_h, _k, dir) => chownSync(dir, 65534, 65534),
      /owned by uid 65534/,
    ],
    ['a key file that is a directory', (_h, keyFile) => mkdirSync(keyFile), /not a regular file/],
  ];

  it.each(refusals)('%s is refused with a clear error', async (_w, damage, msg) => {
    const home = tmp();
    const dir = join(home, '.borgboi', 'passphrases');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const keyFile = join(dir, 'r.key');
    damage(home, keyFile, dir);
    const store = makeStore(home);
    for (const call of [
      () => store.passphrases.resolveExisting(repo('r'), {}),
      () => store.passphrases.resolveNew('r', {}),
    ]) {
      const err = await call().catch((e: BorgboiError) => e);
      expect(err).toMatchObject({ code: 'passphrase', exitCode: 1 });
      expect((err as BorgboiError).message).toMatch(msg);
      expect((err as BorgboiError).hint).toBeTruthy();
      expect((err as BorgboiError).message).not.toContain('pw');
    }
  });

  it('ownership is checked against the injected uid', async () => {
    const home = tmp();
    await makeStore(home).passphrases.save('r', Passphrase.of('pw'));
    const other = makeStore(home, { uid: 4242 });
    const err = await other.passphrases.resolveExisting(repo('r'), {}).catch((e) => e);
    expect((err as BorgboiError).message).toMatch(/not by this user \(uid 4242\)/);
  });

  it('rename, exists and remove', async () => {
    const store = makeStore(tmp());
    await store.passphrases.save('a', Passphrase.of('pw'));
    await store.passphrases.save('c', Passphrase.of('other'));
    await store.passphrases.rename('a', 'b');
    expect(await store.passphrases.exists('a')).toBe(false);
    expect(readFileSync(store.passphrases.keyFilePath('b'), 'utf8')).toBe('pw');
    await store.passphrases.rename('missing', 'x');
    expect(await store.passphrases.exists('x')).toBe(false);
    const err = await store.passphrases.rename('b', 'c').catch((e: BorgboiError) => e);
    expect(err).toMatchObject({ code: 'already-exists' });
    expect(readFileSync(store.passphrases.keyFilePath('c'), 'utf8')).toBe('other');
    expect(await store.passphrases.remove('b')).toBe(true);
    expect(await store.passphrases.remove('b')).toBe(false);
  });
});

describe('PassphraseService legacy DB-stored passphrases', () => {
  const tmp = useTempDirs();

  it('moves the DB value to the key file and returns the record to save (value cleared)', async () => {
    const store = makeStore(tmp());
    const legacy = repo('r', { passphrase: 'from-python-db', passphrase_migrated: false });
    const r = await store.passphrases.resolveExisting(legacy, {});
    const keyFile = store.passphrases.keyFilePath('r');
    expect(r.source).toBe('legacy-db');
    expect(r.passphrase?.reveal()).toBe('from-python-db');
    expect(r.migratedRepo).toEqual({
      ...legacy,
      passphrase: null,
      passphrase_file_path: keyFile,
      passphrase_migrated: true,
    });
    expect(readFileSync(keyFile, 'utf8')).toBe('from-python-db');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(r.warnings.join('\n')).not.toContain('from-python-db');
    const again = await store.passphrases.resolveExisting(r.migratedRepo!, {});
    expect(again).toMatchObject({ source: 'key-file', warnings: [] });
    expect(again.migratedRepo).toBeUndefined();
  });

  it('a DB value equal to the key file is dropped from the record', async () => {
    const store = makeStore(tmp());
    await store.passphrases.save('r', Passphrase.of('same'));
    const r = await store.passphrases.resolveExisting(repo('r', { passphrase: 'same' }), {});
    expect(r.source).toBe('key-file');
    expect(r.migratedRepo).toMatchObject({ passphrase: null, passphrase_migrated: true });
  });

  it('a DB value different from the key file is kept, with a warning; the key file wins', async () => {
    const store = makeStore(tmp());
    await store.passphrases.save('r', Passphrase.of('file-value'));
    const r = await store.passphrases.resolveExisting(repo('r', { passphrase: 'db-value' }), {});
    expect(r.passphrase?.reveal()).toBe('file-value');
    expect(r.migratedRepo).toBeUndefined();
    expect(r.warnings).toEqual([
      expect.stringMatching(/differs from .*r\.key; using the key file/),
    ]);
    expect(r.warnings[0]).not.toMatch(/file-value|db-value/);
  });

  it('when the key file cannot be written the DB value is still used, with a warning', async () => {
    const store = makeStore(tmp());
    const r = await store.passphrases.resolveExisting(repo('r', { passphrase: ' spaced ' }), {});
    expect(r.source).toBe('legacy-db');
    expect(r.passphrase?.reveal()).toBe(' spaced ');
    expect(r.migratedRepo).toBeUndefined();
    expect(r.warnings).toEqual([expect.stringMatching(/could not move the stored passphrase/)]);
    expect(existsSync(store.passphrases.keyFilePath('r'))).toBe(false);
  });
});
