import { StringDecoder } from 'node:string_decoder';
import { z } from 'zod';
import type { BorgEvent } from './types.js';

/** zod schemas of borg 1.2's `--log-json` line types (borg-1.2.md §3, test/fixtures/borg). */
const optionalNumber = z.number().optional();

const archiveProgressSchema = z.object({
  type: z.literal('archive_progress'),
  original_size: optionalNumber,
  compressed_size: optionalNumber,
  deduplicated_size: optionalNumber,
  nfiles: optionalNumber,
  path: z.string().optional(),
  time: optionalNumber,
  finished: z.boolean().default(false),
});

const progressPercentSchema = z.object({
  type: z.literal('progress_percent'),
  operation: optionalNumber,
  msgid: z.string().optional(),
  message: z.string().optional(),
  current: optionalNumber,
  total: optionalNumber,
  info: z.array(z.string()).nullable().optional(),
  finished: z.boolean().default(false),
  time: optionalNumber,
});

const progressMessageSchema = z.object({
  type: z.literal('progress_message'),
  operation: optionalNumber,
  msgid: z.string().optional(),
  message: z.string().optional(),
  finished: z.boolean().default(false),
  time: optionalNumber,
});

const fileStatusSchema = z.object({
  type: z.literal('file_status'),
  status: z.string(),
  path: z.string(),
});

const logMessageSchema = z.object({
  type: z.literal('log_message'),
  levelname: z.string(),
  name: z.string().optional(),
  message: z.string(),
  msgid: z.string().optional(),
  time: optionalNumber,
});

export const borgEventSchema = z.discriminatedUnion('type', [
  archiveProgressSchema,
  progressPercentSchema,
  progressMessageSchema,
  fileStatusSchema,
  logMessageSchema,
]);

/**
 * One stderr line → a typed event. Anything else (plain text such as an argparse usage error
 * or a traceback, a JSON type we do not know, a known type with an odd shape) is kept as
 * `raw`, never thrown.
 */
export function parseLogJsonLine(line: string): BorgEvent {
  if (!line.startsWith('{')) return { type: 'raw', line };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { type: 'raw', line };
  }
  const parsed = borgEventSchema.safeParse(value);
  if (!parsed.success) return { type: 'raw', line, value };
  const event: BorgEvent = parsed.data;
  return event;
}

/**
 * A prompt printed without a newline (`Enter passphrase for key /r: `) runs into the next JSON
 * line; this separates the two.
 */
export function splitPromptPrefix(line: string): string[] {
  const i = line.indexOf('{"');
  return i > 0 ? [line.slice(0, i).trimEnd(), line.slice(i)] : [line];
}

/**
 * Splits a byte stream into lines on `\n`, `\r\n` and `\r` (borg's progress output rewrites a
 * line with `\r`). Multi-byte characters split across chunks are decoded correctly; empty lines
 * are dropped.
 */
export class LineSplitter {
  readonly #decoder = new StringDecoder('utf8');
  #rest = '';

  push(chunk: Buffer | string): string[] {
    const text = this.#rest + (typeof chunk === 'string' ? chunk : this.#decoder.write(chunk));
    const parts = text.split(/\r\n|\r|\n/);
    this.#rest = parts.pop() ?? '';
    return parts.filter((p) => p.length > 0);
  }

  end(): string[] {
    const last = this.#rest + this.#decoder.end();
    this.#rest = '';
    return last.length > 0 ? [last] : [];
  }
}
