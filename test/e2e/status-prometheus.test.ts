import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDataTree } from '../support/borg-fixtures.js';
import { runBorgboi, type CliResult } from '../support/cli.js';
import { parseExposition, type PromFamily } from '../support/prom-parse.js';

/** One real repo with one daily backup, shared by the tests (borg starts are costly). */
let root: string;
let env: Record<string, string>;
let textfile: string;

const ok = (r: CliResult) => {
  expect(r.stderr).not.toMatch(/Error:/);
  expect(r.code).toBe(0);
  return r;
};
const bb = (args: string[]) => runBorgboi(args, { env });
const valueOf = (families: PromFamily[], name: string, labels: Record<string, string> = {}) =>
  families
    .find((f) => f.name === name)
    ?.samples.find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'bb-status-prom-'));
  textfile = join(root, 'textfile', 'borgboi.prom');
  mkdirSync(join(root, 'textfile'));
  env = { BORGBOI_HOME: join(root, 'home'), BORGBOI_MONITORING__TEXTFILE: textfile };
  writeDataTree(join(root, 'data'), { files: 4, maxFileBytes: 4096 });
  ok(
    await bb([
      'repo',
      'create',
      '-n',
      'docs',
      '-p',
      join(root, 'repos', 'docs'),
      '-b',
      join(root, 'data'),
    ]),
  );
  ok(await bb(['backup', 'daily', '-n', 'docs']));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('status --format prometheus against a real daily backup', () => {
  it('prints what backup daily wrote to monitoring.textfile, parseable as exposition 0.0.4', async () => {
    const r = ok(await bb(['status', '--format', 'prometheus']));
    expect(r.stdout).toBe(readFileSync(textfile, 'utf8'));
    const families = parseExposition(r.stdout);
    expect(families.every((f) => f.type === 'gauge' && f.help !== null)).toBe(true);
    for (const f of families) {
      for (const s of f.samples) expect(s.labels).toMatchObject({ repo: 'docs' });
    }
  });

  it('its values are those of status --json and the run', async () => {
    const families = parseExposition(ok(await bb(['status', '--format', 'prometheus'])).stdout);
    const [row] = JSON.parse(ok(await bb(['status', '--json'])).stdout).repos;
    const docs = { repo: 'docs', host: row.hostname };
    expect(valueOf(families, 'borgboi_last_backup_timestamp_seconds', docs)).toBe(
      Date.parse(row.last_backup) / 1000,
    );
    expect(valueOf(families, 'borgboi_deduplicated_size_bytes', docs)).toBe(row.deduplicated_size);
    expect(valueOf(families, 'borgboi_archive_count', docs)).toBe(1);
    expect(valueOf(families, 'borgboi_last_backup_duration_seconds', docs)).toBe(
      row.last_duration_ms / 1000,
    );
    expect(valueOf(families, 'borgboi_last_result', { ...docs, result: 'success' })).toBe(1);
    expect(valueOf(families, 'borgboi_last_result', { ...docs, result: 'failed' })).toBe(0);
    // Offline: never synced, so the family is left out rather than written as 0.
    expect(families.map((f) => f.name)).not.toContain('borgboi_last_s3_sync_timestamp_seconds');
  });

  it('--output FILE: the same text, written atomically with mode 0644, nothing on stdout', async () => {
    const dir = join(root, 'collector');
    mkdirSync(dir);
    const file = join(dir, 'borgboi.prom');
    const r = ok(await bb(['status', '--format', 'prometheus', '--output', file]));
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`wrote ${file} (1 repository)\n`);
    expect(readFileSync(file, 'utf8')).toBe(readFileSync(textfile, 'utf8'));
    expect(statSync(file).mode & 0o777).toBe(0o644);
    expect(readdirSync(dir)).toEqual(['borgboi.prom']);
  });

  it('a host without repositories: an empty exposition, exit 0', async () => {
    const home = join(root, 'empty-home');
    const r = await runBorgboi(['status', '--format', 'prometheus'], {
      env: { BORGBOI_HOME: home },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(parseExposition(r.stdout)).toEqual([]);
  });
});
