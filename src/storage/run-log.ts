import { open, rename, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BorgboiError } from '../core/errors.js';
import { runRecordSchema, type RunRecord } from '../core/models/index.js';
import { fsyncDir } from './atomic-file.js';
import { withFileLock, type LockOptions } from './lock.js';
import { scanRunLog, type RunFilter } from './run-log-read.js';
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

/**
 * `data/runs.jsonl`: one JSON record per line. A run appends a `running` start record and a
 * final record with the same id; a start record never finished reads back as interrupted.
 */
export class JsonlRunLog implements RunLog {
  private readonly opts: RunLogOptions;

  constructor(opts: RunLogOptions) {
    this.opts = opts;
  }

  /**
   * One `write` of one line. A final record is appended under the lock and synced. A start
   * record (`running`) is appended without either when no rotation is due: O_APPEND keeps
   * concurrent lines whole, a rotation racing it only moves it into runs.jsonl.1 (still read),
   * and it guards against a killed process, which loses no written page; the final record's
   * datasync makes it durable too. A power cut during the run can lose it (docs/decisions.md).
   */
  async append(record: RunRecord): Promise<void> {
    const line = Buffer.from(`${JSON.stringify(runRecordSchema.parse(record))}\n`);
    const { file } = this.opts;
    try {
      if (record.result === 'running' && (await this.appendUnlocked(line))) {
        preloadLockModule();
        return;
      }
      await withFileLock(file, this.opts.lock, async () => {
        const size = await fileSize(file);
        if (size > 0 && size + line.length > this.opts.maxBytes) await this.rotate();
        await appendLine(file, line, true);
      });
    } catch (e) {
      throw e instanceof BorgboiError ? e : ioError(`cannot append to ${file}`, e);
    }
  }

  async read(filter: RunFilter = {}): Promise<RunRecord[]> {
    return scanRunLog(this.files(), filter, false);
  }

  /** With a command: only runs that wrote their final record (a lone start record is skipped). */
  async last(repo: string, command?: string): Promise<RunRecord | null> {
    const found = await scanRunLog(
      this.files(),
      { repo, command, limit: 1 },
      command !== undefined,
    );
    return found[0] ?? null;
  }

  /** false: a rotation is due (or the directory is missing), so the locked path must do it. */
  private async appendUnlocked(line: Buffer): Promise<boolean> {
    const size = await fileSize(this.opts.file);
    if (size > 0 && size + line.length > this.opts.maxBytes) return false;
    try {
      await appendLine(this.opts.file, line, false);
      return true;
    } catch (e) {
      if (isErrnoCode(e, 'ENOENT')) return false;
      throw e;
    }
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

/** How long after a start record the lock's module is loaded (see preloadLockModule). */
const PRELOAD_DELAY_MS = 50;

/**
 * The run's final record takes the lock (as does the index update before it): load
 * proper-lockfile while the run's work goes on, not on the path after it. The delay keeps the
 * import off the start of the run (borg is started within it); the timer never holds the
 * process, and the import is the one withFileLock makes, so it is loaded once either way.
 */
function preloadLockModule(): void {
  setTimeout(() => void import('proper-lockfile').catch(() => undefined), PRELOAD_DELAY_MS).unref();
}

const fileSize = (file: string): Promise<number> =>
  stat(file).then(
    (s) => s.size,
    () => 0,
  );

/** Appends `line` in one write; a torn last line (killed writer) gets a newline first. */
async function appendLine(file: string, line: Buffer, sync: boolean): Promise<void> {
  const fd = await open(file, 'a+', 0o600);
  try {
    const tail = Buffer.alloc(1);
    const st = await fd.stat();
    const torn =
      st.size > 0 && (await fd.read(tail, 0, 1, st.size - 1)).bytesRead === 1 && tail[0] !== 10;
    await fd.write(torn ? Buffer.concat([Buffer.from('\n'), line]) : line);
    if (sync) await fd.datasync();
  } finally {
    await fd.close();
  }
}
