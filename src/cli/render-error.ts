import { ZodError } from 'zod';
import { BorgboiError, ExitCode, errorMessage, type ErrorCode } from '../core/errors.js';
import type { CliRuntime } from './runtime.js';

interface Rendered {
  code: ErrorCode;
  message: string;
  hint: string | undefined;
  exitCode: number;
  details?: Record<string, unknown> | undefined;
}

function classify(err: unknown): Rendered {
  if (err instanceof BorgboiError) {
    return {
      code: err.code,
      message: err.message,
      hint: err.hint,
      exitCode: err.exitCode,
      details: err.details,
    };
  }
  if (err instanceof ZodError) {
    const message = err.issues
      .map((i) => `${i.path.join('.') || 'value'}: ${i.message}`)
      .join('; ');
    return { code: 'validation', message, hint: undefined, exitCode: ExitCode.usage };
  }
  return {
    code: 'internal',
    message: errorMessage(err),
    hint: 'this is a bug in borgboi; re-run with --debug and report it',
    exitCode: ExitCode.failure,
  };
}

/**
 * An error as one line: `<what is wrong>; <how to fix it>`. borg's messages end in a full stop
 * (dropped before the hint); line breaks of multi-line messages become spaces.
 */
export function errorLine(message: string, hint: string | undefined): string {
  const line = hint ? `${message.replace(/\.\s*$/, '')}; ${hint}` : message;
  return line.replace(/\s*\n\s*/g, ' ');
}

/** The `Error: …` line people read on stderr. */
export function writeErrorLine(rt: CliRuntime, message: string, hint: string | undefined): void {
  rt.io.stderr.write(`${rt.style.red('Error:')} ${errorLine(message, hint)}\n`);
}

/** The one place an error becomes output; returns the exit code. Never exits. */
export function renderError(rt: CliRuntime, err: unknown): number {
  const r = classify(err);
  const line = errorLine(r.message, r.hint);
  if (rt.globals.json) {
    const error: Record<string, unknown> = { code: r.code, message: r.message };
    if (r.hint) error.hint = r.hint;
    if (r.details) error.details = r.details;
    rt.io.stdout.write(`${JSON.stringify({ error })}\n`);
  }
  if (rt.globals.logFormat === 'json') {
    rt.io.stderr.write(
      `${JSON.stringify({ time: new Date().toISOString(), level: 'error', event: 'error', code: r.code, message: line, exit_code: r.exitCode })}\n`,
    );
  } else {
    writeErrorLine(rt, r.message, r.hint);
  }
  if (rt.globals.debug && err instanceof Error && err.stack) {
    rt.io.stderr.write(`${err.stack}\n`);
  }
  return r.exitCode;
}
