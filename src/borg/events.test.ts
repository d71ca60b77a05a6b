import { describe, expect, it } from 'vitest';
import {
  allBorgFixtures,
  borgFixture,
  borgFixtureLines,
} from '../../test/support/recorded-borg.js';
import { LineSplitter, parseLogJsonLine, splitPromptPrefix } from './events.js';

const KNOWN = [
  'archive_progress',
  'progress_percent',
  'progress_message',
  'file_status',
  'log_message',
];

/** The `type` of a JSON line ('' when it has none), or null when the line is not JSON. */
function jsonType(line: string): string | null {
  try {
    const v = JSON.parse(line) as { type?: unknown };
    return typeof v.type === 'string' ? v.type : '';
  } catch {
    return null;
  }
}

describe('parseLogJsonLine on every fixture', () => {
  it.each(allBorgFixtures())('%s: every line parses, known types typed, the rest raw', (name) => {
    for (const line of borgFixtureLines(name)) {
      const event = parseLogJsonLine(line);
      const type = jsonType(line);
      if (type && KNOWN.includes(type)) expect(event.type).toBe(type);
      else if (type === null) expect(event).toEqual({ type: 'raw', line });
      else expect(event).toMatchObject({ type: 'raw', line });
    }
  });

  it('archive_progress while running and when finished', () => {
    const lines = borgFixtureLines('create-log-json-progress.jsonl').map(parseLogJsonLine);
    const progress = lines.filter((e) => e.type === 'archive_progress');
    expect(progress[0]).toMatchObject({
      type: 'archive_progress',
      finished: false,
      path: expect.any(String),
      nfiles: expect.any(Number),
    });
    expect(progress.at(-1)).toMatchObject({ type: 'archive_progress', finished: true });
  });

  it('file_status has a leading slash and no time', () => {
    const e = borgFixtureLines('create-log-json-list-stats.stderr.jsonl')
      .map(parseLogJsonLine)
      .find((x) => x.type === 'file_status');
    expect(e).toEqual({ type: 'file_status', status: 'A', path: '/data/docs/new2.txt' });
  });

  it('progress_percent keeps info and counters', () => {
    const e = parseLogJsonLine(borgFixtureLines('extract-log-json-progress.jsonl')[1]!);
    expect(e).toMatchObject({
      type: 'progress_percent',
      msgid: 'extract',
      current: 2712,
      total: 1038173600,
      info: ['data/small/d00/f00000.txt'],
      finished: false,
    });
  });

  it('log_message errors carry their msgid', () => {
    expect(parseLogJsonLine(borgFixture('lock-timeout-log-json.stderr').trim())).toMatchObject({
      type: 'log_message',
      levelname: 'ERROR',
      msgid: 'LockTimeout',
    });
  });

  it('prompts (question_*) stay raw with their value', () => {
    const [prompt, refused] = borgFixtureLines('relocated-repo-log-json.stderr').map(
      parseLogJsonLine,
    );
    expect(prompt).toMatchObject({
      type: 'raw',
      value: { type: 'question_prompt', msgid: 'BORG_RELOCATED_REPO_ACCESS_IS_OK' },
    });
    expect(refused).toMatchObject({ type: 'raw', value: { type: 'question_accepted_false' } });
  });

  it.each([
    ['plain text', 'Local Exception'],
    ['truncated JSON', '{"type": "log_message", "mess'],
    ['a known type with a wrong shape', '{"type": "file_status", "status": 1}'],
    ['an unknown type', '{"type": "something_new", "x": 1}'],
    ['JSON that is not an object', '{}'],
  ])('%s is raw, never thrown', (_n, line) => {
    expect(parseLogJsonLine(line)).toMatchObject({ type: 'raw', line });
  });
});

describe('LineSplitter', () => {
  it.each([
    ['\\n', ['a\nb\n'], ['a', 'b']],
    ['\\r\\n', ['a\r\nb\r\n'], ['a', 'b']],
    ['\\r (progress rewrites)', ['10%\r20%\r'], ['10%', '20%']],
    ['\\r\\n split across chunks', ['a\r', '\nb\n'], ['a', 'b']],
    ['a line split across chunks', ['{"a":', '1}\n'], ['{"a":1}']],
    ['an unterminated last line', ['a\nb'], ['a', 'b']],
    ['empty lines dropped', ['\n\na\n\n'], ['a']],
  ])('%s', (_n, chunks, expected) => {
    const s = new LineSplitter();
    const out = chunks.flatMap((c) => s.push(c));
    expect([...out, ...s.end()]).toEqual(expected);
  });

  it('decodes a multi-byte character split across buffers', () => {
    const bytes = Buffer.from('dé\n');
    const s = new LineSplitter();
    const out = [...s.push(bytes.subarray(0, 2)), ...s.push(bytes.subarray(2)), ...s.end()];
    expect(out).toEqual(['dé']);
  });
});

describe('splitPromptPrefix', () => {
  it.each([
    [
      'Enter passphrase for key /r: {"type": "log_message"}',
      ['Enter passphrase for key /r:', '{"type": "log_message"}'],
    ],
    ['{"type": "log_message"}', ['{"type": "log_message"}']],
    ['plain text', ['plain text']],
  ])('%s', (line, parts) => expect(splitPromptPrefix(line)).toEqual(parts));
});
