import { BorgboiError } from '../core/errors.js';

/** Errors of the local store, one constructor per failure so messages stay uniform. */

export function corruptIndexError(
  file: string,
  problem: string,
  backup: string | null,
  cause?: unknown,
): BorgboiError {
  const hint = backup
    ? `the last good copy is ${backup}; inspect both, then restore it with 'cp ${backup} ${file}'`
    : `no backup copy exists; move ${file} aside and re-register the repos ('borgboi repo import')`;
  return new BorgboiError('store-corrupt', `${file} is unreadable: ${problem}`, {
    hint,
    cause,
    details: { file, backup },
  });
}

export function newerVersionError(file: string, version: number, supported: number) {
  return new BorgboiError(
    'store-corrupt',
    `${file} has format version ${version}, newer than this borgboi understands (${supported})`,
    { hint: 'upgrade borgboi; the file was left untouched', details: { file, version } },
  );
}

export function lockedError(file: string, waitedMs: number): BorgboiError {
  return new BorgboiError(
    'store-locked',
    `${file} is locked by another borgboi process (waited ${Math.round(waitedMs / 1000)} s)`,
    {
      hint: `retry when it has finished; if no borgboi is running, remove the stale lock ${file}.lock`,
      details: { file },
    },
  );
}

export function alreadyExistsError(message: string, hint: string): BorgboiError {
  return new BorgboiError('already-exists', message, { hint });
}

export function ioError(what: string, cause: unknown): BorgboiError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new BorgboiError('io', `${what}: ${detail}`, {
    hint: 'check the permissions and free space of the borgboi base directory',
    cause,
  });
}

export function isErrnoCode(e: unknown, ...codes: string[]): boolean {
  return (
    typeof e === 'object' &&
    e !== null &&
    'code' in e &&
    codes.includes(String((e as { code: unknown }).code))
  );
}
