import { readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { ValidationError } from './errors.js';
import { exclusionFileProblems, exclusionPatternProblems } from './validator-patterns.js';
import {
  archiveNameProblems,
  compressionProblems,
  quote,
  quotaProblems,
  repoNameProblems,
  retentionProblems,
} from './validator-rules.js';

/**
 * The Validator contract (spec: issue "Foundation" §4). Each method throws a ValidationError
 * (exit 2) whose message says what is wrong and what would be right, or returns the
 * normalised value. The Orchestrator receives a Validator by constructor.
 */
export interface RetentionInput {
  keep_daily: number;
  keep_weekly: number;
  keep_monthly: number;
  keep_yearly: number;
}

export interface Validator {
  /** `^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`. */
  repoName(name: string): string;
  /** borg's rules: not empty, no `/`, no `::`, no NUL/newline. */
  archiveName(name: string): string;
  /** Integers 0–10,000, not all zero. */
  retention(policy: RetentionInput): RetentionInput;
  compression(spec: string): string;
  /** `^\d+(\.\d+)?[KMGTP]?$` (case-insensitive), at least 10M; returns the upper-cased value. */
  quota(value: string): string;
  /** borg pattern styles fm:/sh:/re:/pp:/pf:, +/-/! prefixes; no empty line, no NUL. Returns it trimmed. */
  exclusionPattern(pattern: string): string;
  /** Every line of a pattern file (blank lines and `#` comments allowed); returns the lines trimmed. */
  exclusionFile(lines: readonly string[]): string[];
  /** Resolves against cwd; must be absolute after resolution. */
  absolutePath(path: string, cwd: string, what: string): string;
  /** Resolved path that must exist and be a directory. */
  existingDir(path: string, cwd: string, what: string): string;
  /** Resolved path that must not exist, or be an empty directory. */
  newRepoPath(path: string, cwd: string): string;
  /**
   * The backup source must exist and must not lie inside the repo. (A repo inside the source is
   * allowed: the backup workflow excludes the repo dir.)
   */
  backupTarget(target: string, repoPath: string, cwd: string): string;
}

/** The little the path rules need from the file system (tests pass a fake). */
export interface ValidatorFs {
  kind(path: string): 'dir' | 'file' | 'other' | null;
  isEmptyDir(path: string): boolean;
  /** Resolves symlinks of an existing path. */
  realpath(path: string): string;
}

export const nodeValidatorFs: ValidatorFs = {
  kind(path) {
    try {
      const st = statSync(path);
      return st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
    } catch {
      return null;
    }
  },
  isEmptyDir: (path) => readdirSync(path).length === 0,
  realpath: (path) => realpathSync.native(path),
};

function check<T>(value: T, problems: string[], hint?: string): T {
  if (problems.length > 0) throw new ValidationError(problems, hint);
  return value;
}

function resolvePath(path: string, cwd: string, what: string): string {
  if (path.trim() === '') throw new ValidationError([`${what} is empty; give a directory path`]);
  if (path.includes('\0'))
    throw new ValidationError([`${what} ${quote(path)} contains a NUL byte`]);
  // Records, logs, `--list` output and schedules are line-based: a path that breaks a line
  // would be misread by every one of them (and by the people reading them).
  if ([...path].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
    throw new ValidationError(
      [`${what} ${quote(path)} contains a line break or control character`],
      'rename the directory or choose a path without control characters',
    );
  }
  if (path.startsWith('~')) {
    throw new ValidationError(
      [`${what} ${quote(path)} starts with '~', which no shell expanded`],
      'write $HOME/… or an absolute path',
    );
  }
  if (!isAbsolute(cwd))
    throw new ValidationError([`working directory ${quote(cwd)} is not absolute`]);
  return resolve(cwd, path);
}

/** Real path of `p`, resolving symlinks of its deepest existing ancestor. */
function realish(fs: ValidatorFs, p: string): string {
  let existing = p;
  while (fs.kind(existing) === null && dirname(existing) !== existing) existing = dirname(existing);
  const base = fs.kind(existing) === null ? existing : fs.realpath(existing);
  return join(base, relative(existing, p));
}

const isInside = (child: string, parent: string) => {
  const rel = relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith('../') && !isAbsolute(rel));
};

function existingDir(fs: ValidatorFs, path: string, cwd: string, what: string): string {
  const abs = resolvePath(path, cwd, what);
  const kind = fs.kind(abs);
  if (kind === null) {
    throw new ValidationError([`${what} ${abs} does not exist`], 'create it or fix the path');
  }
  return check(
    abs,
    kind === 'dir' ? [] : [`${what} ${abs} is not a directory`],
    'give a directory',
  );
}

function newRepoPath(fs: ValidatorFs, path: string, cwd: string): string {
  const abs = resolvePath(path, cwd, 'repository path');
  const kind = fs.kind(abs);
  if (kind === null) {
    let parent = dirname(abs);
    while (fs.kind(parent) === null && dirname(parent) !== parent) parent = dirname(parent);
    const ok = fs.kind(parent) === 'dir';
    return check(
      abs,
      ok ? [] : [`repository path ${abs} lies under ${parent}, which is not a directory`],
      'choose another path',
    );
  }
  if (kind !== 'dir') {
    throw new ValidationError(
      [`repository path ${abs} exists and is not a directory`],
      'choose a new path',
    );
  }
  return check(
    abs,
    fs.isEmptyDir(abs) ? [] : [`repository path ${abs} already exists and is not empty`],
    "choose a new path, or register an existing borg repo with 'borgboi repo import'",
  );
}

function backupTarget(fs: ValidatorFs, target: string, repoPath: string, cwd: string): string {
  const abs = resolvePath(target, cwd, 'backup target');
  if (fs.kind(abs) === null) {
    throw new ValidationError([`backup target ${abs} does not exist`], 'create it or fix the path');
  }
  const repo = resolvePath(repoPath, cwd, 'repository path');
  const inside = isInside(realish(fs, abs), realish(fs, repo));
  return check(
    abs,
    inside ? [`backup target ${abs} lies inside the repository ${repo}`] : [],
    'back up a directory outside the repository',
  );
}

const PATTERN_HINT = "fix the pattern; 'borg help patterns' lists the styles and their syntax";

/** The production Validator; pass a fake `fs` to test the path rules. */
export function createValidator(fs: ValidatorFs = nodeValidatorFs): Validator {
  return {
    repoName: (name) => check(name, repoNameProblems(name)),
    archiveName: (name) => check(name, archiveNameProblems(name)),
    retention: (policy) => check(policy, retentionProblems({ ...policy })),
    compression: (spec) => check(spec, compressionProblems(spec), "see 'borg help compression'"),
    quota: (value) => check(value.trim().toUpperCase(), quotaProblems(value)),
    exclusionPattern: (pattern) =>
      check(pattern.trim(), exclusionPatternProblems(pattern), PATTERN_HINT),
    exclusionFile: (lines) =>
      check(
        lines.map((l) => l.trim()),
        exclusionFileProblems(lines),
        PATTERN_HINT,
      ),
    absolutePath: (path, cwd, what) => resolvePath(path, cwd, what),
    existingDir: (path, cwd, what) => existingDir(fs, path, cwd, what),
    newRepoPath: (path, cwd) => newRepoPath(fs, path, cwd),
    backupTarget: (target, repoPath, cwd) => backupTarget(fs, target, repoPath, cwd),
  };
}
