import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as bDaily from '../../../src/cli/commands/backup/daily.js';
import type { DailyResult } from '../../../src/core/orchestrator-api.js';
import { createFakeOrchestrator } from '../../support/fake-orchestrator.js';
import { parseExposition } from '../../support/prom-parse.js';
import { useTempDirs } from '../../support/temp.js';
import { runCmd } from './harness.js';

const tmp = useTempDirs();

const sample = (text: string, family: string, repo: string) =>
  parseExposition(text)
    .find((f) => f.name === family)
    ?.samples.find((s) => s.labels.repo === repo);

describe('status --format prometheus', () => {
  it('prints the exposition of the status rows, gauges per {repo,host}', async () => {
    const r = await runCmd(['status', '--format', 'prometheus']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const families = parseExposition(r.out);
    expect(families.map((f) => f.name)).toEqual([
      'borgboi_last_backup_timestamp_seconds',
      'borgboi_last_run_timestamp_seconds',
      'borgboi_last_backup_duration_seconds',
      'borgboi_archive_count',
      'borgboi_deduplicated_size_bytes',
      'borgboi_last_result',
    ]);
    expect(families.every((f) => f.type === 'gauge' && f.help)).toBe(true);
    const last = sample(r.out, 'borgboi_last_backup_timestamp_seconds', 'alpha');
    expect(last).toEqual({
      name: 'borgboi_last_backup_timestamp_seconds',
      labels: { repo: 'alpha', host: 'testhost' },
      value: Date.parse('2026-11-26T05:37:41Z') / 1000,
    });
    expect(sample(r.out, 'borgboi_last_backup_duration_seconds', 'beta')?.value).toBe(12);
    const states = families.at(-1)!.samples.filter((s) => s.labels.repo === 'alpha');
    expect(states.filter((s) => s.value === 1).map((s) => s.labels.result)).toEqual(['success']);
  });

  it('--max-age: still exit 1 when a repo is stale, named on stderr', async () => {
    const r = await runCmd(['status', '--format', 'prometheus', '--max-age', '2d']);
    expect(r.code).toBe(1);
    expect(parseExposition(r.out).length).toBeGreaterThan(0);
    expect(r.err).toBe('warning: 1 repository older than 2d 0h: beta\n');
  });

  it('--format json is --json', async () => {
    const a = await runCmd(['status', '--format', 'json']);
    const b = await runCmd(['status', '--json']);
    expect(a.code).toBe(0);
    expect(JSON.parse(a.out)).toEqual(JSON.parse(b.out));
  });

  it('--output FILE: written atomically (0644, no temp left), stdout empty', async () => {
    const dir = tmp();
    const file = join(dir, 'borgboi.prom');
    const printed = await runCmd(['status', '--format', 'prometheus']);
    const r = await runCmd(['status', '--format', 'prometheus', '--output', file]);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toBe(`wrote ${file} (2 repositories)\n`);
    expect(readFileSync(file, 'utf8')).toBe(printed.out);
    expect(statSync(file).mode & 0o777).toBe(0o644);
    expect(readdirSync(dir)).toEqual(['borgboi.prom']);
  });

  it('--output relative to the working directory; a name without .prom is warned about', async () => {
    const dir = tmp();
    const r = await runCmd(['status', '--format', 'prometheus', '--output', 'out.txt'], {
      cwd: dir,
    });
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/out\.txt does not end in \.prom; node_exporter's textfile collector/);
    expect(existsSync(join(dir, 'out.txt'))).toBe(true);
  });

  it.each([
    [
      ['--output', '/tmp/x.prom'],
      /--output writes the Prometheus textfile; add --format prometheus/,
    ],
    [['--format', 'yaml'], /argument 'yaml' is invalid/],
    [['--format', 'prometheus', '--json'], /--json and --format prometheus both choose the output/],
    [
      ['--format', 'prometheus', '--output', '/nonexistent-dir/borgboi.prom'],
      /the directory \/nonexistent-dir does not exist; create it, or point --output at node_exporter/,
    ],
  ])('%j → exit 2, nothing asked of the orchestrator', async (args, message) => {
    const r = await runCmd(['status', ...args]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.orch.calls).toEqual([]);
  });
});

const ok: DailyResult = {
  repo: 'alpha',
  runId: 'run-1',
  result: 'success',
  exitCode: 0,
  archive: '2026-11-27_06:00:00',
  steps: [{ name: 'create', result: 'ok', duration_ms: 900, borg_rc: 0 }],
  warnings: [],
  error: null,
  stats: null,
  durationMs: 1_000,
};
const PING = 'ping: hc.example.org did not answer within 10 s';
const TEXTFILE = 'textfile: /srv/prom/borgboi.prom was not written (EACCES)';

describe('backup daily --all: warnings of the invocation (ping, textfile)', () => {
  const orch = () =>
    createFakeOrchestrator({
      dailyBackupAll: async () => ({ results: [ok], exitCode: 0, warnings: [PING, TEXTFILE] }),
    });

  it('text: listed after the count, exit code unchanged', async () => {
    const r = await runCmd(['backup', 'daily', '--all'], { orch: orch() });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      new RegExp(`1 repository: 1 success\\n  Warning:  ${PING}\\n  Warning:  .*EACCES\\)\\n$`),
    );
  });

  it('--json: a warnings array beside results and exit_code', async () => {
    const r = await runCmd(['backup', 'daily', '--all', '--json'], { orch: orch() });
    const doc = bDaily.jsonSchema.parse(JSON.parse(r.out));
    expect(doc).toMatchObject({ exit_code: 0, warnings: [PING, TEXTFILE] });
  });

  it('--json without warnings: an empty array', async () => {
    const r = await runCmd(['backup', 'daily', '--all', '--json']);
    expect(JSON.parse(r.out).warnings).toEqual([]);
  });
});
