import { randomBytes } from 'node:crypto';
import { lstat, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import { errorMessage, ValidationError } from '../core/errors.js';
import type { Repository } from '../core/models/index.js';
import { Passphrase } from '../core/secret.js';
import { fsyncDir } from './atomic-file.js';
import { checkKeyDir, readKeyFile, readUserPassphraseFile, writeKeyFile } from './key-file.js';
import { fileSafeName } from './layout.js';
import { withFileLock, type LockOptions } from './lock.js';
import { alreadyExistsError, ioError, isErrnoCode } from './store-errors.js';
import type {
  ExistingPassphraseSource,
  NewPassphraseSource,
  PassphraseRequest,
  PassphraseService,
  ResolvedPassphrase,
} from './types.js';

export interface PassphraseServiceOptions {
  /** `<base>/passphrases`. */
  dir: string;
  uid: number;
  env: Readonly<Record<string, string | undefined>>;
  config: Config;
  lock: LockOptions;
}

/** 32 random bytes, URL-safe base64 without padding: 43 characters of A–Z a–z 0–9 - _. */
export function generatePassphrase(random: (n: number) => Buffer = randomBytes): Passphrase {
  return Passphrase.of(random(32).toString('base64url'));
}

const present = (v: string | null | undefined): v is string =>
  v !== undefined && v !== null && v !== '';

type Flagged = { passphrase: Passphrase; source: 'cli' | 'passphrase-file-flag' };
type Existing = ResolvedPassphrase<ExistingPassphraseSource> & { migratedRepo?: Repository };

/** Spec §6 passphrase precedence and the key files `passphrases/{repo}.key`. */
export class FilePassphraseService implements PassphraseService {
  private readonly opts: PassphraseServiceOptions;

  constructor(opts: PassphraseServiceOptions) {
    this.opts = opts;
  }

  keyFilePath(name: string): string {
    return join(this.opts.dir, `${fileSafeName(name)}.key`);
  }

  /** --passphrase > --passphrase-file > key file > BORG_NEW_PASSPHRASE > config > generated. */
  async resolveNew(
    name: string,
    req: PassphraseRequest,
  ): Promise<ResolvedPassphrase<NewPassphraseSource> & { passphrase: Passphrase }> {
    const warnings: string[] = [];
    const flagged = await this.fromFlags(req, warnings);
    if (flagged) return { ...flagged, warnings };
    const key = await this.readKey(name, warnings);
    if (key) return { passphrase: key, source: 'key-file', warnings };
    const env = this.opts.env.BORG_NEW_PASSPHRASE;
    if (present(env)) return { passphrase: Passphrase.of(env), source: 'env', warnings };
    const cfg = this.opts.config.borg.borg_new_passphrase;
    if (present(cfg)) return { passphrase: Passphrase.of(cfg), source: 'config', warnings };
    return { passphrase: generatePassphrase(), source: 'generated', warnings };
  }

  /**
   * --passphrase > --passphrase-file > key file > legacy DB value (moved to the key file) >
   * BORG_PASSPHRASE (only with allowEnv) > config > none.
   */
  async resolveExisting(repo: Repository, req: PassphraseRequest): Promise<Existing> {
    const warnings: string[] = [];
    const flagged = await this.fromFlags(req, warnings);
    if (flagged) return { ...flagged, warnings };
    const key = await this.readKey(repo.name, warnings);
    if (key) return this.fromKeyFile(repo, key, warnings);
    if (present(repo.passphrase)) return this.migrateLegacy(repo, repo.passphrase, warnings);
    const env = this.opts.env.BORG_PASSPHRASE;
    if (req.allowEnv && present(env)) {
      return { passphrase: Passphrase.of(env), source: 'env', warnings };
    }
    const cfg = this.opts.config.borg.borg_passphrase;
    if (present(cfg)) return { passphrase: Passphrase.of(cfg), source: 'config', warnings };
    return { passphrase: null, source: 'none', warnings };
  }

  async save(name: string, passphrase: Passphrase): Promise<string> {
    const value = passphrase.reveal();
    if (value === '' || value !== value.trim() || /[\r\n\0]/.test(value)) {
      throw new ValidationError(
        [
          'a passphrase cannot be empty, hold a line break or start/end with whitespace (the key file is read trimmed)',
        ],
        'choose a passphrase without leading or trailing spaces',
      );
    }
    const file = this.keyFilePath(name);
    await writeKeyFile(this.opts.dir, file, value, this.opts.uid, this.opts.lock, []);
    return file;
  }

  async exists(name: string): Promise<boolean> {
    return lstat(this.keyFilePath(name)).then(
      () => true,
      () => false,
    );
  }

  async rename(oldName: string, newName: string): Promise<void> {
    const from = this.keyFilePath(oldName);
    const to = this.keyFilePath(newName);
    if (!(await this.exists(oldName)) || from === to) return;
    await checkKeyDir(this.opts.dir, this.opts.uid, [], false);
    await withFileLock(to, this.opts.lock, async () => {
      if (await this.exists(newName)) {
        throw alreadyExistsError(
          `a key file for '${newName}' already exists (${to})`,
          'remove it first if it belongs to no repository',
        );
      }
      await rename(from, to).catch((e: unknown) => {
        throw ioError(`cannot rename ${from}`, e);
      });
      await fsyncDir(this.opts.dir);
    });
  }

  async remove(name: string): Promise<boolean> {
    try {
      await unlink(this.keyFilePath(name));
      return true;
    } catch (e) {
      if (isErrnoCode(e, 'ENOENT')) return false;
      throw ioError(`cannot remove ${this.keyFilePath(name)}`, e);
    }
  }

  private async fromFlags(req: PassphraseRequest, warnings: string[]): Promise<Flagged | null> {
    if (req.cliValue !== undefined) {
      if (req.cliValue === '') {
        throw new ValidationError(
          ['--passphrase is empty'],
          'pass a value or use --passphrase-file',
        );
      }
      return { passphrase: Passphrase.of(req.cliValue), source: 'cli' };
    }
    if (req.passphraseFile !== undefined) {
      const value = await readUserPassphraseFile(req.passphraseFile, warnings);
      return { passphrase: Passphrase.of(value), source: 'passphrase-file-flag' };
    }
    return null;
  }

  private async readKey(name: string, warnings: string[]): Promise<Passphrase | null> {
    if (!(await checkKeyDir(this.opts.dir, this.opts.uid, warnings, false))) return null;
    const value = await readKeyFile(this.keyFilePath(name), this.opts.uid, warnings);
    return value === null ? null : Passphrase.of(value);
  }

  /** The key file wins; a legacy copy equal to it is dropped from the record (not needed). */
  private fromKeyFile(repo: Repository, key: Passphrase, warnings: string[]): Existing {
    const result: Existing = { passphrase: key, source: 'key-file', warnings };
    if (present(repo.passphrase)) {
      if (key.equals(Passphrase.of(repo.passphrase))) {
        result.migratedRepo = this.migrated(repo);
      } else {
        warnings.push(
          `the passphrase stored in the metadata of '${repo.name}' differs from ${this.keyFilePath(repo.name)}; using the key file`,
        );
      }
    }
    return result;
  }

  /** Moves a Python DB-stored passphrase into the key file (verified by reading it back). */
  private async migrateLegacy(repo: Repository, value: string, warnings: string[]) {
    const passphrase = Passphrase.of(value);
    const result: Existing = { passphrase, source: 'legacy-db', warnings };
    try {
      const file = await this.save(repo.name, passphrase);
      const back = await readKeyFile(file, this.opts.uid, warnings);
      if (back === null || !passphrase.equals(Passphrase.of(back))) {
        await this.remove(repo.name);
        throw new Error('the key file did not read back the same value');
      }
      result.migratedRepo = this.migrated(repo);
      warnings.push(`moved the stored passphrase of '${repo.name}' to ${file} (mode 0600)`);
    } catch (e) {
      warnings.push(
        `could not move the stored passphrase of '${repo.name}' to a key file (${errorMessage(e)}); used it from the metadata`,
      );
    }
    return result;
  }

  private migrated(repo: Repository): Repository {
    return {
      ...repo,
      passphrase: null,
      passphrase_file_path: this.keyFilePath(repo.name),
      passphrase_migrated: true,
    };
  }
}
