import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseExposition } from '../../test/support/prom-parse.js';
import type { RunRecord } from '../core/models/index.js';
import type { RepoStatus, StatusResult } from '../core/orchestrator-api.js';
import { renderPrometheus, writeTextfile } from './prometheus.js';

const row = (patch: Partial<RepoStatus>): RepoStatus => ({
  name: 'docs',
  hostname: 'web1',
  path: '/srv/repos/docs',
  last_backup: '2026-03-01T02:03:04.000Z',
  last_s3_sync: '2026-03-01T02:10:00.000Z',
  last_result: 'success',
  last_duration_ms: 1500,
  age_ms: 1000,
  stale: false,
  deduplicated_size: 123456789,
  archive_count: 14,
  ...patch,
});
const status = (...repos: RepoStatus[]): StatusResult => ({
  repos,
  stale: [],
  maxAgeMs: null,
  source: 'local',
});
const run = (
  repo: string,
  result: RunRecord['result'],
  startedAt: string,
  ms = 2500,
): RunRecord => ({
  id: `${repo}-${startedAt}`,
  command: 'backup daily',
  repo,
  started_at: startedAt,
  duration_ms: ms,
  result,
  steps: [],
  warnings: [],
});

/** The parsed text as {family: {labels-without-repo-host → value}} per repo. */
function valuesOf(text: string, repo: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of parseExposition(text)) {
    for (const s of f.samples) {
      if (s.labels.repo !== repo) continue;
      const key = s.labels.result ? `${s.name}{${s.labels.result}}` : s.name;
      out[key] = s.value;
    }
  }
  return out;
}

describe('renderPrometheus', () => {
  it('renders per-repo gauges with HELP and TYPE that parse as exposition format', () => {
    const text = renderPrometheus(
      status(
        row({}),
        row({
          name: 'photos',
          last_backup: null,
          last_s3_sync: null,
          deduplicated_size: null,
          archive_count: null,
          last_result: null,
          last_duration_ms: null,
        }),
      ),
      [
        run('docs', 'failed', '2026-02-28T02:00:00.000Z'),
        run('docs', 'partial', '2026-03-01T02:00:00.000Z', 4200),
        run('docs', 'running', '2026-03-02T02:00:00.000Z'),
      ],
    );
    const families = parseExposition(text);
    expect(families.map((f) => [f.name, f.type])).toEqual([
      ['borgboi_last_backup_timestamp_seconds', 'gauge'],
      ['borgboi_last_run_timestamp_seconds', 'gauge'],
      ['borgboi_last_backup_duration_seconds', 'gauge'],
      ['borgboi_archive_count', 'gauge'],
      ['borgboi_deduplicated_size_bytes', 'gauge'],
      ['borgboi_last_s3_sync_timestamp_seconds', 'gauge'],
      ['borgboi_last_result', 'gauge'],
    ]);
    expect(families.every((f) => f.help && f.help.length > 10)).toBe(true);
    expect(families[0]?.samples[0]?.labels).toEqual({ repo: 'docs', host: 'web1' });
    expect(valuesOf(text, 'docs')).toEqual({
      borgboi_last_backup_timestamp_seconds: Date.parse('2026-03-01T02:03:04.000Z') / 1000,
      borgboi_last_run_timestamp_seconds: Date.parse('2026-03-01T02:00:00.000Z') / 1000,
      borgboi_last_backup_duration_seconds: 4.2,
      borgboi_archive_count: 14,
      borgboi_deduplicated_size_bytes: 123456789,
      borgboi_last_s3_sync_timestamp_seconds: Date.parse('2026-03-01T02:10:00.000Z') / 1000,
      'borgboi_last_result{success}': 0,
      'borgboi_last_result{warning}': 0,
      'borgboi_last_result{partial}': 1,
      'borgboi_last_result{failed}': 0,
      'borgboi_last_result{interrupted}': 0,
    });
    // Never backed up, never run: no samples rather than made-up zeros.
    expect(valuesOf(text, 'photos')).toEqual({});
  });

  it('falls back to the status result when no run record is at hand, never to running', () => {
    const fromStatus = renderPrometheus(status(row({ last_result: 'warning' })), []);
    expect(valuesOf(fromStatus, 'docs')['borgboi_last_result{warning}']).toBe(1);
    expect(valuesOf(fromStatus, 'docs').borgboi_last_backup_duration_seconds).toBe(1.5);
    const running = renderPrometheus(status(row({ last_result: 'running' })), []);
    expect(
      Object.keys(valuesOf(running, 'docs')).some((k) => k.startsWith('borgboi_last_result')),
    ).toBe(false);
  });

  it('escapes label values (backslash, quote, newline) so odd names still parse', () => {
    const name = 'we"ird\\name\nx';
    const text = renderPrometheus(status(row({ name })), []);
    expect(text).toContain('repo="we\\"ird\\\\name\\nx"');
    expect(parseExposition(text)[0]?.samples[0]?.labels.repo).toBe(name);
  });

  it('is empty for no repos (an empty textfile is valid)', () => {
    expect(renderPrometheus(status(), [])).toBe('');
    expect(parseExposition('')).toEqual([]);
  });
});

describe('the test parser is strict', () => {
  it.each([
    ['no trailing newline', 'a 1'],
    ['bad metric name', '1a 1\n'],
    ['bad value', 'a one\n'],
    ['unquoted label', 'a{x=1} 1\n'],
    ['bad escape', 'a{x="\\t"} 1\n'],
    ['unterminated label', 'a{x="1} 1\n'],
    ['duplicate series', 'a{x="1"} 1\na{x="1"} 2\n'],
    ['family split in two', 'a 1\nb 1\na{x="2"} 1\n'],
    ['TYPE after samples', 'a 1\n# TYPE a gauge\n'],
    ['two TYPE lines', '# TYPE a gauge\n# TYPE a gauge\na 1\n'],
    ['unknown type', '# TYPE a thing\na 1\n'],
    ['missing value', 'a{x="1"}\n'],
  ])('rejects %s', (_, text) => expect(() => parseExposition(text)).toThrow());
});

describe('writeTextfile', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const tmp = () => {
    const d = mkdtempSync(join(tmpdir(), 'bb-prom-'));
    dirs.push(d);
    return d;
  };

  it('replaces the file whole and leaves no temp file behind', async () => {
    const dir = tmp();
    const file = join(dir, 'borgboi.prom');
    writeFileSync(file, 'old 1\n');
    await writeTextfile(file, 'new 2\n');
    expect(readFileSync(file, 'utf8')).toBe('new 2\n');
    expect(readdirSync(dir)).toEqual(['borgboi.prom']);
    expect(statSync(file).mode & 0o777).toBe(0o644);
  });

  it('fails when the directory is missing, without creating it', async () => {
    const file = join(tmp(), 'missing', 'borgboi.prom');
    await expect(writeTextfile(file, 'a 1\n')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
