import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BorgboiError } from '../../../src/core/errors.js';
import { storeLayout } from '../../../src/storage/layout.js';
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
