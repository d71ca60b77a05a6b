import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { borgFixture } from '../../test/support/recorded-borg.js';
import {
  archiveInfoResultSchema,
  archiveItemSchema,
  archiveListSchema,
  createResultSchema,
  diffEntrySchema,
  repoInfoSchema,
} from '../core/models/index.js';
import { BorgboiError } from '../core/errors.js';
import { parseJsonLines, parseJsonOutput, splitLines } from './json.js';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('parseJsonOutput on the real borg --json fixtures', () => {
  it('info-repo.json → RepoInfo', () => {
    const r = parseJsonOutput(repoInfoSchema, borgFixture('info-repo.json'), 'info');
    expect(r.encryption.mode).toBe('repokey');
    expect(r.cache.stats.unique_csize).toBeGreaterThan(0);
    expect(r.security_dir).toMatch(/borg\/security/);
  });

  it('info-archive.json → ArchiveInfoResult', () => {
    const r = parseJsonOutput(archiveInfoResultSchema, borgFixture('info-archive.json'), 'info');
    expect(r.archives[0]).toMatchObject({
      name: 'second',
      hostname: 'vm',
      stats: { nfiles: expect.any(Number) },
    });
    expect(r.archives[0]!.chunker_params).toEqual(['buzhash', 19, 23, 21, 4095]);
  });

  it('list-repo.json → ArchiveList', () => {
    const r = parseJsonOutput(archiveListSchema, borgFixture('list-repo.json'), 'list');
    expect(r.archives.map((a) => a.name)).toEqual(expect.arrayContaining(['first', 'second']));
  });

  it.each([
    'create.json',
    'create-log-json-progress.stdout.json',
    'warning-missing-source-log-json.stdout',
  ])('%s → CreateResult', (name) => {
    const r = parseJsonOutput(createResultSchema, borgFixture(name), 'create');
    expect(r.archive.stats.original_size).toBeGreaterThan(0);
    expect(r.cache.stats.total_chunks).toBeGreaterThan(0);
  });

  it.each([
    ['not JSON', 'Traceback (most recent call last):', /cannot read.*JSON/],
    ['empty stdout', '', /cannot read/],
    ['a missing field', '{"archives": [], "encryption": {"mode": "none"}}', /repository/],
  ])('%s is a clear BorgboiError', (_n, text, message) => {
    expect(() => parseJsonOutput(archiveListSchema, text, 'list')).toThrow(BorgboiError);
    expect(() => parseJsonOutput(archiveListSchema, text, 'list')).toThrow(message);
  });
});

describe('streaming --json-lines', () => {
  const stream = (text: string, chunk: number) =>
    Readable.from(
      Array.from({ length: Math.ceil(text.length / chunk) }, (_, i) =>
        Buffer.from(text.slice(i * chunk, (i + 1) * chunk)),
      ),
    );

  it.each([1, 7, 4096])('list-archive.jsonl in %i-byte chunks → ArchiveItems', async (size) => {
    const items = await collect(
      parseJsonLines(
        splitLines(stream(borgFixture('list-archive.jsonl'), size)),
        archiveItemSchema,
        'list',
      ),
    );
    expect(items).toHaveLength(13);
    expect(items[0]).toMatchObject({ type: 'd', path: 'data' });
    expect(items.every((i) => !i.path.startsWith('/'))).toBe(true);
  });

  it('diff.jsonl → DiffEntries with every change type', async () => {
    const entries = await collect(
      parseJsonLines(splitLines(stream(borgFixture('diff.jsonl'), 64)), diffEntrySchema, 'diff'),
    );
    expect(entries).toHaveLength(8);
    const types = new Set(entries.flatMap((e) => e.changes.map((c) => c.type)));
    expect([...types].sort()).toEqual(
      expect.arrayContaining(['added', 'ctime', 'modified', 'mtime', 'removed']),
    );
  });

  it('a bad line names its line number', async () => {
    const text = `${borgFixture('list-archive.jsonl')}{"type": "d"}\n`;
    await expect(
      collect(parseJsonLines(splitLines(stream(text, 100)), archiveItemSchema, 'list')),
    ).rejects.toThrow(/line 14/);
  });

  it('pulls lazily: a consumer that stops early does not read the rest', async () => {
    let produced = 0;
    async function* endless() {
      for (;;) {
        produced += 1;
        yield Buffer.from('{"path": "p", "changes": []}\n');
      }
    }
    for await (const _ of parseJsonLines(splitLines(endless()), diffEntrySchema, 'diff')) {
      if (produced >= 3) break;
    }
    expect(produced).toBe(3);
  });
});
