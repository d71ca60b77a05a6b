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
import { generatePassphrase } from '../../../src/storage/passphrases.js';
import { useTempDirs } from '../../support/temp.js';
import { makeStore, repo } from './helpers.js';

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
