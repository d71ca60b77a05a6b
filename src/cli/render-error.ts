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

/** The one place an error becomes output; returns the exit code. Never exits. */
export function renderError(rt: CliRuntime, err: unknown): number {
  const r = classify(err);
  const line = r.hint ? `${r.message}; ${r.hint}` : r.message;
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
    rt.io.stderr.write(`${rt.style.red('Error:')} ${line.replace(/\s*\n\s*/g, ' ')}\n`);
  }
  if (rt.globals.debug && err instanceof Error && err.stack) {
    rt.io.stderr.write(`${err.stack}\n`);
  }
  return r.exitCode;
}
