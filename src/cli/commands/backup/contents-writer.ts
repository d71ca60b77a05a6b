import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { BorgboiError, ValidationError } from '../../../core/errors.js';
import type { ArchiveItem } from '../../../core/models/index.js';
import type { TextSink } from '../../io.js';

/**
 * Line output for listings that may hold millions of items: lines are batched into ~64 KiB
 * writes, and a stream sink that reports back-pressure is waited for ('drain'), so memory stays
 * flat however long the listing is.
 */
export class BatchedWriter {
  private buffer: string[] = [];
  private size = 0;

  constructor(private readonly sink: TextSink) {}

  async line(text: string): Promise<void> {
    this.buffer.push(text, '\n');
    this.size += text.length + 1;
    if (this.size >= 65_536) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    const ok = this.sink.write(chunk);
    const stream = this.sink as Partial<NodeJS.WritableStream>;
    if (ok === false && typeof stream.once === 'function') {
      await once(stream as NodeJS.EventEmitter, 'drain');
    }
  }
}

/** `-o FILE`: written to a temp name beside it and renamed at the end (no half-written file). */
export async function withOutputFile<T>(
  file: string,
  fn: (sink: TextSink) => Promise<T>,
): Promise<T> {
  // Checked before borg runs: a listing of millions of paths must not end in EISDIR.
  if ((await stat(file).catch(() => null))?.isDirectory()) {
    throw new ValidationError([`output ${file} is a directory`], 'give a file path with -o FILE');
  }
  const temp = `${file}.partial-${process.pid}`;
  const stream = createWriteStream(temp, { flags: 'wx' });
  await once(stream, 'open').catch((e: unknown) => {
    throw new BorgboiError('io', `cannot write ${file}: ${(e as Error).message}`, {
      hint: 'check that its directory exists and is writable',
      cause: e,
    });
  });
  try {
    const result = await fn(stream);
    stream.end();
    await once(stream, 'finish');
    await rename(temp, file);
    return result;
  } catch (e) {
    stream.destroy();
    await rm(temp, { force: true });
    throw e;
  }
}

/** One item as `borg list` shows it: mode, owner, size, mtime, path. */
export function itemLine(i: ArchiveItem): string {
  const owner = `${i.user.padEnd(8)} ${i.group.padEnd(8)}`;
  const mtime = i.mtime.replace('T', ' ').slice(0, 19);
  const link = i.linktarget ? ` -> ${i.linktarget}` : '';
  return `${i.mode} ${owner} ${String(i.size).padStart(12)} ${mtime} ${i.path}${link}`;
}
