import { parseLogJsonLine, splitPromptPrefix } from './events.js';
import type { BorgEvent, BorgWarning, OutputHandlers } from './types.js';
import { parseShowVersionMessage, type BorgVersion } from './version.js';

/** An error-level line borg printed: a `log_message` with its msgid, or a plain-text line. */
export interface BorgErrorLine {
  message: string;
  msgid?: string | undefined;
}

const TAIL = 20;
const MAX_WARNINGS = 1000;
/** Loggers that carry only our own bookkeeping, not something a person needs to see. */
const INTERNAL_LOGGERS = new Set(['borg.output.show-rc', 'borg.output.show-version']);

function push<T>(list: T[], item: T, max: number): void {
  list.push(item);
  if (list.length > max) list.shift();
}

/**
 * Turns borg's stderr lines into typed events for the caller's handlers and keeps what the
 * exit classification needs: warnings, the last error lines, refused prompts, the version.
 */
export class EventCollector {
  readonly warnings: BorgWarning[] = [];
  /** Warnings beyond MAX_WARNINGS (e.g. thousands of unreadable files) are only counted. */
  droppedWarnings = 0;
  readonly errors: BorgErrorLine[] = [];
  /** The last plain-text lines (argparse errors, early tracebacks) and prompt texts. */
  readonly rawTail: string[] = [];
  readonly infoLines: string[] = [];
  readonly refusedPrompts: string[] = [];
  version: BorgVersion | null = null;
  handlerError: unknown = undefined;

  constructor(
    private readonly handlers: OutputHandlers = {},
    private readonly keepInfo = false,
  ) {}

  line(line: string): void {
    for (const part of splitPromptPrefix(line)) {
      const event = parseLogJsonLine(part);
      this.record(event);
      this.deliver(event);
    }
  }

  private record(e: BorgEvent): void {
    if (e.type === 'log_message' && INTERNAL_LOGGERS.has(e.name ?? '')) {
      if (e.name === 'borg.output.show-version')
        this.version ??= parseShowVersionMessage(e.message);
    } else if (e.type === 'log_message') {
      const level = e.levelname.toUpperCase();
      if (level === 'WARNING') this.warning({ message: e.message, msgid: e.msgid });
      else if (level === 'ERROR' || level === 'CRITICAL')
        push(this.errors, { message: e.message, msgid: e.msgid }, TAIL);
      else if (this.keepInfo && level === 'INFO') this.infoLines.push(e.message);
    } else if (e.type === 'raw' && e.value === undefined) {
      push(this.rawTail, e.line, TAIL);
    } else if (e.type === 'raw') {
      const v = e.value as { type?: unknown; msgid?: unknown; message?: unknown };
      if (v.type === 'question_prompt' && typeof v.message === 'string')
        push(this.rawTail, v.message.trim(), TAIL);
      if (v.type === 'question_accepted_false' && typeof v.msgid === 'string')
        this.refusedPrompts.push(v.msgid);
    }
  }

  private warning(w: BorgWarning): void {
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push(w);
    else this.droppedWarnings += 1;
  }

  private deliver(e: BorgEvent): void {
    const h = this.handlers;
    try {
      switch (e.type) {
        case 'archive_progress':
        case 'progress_percent':
        case 'progress_message':
          h.onProgress?.(e);
          break;
        case 'file_status':
          h.onFileStatus?.(e);
          break;
        case 'log_message':
          if (!INTERNAL_LOGGERS.has(e.name ?? '')) h.onLog?.(e);
          break;
        case 'raw':
          h.onStderrLine?.(e.line);
          break;
      }
    } catch (err) {
      // A throwing handler must not break the stream; the runner rethrows it after borg exits.
      this.handlerError ??= err;
    }
  }
}
