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
  /** `^\d+(\.\d+)?[KMGTP]?$` (case-insensitive); returns the upper-cased value. */
  quota(value: string): string;
  /** borg pattern styles fm:/sh:/re:/pp:/pf:, +/-/! prefixes; no empty line, no NUL. */
  exclusionPattern(pattern: string): string;
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
