import { open } from 'node:fs/promises';
import { runRecordSchema, type RunRecord } from '../core/models/index.js';
import { ioError, isErrnoCode } from './store-errors.js';

/** Bytes read per step from the end of a run log file. */
const CHUNK = 64 * 1024;

export type RunFilter = {
  repo?: string | undefined;
  command?: string | undefined;
  limit?: number | undefined;
};

/**
 * The lines of `file`, last line first, read in chunks from the end: a reader that wants the
 * newest record of a 5 MiB log reads its tail, not the whole file. A missing file has none.
 * Splitting on the newline byte is safe in UTF-8 (it never occurs inside a multi-byte char).
 */
export async function* linesFromEnd(file: string): AsyncGenerator<string> {
  let fd;
  try {
    fd = await open(file, 'r');
  } catch (e) {
    if (isErrnoCode(e, 'ENOENT')) return;
    throw ioError(`cannot read ${file}`, e);
  }
  try {
    let pos = (await fd.stat()).size;
    let carry = Buffer.alloc(0);
    while (pos > 0) {
      const start = Math.max(0, pos - CHUNK);
      const buf = Buffer.alloc(pos - start);
      await fd.read(buf, 0, buf.length, start);
      pos = start;
      const data = carry.length > 0 ? Buffer.concat([buf, carry]) : buf;
      let end = data.length;
      for (let i = data.length - 1; i >= 0; i--) {
        if (data[i] !== 10) continue;
        if (end > i + 1) yield data.toString('utf8', i + 1, end);
        end = i;
      }
      carry = data.subarray(0, end);
    }
    if (carry.length > 0) yield carry.toString('utf8');
  } catch (e) {
    throw ioError(`cannot read ${file}`, e);
  } finally {
    await fd.close();
  }
}

type RawLine = { id?: unknown; repo?: unknown; command?: unknown };

function rawRecord(line: string): RawLine | null {
  try {
    const v: unknown = JSON.parse(line);
    return v !== null && typeof v === 'object' ? (v as RawLine) : null;
  } catch {
    return null; // torn or foreign line: skipped
  }
}

/**
 * Newest first, one record per run id (a final record supersedes its start record, which reads
 * as `interrupted` when it stands alone; with `finishedOnly` it is skipped). Lines are parsed
 * newest first and only until `limit` records are found; the repo and command filters are
 * applied before the schema, so only returned records (and their superseded lines) pay zod.
 */
export async function scanRunLog(
  files: readonly string[],
  filter: RunFilter,
  finishedOnly: boolean,
): Promise<RunRecord[]> {
  const seen = new Set<string>();
  const out: RunRecord[] = [];
  const limit = filter.limit ?? Number.POSITIVE_INFINITY;
  for (const file of files) {
    for await (const line of linesFromEnd(file)) {
      if (out.length >= limit) return out;
      const raw = line.trim() === '' ? null : rawRecord(line);
      if (!raw || typeof raw.id !== 'string' || seen.has(raw.id)) continue;
      if (filter.repo !== undefined && raw.repo !== filter.repo) continue;
      if (filter.command !== undefined && raw.command !== filter.command) continue;
      const parsed = runRecordSchema.safeParse(raw);
      if (!parsed.success) continue;
      const r = parsed.data;
      seen.add(r.id);
      if (r.result !== 'running') out.push(r);
      else if (!finishedOnly) out.push({ ...r, result: 'interrupted' });
    }
    if (out.length >= limit) break;
  }
  return out;
}
