import type { CliRuntime } from './runtime.js';

/** stdout is for data: exactly one JSON document with --json. */
export function printJson(rt: CliRuntime, value: unknown): void {
  rt.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(rt: CliRuntime, text = ''): void {
  rt.io.stdout.write(`${text}\n`);
}

/** People-facing progress/info on stderr; silenced by --quiet and by JSON logs. */
export function note(rt: CliRuntime, text: string): void {
  if (rt.globals.quiet) return;
  if (rt.globals.logFormat === 'json') {
    rt.io.stderr.write(
      `${JSON.stringify({ time: new Date().toISOString(), level: 'info', event: 'message', message: text })}\n`,
    );
    return;
  }
  rt.io.stderr.write(`${text}\n`);
}

/** Warnings always reach stderr (one line each). */
export function warn(rt: CliRuntime, text: string): void {
  if (rt.globals.logFormat === 'json') {
    rt.io.stderr.write(
      `${JSON.stringify({ time: new Date().toISOString(), level: 'warning', event: 'warning', message: text })}\n`,
    );
    return;
  }
  rt.io.stderr.write(`${rt.style.yellow('warning:')} ${text}\n`);
}

/**
 * Emits a command result: the JSON shape with --json, else the text renderer.
 * Every verb goes through here so --json always prints exactly one document.
 */
export function emit<T>(
  rt: CliRuntime,
  result: T,
  render: { json: (r: T) => unknown; text: (r: T) => void },
): void {
  if (rt.globals.json) printJson(rt, render.json(result));
  else render.text(result);
}
