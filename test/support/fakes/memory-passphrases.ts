import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../../../src/config/schema.js';
import type { Repository } from '../../../src/core/models/index.js';
import { Passphrase } from '../../../src/core/secret.js';
import type * as S from '../../../src/storage/types.js';

const generatePassphrase = (): string => randomBytes(32).toString('base64url');
const readTrimmed = async (file: string) => (await readFile(file, 'utf8')).trim();
const keyPath = (dir: string, name: string): string => join(dir, `${name}.key`);

type Found<S> = { passphrase: Passphrase; source: S } | null;

/** Key files as a map (name → passphrase) with spec §6's precedence for new and existing repos. */
export class MemoryPassphrases implements S.PassphraseService {
  readonly keys = new Map<string, string>();

  constructor(
    private readonly dir: string,
    private readonly env: Readonly<Record<string, string | undefined>>,
    private readonly config: Config,
  ) {}

  private async fromRequest(
    req: S.PassphraseRequest,
  ): Promise<Found<'cli' | 'passphrase-file-flag'>> {
    if (req.cliValue) return { passphrase: Passphrase.of(req.cliValue), source: 'cli' };
    if (req.passphraseFile) {
      return {
        passphrase: Passphrase.of(await readTrimmed(req.passphraseFile)),
        source: 'passphrase-file-flag',
      };
    }
    return null;
  }

  private fromKey(name: string): Found<'key-file'> {
    const v = this.keys.get(name);
    return v === undefined ? null : { passphrase: Passphrase.of(v), source: 'key-file' };
  }

  async resolveNew(name: string, req: S.PassphraseRequest) {
    const env = this.env.BORG_NEW_PASSPHRASE;
    const conf = this.config.borg.borg_new_passphrase;
    const found: Found<S.NewPassphraseSource> =
      (await this.fromRequest(req)) ??
      this.fromKey(name) ??
      (env ? { passphrase: Passphrase.of(env), source: 'env' } : null) ??
      (conf ? { passphrase: Passphrase.of(conf), source: 'config' } : null);
    return {
      ...(found ?? {
        passphrase: Passphrase.of(generatePassphrase()),
        source: 'generated' as const,
      }),
      warnings: [],
    };
  }

  async resolveExisting(repo: Repository, req: S.PassphraseRequest) {
    const found = (await this.fromRequest(req)) ?? this.fromKey(repo.name);
    if (found) return { ...found, warnings: [] };
    if (repo.passphrase && !repo.passphrase_migrated) {
      const file = await this.save(repo.name, Passphrase.of(repo.passphrase));
      const migratedRepo: Repository = {
        ...repo,
        passphrase_file_path: file,
        passphrase_migrated: true,
      };
      return {
        passphrase: Passphrase.of(repo.passphrase),
        source: 'legacy-db' as const,
        warnings: [],
        migratedRepo,
      };
    }
    const env = req.allowEnv ? this.env.BORG_PASSPHRASE : undefined;
    if (env) return { passphrase: Passphrase.of(env), source: 'env' as const, warnings: [] };
    const conf = this.config.borg.borg_passphrase;
    if (conf) return { passphrase: Passphrase.of(conf), source: 'config' as const, warnings: [] };
    return { passphrase: null, source: 'none' as const, warnings: [] };
  }

  async save(name: string, passphrase: Passphrase) {
    this.keys.set(name, passphrase.reveal());
    return this.keyFilePath(name);
  }

  keyFilePath(name: string) {
    return keyPath(this.dir, name);
  }

  async exists(name: string) {
    return this.keys.has(name);
  }

  async rename(oldName: string, newName: string) {
    const v = this.keys.get(oldName);
    if (v === undefined) return;
    this.keys.delete(oldName);
    this.keys.set(newName, v);
  }

  async remove(name: string) {
    return this.keys.delete(name);
  }
}
