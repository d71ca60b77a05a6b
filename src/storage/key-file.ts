import { constants, type Stats } from 'node:fs';
import { chmod, lstat, mkdir, open, readFile, stat } from 'node:fs/promises';
import { BorgboiError, ValidationError } from '../core/errors.js';
import { removeStaleTemps, writeFileAtomic } from './atomic-file.js';
import { withFileLock, type LockOptions } from './lock.js';
import { ioError, isErrnoCode } from './store-errors.js';

/**
 * Secure file access for passphrases. Our key files (`passphrases/{repo}.key`) must be regular
 * files of this uid inside a 0700 directory of this uid: wider modes are fixed (with a warning),
 * symlinks and foreign owners are refused. A user-named `--passphrase-file` is only read.
 */

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

function refused(file: string, why: string, hint: string): BorgboiError {
  return new BorgboiError('passphrase', `refusing to use ${file}: ${why}`, { hint });
}

function checkOwner(file: string, s: Stats, uid: number): void {
  if (s.uid !== uid) {
    throw refused(
      file,
      `it is owned by uid ${s.uid}, not by this user (uid ${uid})`,
      `if the file is yours, run 'chown ${uid} ${file}'; otherwise find out who created it`,
    );
  }
}

/**
 * Checks (or creates, mode 0700) the passphrase directory. Returns false when it is missing and
 * `create` is false.
 */
export async function checkKeyDir(
  dir: string,
  uid: number,
  warnings: string[],
  create: boolean,
): Promise<boolean> {
  let s: Stats;
  try {
    s = await lstat(dir);
  } catch (e) {
    if (!isErrnoCode(e, 'ENOENT')) throw ioError(`cannot inspect ${dir}`, e);
    if (!create) return false;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
    return true;
  }
  if (s.isSymbolicLink()) {
    throw refused(dir, 'it is a symlink', `replace it with a real directory (mode 0700)`);
  }
  if (!s.isDirectory()) throw refused(dir, 'it is not a directory', `move ${dir} aside`);
  checkOwner(dir, s, uid);
  if ((s.mode & 0o077) !== 0) {
    await chmod(dir, 0o700);
    warnings.push(`fixed permissions of ${dir} from ${octal(s.mode)} to 0700`);
  }
  return true;
}

/** Reads a key file (trimmed); null when it does not exist. */
export async function readKeyFile(
  file: string,
  uid: number,
  warnings: string[],
): Promise<string | null> {
  let fd;
  try {
    fd = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (e) {
    if (isErrnoCode(e, 'ENOENT')) return null;
    if (isErrnoCode(e, 'ELOOP')) {
      throw refused(
        file,
        'it is a symlink',
        'replace the link with the key file itself (mode 0600)',
      );
    }
    throw ioError(`cannot open ${file}`, e);
  }
  try {
    const s = await fd.stat();
    if (!s.isFile()) throw refused(file, 'it is not a regular file', `move ${file} aside`);
    checkOwner(file, s, uid);
    if ((s.mode & 0o077) !== 0) {
      await fd.chmod(0o600);
      warnings.push(`fixed permissions of ${file} from ${octal(s.mode)} to 0600`);
    }
    const value = (await fd.readFile('utf8')).trim();
    if (value === '') {
      throw new BorgboiError('passphrase', `key file ${file} is empty`, {
        hint: `write the passphrase into it or remove it`,
      });
    }
    return value;
  } finally {
    await fd.close();
  }
}

/** Writes a key file atomically (0600, no trailing newline) under its lock. */
export async function writeKeyFile(
  dir: string,
  file: string,
  value: string,
  uid: number,
  lock: LockOptions,
  warnings: string[],
): Promise<void> {
  await checkKeyDir(dir, uid, warnings, true);
  const write = async () => {
    await removeStaleTemps(file); // a killed writer's temp file holds a passphrase too
    await writeFileAtomic(file, value, { mode: 0o600 });
  };
  await withFileLock(file, lock, write).catch((e: unknown) => {
    if (e instanceof BorgboiError) throw e;
    throw ioError(`cannot write ${file}`, e);
  });
}

/**
 * Reads a user's `--passphrase-file` (symlinks followed: it is the user's choice). A file other
 * users can read is used with a warning, not chmod'ed: we do not own it.
 */
export async function readUserPassphraseFile(file: string, warnings: string[]): Promise<string> {
  let s: Stats;
  try {
    s = await stat(file);
  } catch (e) {
    throw new ValidationError(
      [
        `passphrase file ${file} ${isErrnoCode(e, 'ENOENT') ? 'does not exist' : 'is not readable'}`,
      ],
      'pass a readable file that holds the passphrase',
    );
  }
  if (!s.isFile()) {
    throw new ValidationError([`passphrase file ${file} is not a regular file`], 'pass a file');
  }
  if ((s.mode & 0o077) !== 0) {
    warnings.push(
      `${file} can be read by other users (mode ${octal(s.mode)}); run 'chmod 600 ${file}'`,
    );
  }
  const value = (await readFile(file, 'utf8')).trim();
  if (value === '') {
    throw new ValidationError([`passphrase file ${file} is empty`], 'write the passphrase into it');
  }
  return value;
}
