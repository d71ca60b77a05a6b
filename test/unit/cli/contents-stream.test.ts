import { EventEmitter } from 'node:events';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BatchedWriter } from '../../../src/cli/commands/backup/contents-writer.js';
import * as contents from '../../../src/cli/commands/backup/contents.js';
import { BorgError } from '../../../src/core/errors.js';
import type { ArchiveItem } from '../../../src/core/models/index.js';
import { archiveItems } from '../../support/recorded-borg.js';
import { createFakeOrchestrator } from '../../support/fake-orchestrator.js';
import { useTempDirs } from '../../support/temp.js';
import { runCmd } from './harness.js';

const wrongPassphrase = () =>
  new BorgError('wrong passphrase for repository alpha', {
    kind: 'passphrase-wrong',
    rc: 2,
    signal: null,
    command: ['list'],
    stderrTail: [],
    hint: 'check passphrases/alpha.key',
  });

async function* many(n: number): AsyncIterable<ArchiveItem> {
  for (let i = 0; i < n; i++) yield { ...archiveItems[2]!, path: `data/f${i}.txt` };
}

describe('backup contents streams', () => {
  const tmp = useTempDirs();

  it('text: one borg-style line per item, in archive order', async () => {
    const r = await runCmd(['backup', 'contents', '-a', 'second']);
    const lines = r.out.trimEnd().split('\n');
    expect(lines).toHaveLength(archiveItems.length);
    expect(lines[2]).toBe(
      '-rw-r--r-- root     root               14 2026-11-26 05:37:40 data/docs/a.txt',
    );
    expect(lines.some((l) => / -> /.test(l))).toBe(true); // the symlink shows its target
  });

  it('--json: one document whose items array is written item by item', async () => {
    const r = await runCmd(['backup', 'contents', '-a', 'second', '--json']);
    const doc = contents.jsonSchema.parse(JSON.parse(r.out));
    expect(doc.items).toEqual(archiveItems);
    expect(doc).toMatchObject({ repo: 'alpha', archive: 'second', output: null, count: 13 });
  });

  it('a failure before the first item is one clean error document', async () => {
    const orch = createFakeOrchestrator({
      archiveContents: async () => ({
        repo: 'alpha',
        archive: 'second',
        items: {
          [Symbol.asyncIterator]: () => ({
            next: () => Promise.reject(wrongPassphrase()),
          }),
        },
      }),
    });
    const r = await runCmd(['backup', 'contents', '-a', 'second', '--json'], { orch });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({
      error: { code: 'borg', hint: 'check passphrases/alpha.key' },
    });
  });

  it('-o FILE: one path per line (Python format), written under a temp name then renamed', async () => {
    const dir = tmp();
    const r = await runCmd(['backup', 'contents', '-a', 'second', '-o', 'paths.txt', '--json'], {
      cwd: dir,
    });
    expect(JSON.parse(r.out)).toEqual({
      repo: 'alpha',
      archive: 'second',
      output: join(dir, 'paths.txt'),
      count: 13,
    });
    expect(readFileSync(join(dir, 'paths.txt'), 'utf8')).toBe(
      archiveItems.map((i) => `${i.path}\n`).join(''),
    );
    expect(readdirSync(dir)).toEqual(['paths.txt']);
  });

  it('-o FILE: a failure midway leaves no file behind', async () => {
    const dir = tmp();
    const orch = createFakeOrchestrator({
      archiveContents: async () => ({
        repo: 'alpha',
        archive: 'second',
        items: (async function* () {
          yield* many(3);
          throw wrongPassphrase();
        })(),
      }),
    });
    const r = await runCmd(['backup', 'contents', '-a', 'second', '-o', 'paths.txt'], {
      cwd: dir,
      orch,
    });
    expect(r.code).toBe(1);
    expect(existsSync(join(dir, 'paths.txt'))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a long listing streams through (20,000 items, one document)', async () => {
    const orch = createFakeOrchestrator({
      archiveContents: async () => ({ repo: 'alpha', archive: 'big', items: many(20_000) }),
    });
    const r = await runCmd(['backup', 'contents', '-a', 'big', '--json'], { orch });
    const doc = JSON.parse(r.out);
    expect(doc.count).toBe(20_000);
    expect(doc.items[19_999].path).toBe('data/f19999.txt');
  });

  it('BatchedWriter: 100,000 lines in ~64 KiB writes', async () => {
    const chunks: string[] = [];
    const w = new BatchedWriter({ write: (c: string) => chunks.push(c) });
    for (let i = 0; i < 100_000; i++) await w.line(`data/dir/file-${i}.txt`);
    await w.flush();
    const text = chunks.join('');
    expect(text.split('\n')).toHaveLength(100_001);
    expect(chunks.length).toBeLessThan(text.length / 60_000 + 2);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(66_000);
  });

  it('BatchedWriter waits for drain when the sink pushes back', async () => {
    const chunks: string[] = [];
    const sink = Object.assign(new EventEmitter(), {
      write: (c: string) => (chunks.push(c), false),
    });
    const w = new BatchedWriter(sink);
    let flushed = false;
    const pending = w.line('x'.repeat(70_000)).then(() => (flushed = true));
    await new Promise((r) => setImmediate(r));
    expect(chunks).toHaveLength(1);
    expect(flushed).toBe(false);
    sink.emit('drain');
    await pending;
    expect(flushed).toBe(true);
  });
});
