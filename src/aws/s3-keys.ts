import { BorgboiError } from '../core/errors.js';

/**
 * What a file of a borg 1.x repository is, for ordering and change detection:
 * - `segment`: `data/<n>/<m>`, immutable once written (same size ⇒ unchanged);
 * - `state`: index.N, hints.N, integrity.N, nonce: they describe the segments, so they go up
 *   after them;
 * - `config`: last, so a partial mirror is never a repository claiming segments it lacks;
 * - `other`: README and anything unknown, compared by content like `state`.
 */
export type RepoFileKind = 'segment' | 'state' | 'config' | 'other';

const SEGMENT = /^data\/\d+\/\d+$/;
const STATE = /^(?:(?:index|hints|integrity)\.\d+|nonce)$/;

export function classifyRepoFile(rel: string): RepoFileKind {
  if (SEGMENT.test(rel)) return 'segment';
  if (rel === 'config') return 'config';
  if (STATE.test(rel)) return 'state';
  return 'other';
}

/** Upload/download phase: segments and unknown files, then state files, then config. */
export function phaseOf(kind: RepoFileKind): 0 | 1 | 2 {
  if (kind === 'config') return 2;
  if (kind === 'state') return 1;
  return 0;
}

/** Temp files of an interrupted restore (never mirrored). */
export const PART_SUFFIX = '.bb-part';
/** Present in a restore target while a restore is incomplete; a re-run resumes into it. */
export const RESTORE_MARKER = '.borgboi-restore-incomplete';

const LOCK_FILE = /^lock\.(?:roster|exclusive)(?:$|[./])/;

/**
 * borg's lock files (lock.exclusive/, lock.roster and the temp dirs/files of taking them) and
 * our own temp files are never mirrored nor restored.
 */
export function isIgnoredRepoPath(rel: string): boolean {
  return LOCK_FILE.test(rel) || rel === RESTORE_MARKER || rel.endsWith(PART_SUFFIX);
}

/** `name` → `name/`: a listing or delete never touches a sibling such as `name2/`. */
export function prefixRoot(prefix: string): string {
  if (
    prefix === '' ||
    prefix.startsWith('/') ||
    prefix.endsWith('/') ||
    prefix.split('/').some((p) => p === '' || p === '.' || p === '..')
  )
    throw new BorgboiError('validation', `invalid S3 prefix '${prefix}'`, {
      hint: 'use the repository name: letters, digits, - and _ (no leading or trailing slash)',
    });
  return `${prefix}/`;
}

export function keyFor(prefix: string, rel: string): string {
  return `${prefixRoot(prefix)}${rel}`;
}

/**
 * Relative path of a key under `root`, or null when it is not a plain file path (an object
 * named like a folder, `..`, empty segments): such keys would escape or corrupt the target.
 */
export function relativeKey(root: string, key: string): string | null {
  if (!key.startsWith(root)) return null;
  const rel = key.slice(root.length);
  if (rel === '' || rel.endsWith('/') || rel.startsWith('/')) return null;
  if (rel.split('/').some((p) => p === '' || p === '.' || p === '..')) return null;
  return rel;
}

/** CopySource: bucket + per-segment encoded key (what AWS expects; fine on s3rver for repo keys). */
export function copySource(bucket: string, key: string): string {
  return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}
