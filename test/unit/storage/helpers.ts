import { existsSync, lstatSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { makeConfigSchema, type Config } from '../../../src/config/schema.js';
import { ValidationError } from '../../../src/core/errors.js';
import type { Repository } from '../../../src/core/models/index.js';
import { createLocalStore } from '../../../src/storage/index.js';
import type { LocalStore, StoreEnv } from '../../../src/storage/types.js';

export const HOST = 'host-a';

/** Minimal stand-in for the Validator's exclusionPattern (the real one lives in src/core). */
export function testValidatePattern(p: string): string {
  if (p.trim() === '') throw new ValidationError(['pattern is empty']);
  if (/^[a-z]{2}:/.test(p) && !/^(fm|sh|re|pp|pf):/.test(p)) {
    throw new ValidationError([`unknown pattern style in ${JSON.stringify(p)}`]);
  }
  return p;
}

export function testConfig(baseDir: string, borg: Partial<Config['borg']> = {}): Config {
  const config = makeConfigSchema(baseDir).parse({});
  return { ...config, borg: { ...config.borg, ...borg } };
}

export function storeEnv(home: string, over: Partial<StoreEnv> = {}): StoreEnv {
  const baseDir = join(home, '.borgboi');
  return {
    baseDir,
    config: testConfig(baseDir),
    env: {},
    hostname: HOST,
    uid: process.getuid?.() ?? 0,
    validatePattern: testValidatePattern,
    lockWaitMs: 2_000,
    lockStaleMs: 2_000,
    ...over,
  };
}

export function makeStore(home: string, over: Partial<StoreEnv> = {}): LocalStore {
  return createLocalStore(storeEnv(home, over));
}

export function repo(name: string, over: Partial<Repository> = {}): Repository {
  return {
    name,
    path: `/srv/borg/${name}`,
    backup_target: `/home/${name}`,
    hostname: HOST,
    os_platform: 'Linux',
    created_at: '2024-01-01T00:00:00.000Z',
    last_backup: null,
    last_s3_sync: null,
    metadata: null,
    retention: null,
    passphrase: null,
    passphrase_file_path: null,
    passphrase_migrated: false,
    ...over,
  };
}

/** Every file under dir: relative path → mode + content (dirs: mode only). */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const s = lstatSync(p);
      const key = relative(dir, p);
      if (s.isDirectory()) {
        out[key] = `dir ${s.mode & 0o777}`;
        walk(p);
      } else out[key] = `${s.mode & 0o777} ${readFileSync(p, 'base64')}`;
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

export const only = (snap: Record<string, string>, keep: (k: string) => boolean) =>
  Object.fromEntries(Object.entries(snap).filter(([k]) => keep(k)));
