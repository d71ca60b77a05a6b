/** Process exit codes (spec §4). The only place they are defined. */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  partial: 3,
  sigint: 130,
  sigterm: 143,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export type ErrorCode =
  | 'usage'
  | 'validation'
  | 'config-invalid'
  | 'not-found'
  | 'already-exists'
  | 'confirmation-required'
  | 'aborted'
  | 'passphrase'
  | 'store-corrupt'
  | 'store-locked'
  | 'io'
  | 'borg'
  | 'borg-missing'
  | 'borg-unsupported'
  | 'aws'
  | 'partial'
  | 'hook-failed'
  | 'check-failed'
  | 'interrupted'
  | 'internal';

export interface BorgboiErrorOptions {
  /** How to fix it; rendered after the message on the same line. */
  hint?: string;
  exitCode?: ExitCode;
  cause?: unknown;
  /** Extra machine-readable detail for `--json` error output (never secrets). */
  details?: Record<string, unknown>;
}

const defaultExit: Partial<Record<ErrorCode, ExitCode>> = {
  usage: ExitCode.usage,
  validation: ExitCode.usage,
  'config-invalid': ExitCode.usage,
  'not-found': ExitCode.usage,
  'already-exists': ExitCode.usage,
  'confirmation-required': ExitCode.usage,
  aborted: ExitCode.failure,
  partial: ExitCode.partial,
  interrupted: ExitCode.sigint,
};

/** Base of every error borgboi raises on purpose. */
export class BorgboiError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: BorgboiErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BorgboiError';
    this.code = code;
    this.exitCode = options.exitCode ?? defaultExit[code] ?? ExitCode.failure;
    this.hint = options.hint;
    this.details = options.details;
  }
}

/** Bad flags or arguments: exit 2, nothing was changed. */
export class UsageError extends BorgboiError {
  constructor(message: string, hint?: string) {
    super('usage', message, { hint, exitCode: ExitCode.usage });
    this.name = 'UsageError';
  }
}

/** One or more invalid values: exit 2, nothing was changed. */
export class ValidationError extends BorgboiError {
  readonly issues: readonly string[];
  constructor(issues: readonly string[], hint?: string) {
    super('validation', issues.join('; '), { hint, exitCode: ExitCode.usage });
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

export class NotFoundError extends BorgboiError {
  constructor(message: string, hint?: string) {
    super('not-found', message, { hint });
    this.name = 'NotFoundError';
  }
}

export class InterruptedError extends BorgboiError {
  constructor(signal: 'SIGINT' | 'SIGTERM', cause?: unknown) {
    super('interrupted', `interrupted by ${signal}`, {
      exitCode: signal === 'SIGINT' ? ExitCode.sigint : ExitCode.sigterm,
      cause,
    });
    this.name = 'InterruptedError';
  }
}

export function isBorgboiError(value: unknown): value is BorgboiError {
  return value instanceof BorgboiError;
}

/** What went wrong in a failed borg run, derived from borg's `--log-json` msgids (borg 1.2 has rc 2 only). */
export type BorgErrorKind =
  | 'passphrase-wrong'
  | 'passphrase-missing'
  | 'repo-missing'
  | 'not-a-repo'
  | 'repo-exists'
  | 'archive-missing'
  | 'archive-exists'
  | 'lock-timeout'
  | 'quota-exceeded'
  | 'relocated'
  | 'aborted'
  | 'interrupted'
  | 'check-failed'
  | 'unknown';

export interface BorgErrorInit {
  kind: BorgErrorKind;
  /** borg's exit status; null when it was killed by a signal. */
  rc: number | null;
  signal: string | null;
  /** argv without the executable; never holds a secret (passphrases go through a pipe). */
  command: readonly string[];
  /** Last error-level messages (or stderr lines) of the run, oldest first. */
  stderrTail: readonly string[];
  msgid?: string | undefined;
  hint?: string | undefined;
  exitCode?: ExitCode | undefined;
}

/** A borg run that failed (rc >= 2, killed by a signal, or `check` finding errors). */
export class BorgError extends BorgboiError {
  readonly kind: BorgErrorKind;
  readonly rc: number | null;
  readonly signal: string | null;
  readonly command: readonly string[];
  readonly stderrTail: readonly string[];
  readonly msgid: string | undefined;

  constructor(message: string, init: BorgErrorInit) {
    super('borg', message, {
      hint: init.hint,
      exitCode: init.exitCode ?? ExitCode.failure,
      details: { kind: init.kind, rc: init.rc, signal: init.signal, msgid: init.msgid },
    });
    this.name = 'BorgError';
    this.kind = init.kind;
    this.rc = init.rc;
    this.signal = init.signal;
    this.command = init.command;
    this.stderrTail = init.stderrTail;
    this.msgid = init.msgid;
  }
}

export function isBorgError(value: unknown): value is BorgError {
  return value instanceof BorgError;
}

/** Message for any thrown value, without a stack. */
export function errorMessage(value: unknown): string {
  if (value instanceof Error) return value.message;
  return String(value);
}
