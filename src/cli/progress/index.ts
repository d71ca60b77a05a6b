import type { WorkflowObserver } from '../../core/orchestrator-api.js';
import type { RunRecord } from '../../core/models/index.js';
import type { LogEvent } from '../json-shapes.js';
import type { CliRuntime } from '../runtime.js';
import { createJsonLogObserver, createLinesObserver } from './plain-observers.js';
import { createTtyObserver } from './tty-observer.js';

export type ProgressMode = 'tty' | 'lines' | 'json-log' | 'silent';

/**
 * How a run reports on stderr: JSON events with `--log-format json`; nothing with `--quiet`;
 * spinners on a TTY (not with `--json`, whose readers want no escape codes); else plain lines.
 */
export function progressMode(rt: CliRuntime): ProgressMode {
  if (rt.globals.logFormat === 'json') return 'json-log';
  if (rt.globals.quiet) return 'silent';
  if (rt.io.isStderrTTY && !rt.globals.json) return 'tty';
  return 'lines';
}

export interface ProgressOptions {
  /** `--list`: show borg's file_status lines. */
  listFiles?: boolean | undefined;
  /** Several repos in one run (`--all`): prefix each step with the repo name. */
  showRepo?: boolean | undefined;
  /** Previous run of a repo, for the ETA (asked only on a TTY, once per repo). */
  previousRun?: ((repo: string) => Promise<RunRecord | null>) | undefined;
  now?: (() => number) | undefined;
}

export interface Progress {
  observer: WorkflowObserver;
  /** Stops a running spinner; call in `finally`. */
  stop(): void;
}

export async function startProgress(rt: CliRuntime, opts: ProgressOptions = {}): Promise<Progress> {
  const now = opts.now ?? (() => rt.deps().clock.now().getTime());
  const listFiles = opts.listFiles ?? false;
  const showRepo = opts.showRepo ?? false;
  let mode = progressMode(rt);
  if (mode === 'tty' && !(await rt.deps().config()).config.ui.show_progress) mode = 'lines';
  switch (mode) {
    case 'json-log':
      return { observer: createJsonLogObserver(rt, { listFiles, now }), stop: () => undefined };
    case 'silent':
      return { observer: {}, stop: () => undefined };
    case 'lines':
      return { observer: createLinesObserver(rt, { listFiles, showRepo }), stop: () => undefined };
    case 'tty':
      return createTtyObserver(rt, { listFiles, showRepo, previousRun: opts.previousRun, now });
  }
}

/** A final `--log-format json` event for a whole command (e.g. the daily result). */
export function logResultEvent(
  rt: CliRuntime,
  e: Pick<LogEvent, 'event' | 'level'> & Partial<LogEvent>,
): void {
  if (rt.globals.logFormat !== 'json') return;
  const event: LogEvent = {
    time: rt.deps().clock.now().toISOString(),
    repo: null,
    step: null,
    duration_ms: null,
    rc: null,
    message: null,
    ...e,
  };
  rt.io.stderr.write(`${JSON.stringify(event)}\n`);
}
