import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BorgboiError } from '../core/errors.js';
import { runRecordSchema, type RunRecord } from '../core/models/index.js';
import { fsyncDir } from './atomic-file.js';
import { withFileLock, type LockOptions } from './lock.js';
import { ioError, isErrnoCode } from './store-errors.js';
import type { RunLog } from './types.js';

export interface RunLogOptions {
  file: string;
  /** Rotate before an append would grow the file past this size. */
  maxBytes: number;
  /** Rotated files kept: runs.jsonl.1 … runs.jsonl.N. */
  keep: number;
  lock: LockOptions;
}

type Filter = { repo?: string | undefined; command?: string | undefined; limit?: number };

/**
 * `data/runs.jsonl`: one JSON record per line. A run appends a `running` start record and a
 * final record with the same id; a start record never finished reads back as interrupted.
 */
export class JsonlRunLog implements RunLog {
  private readonly opts: RunLogOptions;

  constructor(opts: RunLogOptions) {
    this.opts = opts;
  }

  async append(record: RunRecord): Promise<void> {
    const line = Buffer.from(`${JSON.stringify(runRecordSchema.parse(record))}\n`);
    const { file } = this.opts;
    await withFileLock(file, this.opts.lock, async () => {
      const size = await stat(file).then(
        (s) => s.size,
        () => 0,
      );
      if (size > 0 && size + line.length > this.opts.maxBytes) await this.rotate();
      const fd = await open(file, 'a+', 0o600);
      try {
        // A torn last line (killed writer) must not swallow this record: start a fresh line.
        const tail = Buffer.alloc(1);
        const st = await fd.stat();
        const torn =
          st.size > 0 && (await fd.read(tail, 0, 1, st.size - 1)).bytesRead === 1 && tail[0] !== 10;
        await fd.write(torn ? Buffer.concat([Buffer.from('\n'), line]) : line);
        await fd.datasync();
      } finally {
        await fd.close();
      }
    }).catch((e: unknown) => {
      throw e instanceof BorgboiError ? e : ioError(`cannot append to ${file}`, e);
    });
  }

  async read(filter: Filter = {}): Promise<RunRecord[]> {
    return this.scan(filter, false);
  }

  /** With a command: only runs that wrote their final record (a lone start record is skipped). */
  async last(repo: string, command?: string): Promise<RunRecord | null> {
    return (await this.scan({ repo, command, limit: 1 }, command !== undefined))[0] ?? null;
  }

  /** Newest first, one record per run id (the final record supersedes the start record). */
  private async scan(filter: Filter, finishedOnly: boolean): Promise<RunRecord[]> {
    const seen = new Set<string>();
    const out: RunRecord[] = [];
    const limit = filter.limit ?? Number.POSITIVE_INFINITY;
    for (const file of this.files()) {
      const records = (await readRecords(file)) ?? [];
      for (let i = records.length - 1; i >= 0 && out.length < limit; i--) {
        const r = records[i] as RunRecord;
        if (seen.has(r.id)) continue;
        seen.add(r.id);
        if (filter.repo !== undefined && r.repo !== filter.repo) continue;
        if (filter.command !== undefined && r.command !== filter.command) continue;
        if (r.result !== 'running') out.push(r);
        else if (!finishedOnly) out.push({ ...r, result: 'interrupted' });
      }
      if (out.length >= limit) break;
    }
    return out;
  }

  private files(): string[] {
    const rotated = Array.from({ length: this.opts.keep }, (_, i) => `${this.opts.file}.${i + 1}`);
    return [this.opts.file, ...rotated];
  }

  /** runs.jsonl → .1 → .2 …; the oldest beyond `keep` is dropped. */
  private async rotate(): Promise<void> {
    const files = this.files();
    await unlink(files[files.length - 1] as string).catch(() => undefined);
    for (let i = files.length - 2; i >= 0; i--) {
      await rename(files[i] as string, files[i + 1] as string).catch((e: unknown) => {
        if (!isErrnoCode(e, 'ENOENT')) throw e;
      });
    }
    await fsyncDir(dirname(this.opts.file));
  }
}

/** Parses a JSONL file, skipping lines that do not parse (a torn last line). */
async function readRecords(file: string): Promise<RunRecord[] | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if (isErrnoCode(e, 'ENOENT')) return null;
    throw ioError(`cannot read ${file}`, e);
  }
  const out: RunRecord[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed = runRecordSchema.safeParse(JSON.parse(line));
      if (parsed.success) out.push(parsed.data);
    } catch {
      // torn or foreign line: skipped
    }
  }
  return out;
}
