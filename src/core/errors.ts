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

/** Message for any thrown value, without a stack. */
export function errorMessage(value: unknown): string {
  if (value instanceof Error) return value.message;
  return String(value);
}
