import type { z } from 'zod';
import { BorgboiError } from '../core/errors.js';
import { LineSplitter } from './events.js';

/** A zod problem summary without the data itself (an item's path is fine, a secret never is). */
function issueSummary(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

function unreadable(what: string, detail: string): BorgboiError {
  return new BorgboiError('borg', `borg ${what} printed output borgboi cannot read (${detail})`, {
    hint: 'check that borg.executable_path is borg 1.2.x; run with --debug to see the output',
  });
}

type Parsed<T> = { ok: true; data: T } | { ok: false; detail: string };

/**
 * `jitless` for a one-off document: zod compiling an object schema's fast path costs more than
 * the one parse it would speed up (a daily parses one `create --json`); lines stay compiled.
 */
function parseValue<S extends z.ZodType>(
  schema: S,
  text: string,
  jitless = false,
): Parsed<z.output<S>> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, detail: e instanceof Error ? e.message : 'not JSON' };
  }
  const parsed = schema.safeParse(value, jitless ? { jitless } : undefined);
  return parsed.success
    ? { ok: true, data: parsed.data }
    : { ok: false, detail: issueSummary(parsed.error) };
}

/** Parses one `--json` document (info, list, create) from borg's stdout. */
export function parseJsonOutput<S extends z.ZodType>(
  schema: S,
  text: string,
  what: string,
): z.output<S> {
  const r = parseValue(schema, text, true);
  if (!r.ok) throw unreadable(what, r.detail);
  return r.data;
}

/** Parses one `--json-lines` line; `lineNo` (1-based) only goes into the error text. */
export function parseJsonLine<S extends z.ZodType>(
  schema: S,
  line: string,
  what: string,
  lineNo: number,
): z.output<S> {
  const r = parseValue(schema, line);
  if (!r.ok) throw unreadable(what, `line ${lineNo}: ${r.detail}`);
  return r.data;
}

/** Bytes → lines, one chunk at a time: memory stays flat however long the output is. */
export async function* splitLines(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const splitter = new LineSplitter();
  for await (const chunk of chunks) yield* splitter.push(chunk);
  yield* splitter.end();
}

/** Streams `--json-lines` output as validated items (list contents, diff). */
export async function* parseJsonLines<S extends z.ZodType>(
  lines: AsyncIterable<string>,
  schema: S,
  what: string,
): AsyncGenerator<z.output<S>> {
  let lineNo = 0;
  for await (const line of lines) {
    lineNo += 1;
    yield parseJsonLine(schema, line, what, lineNo);
  }
}
