import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashTree, writeDataTree } from '../support/borg-fixtures.js';
import { BIN } from '../support/cli.js';
import { parseExposition } from '../support/prom-parse.js';

/**
 * docs/getting-started.md, run: every fenced block after `<!-- e2e -->` is a step of one sh
 * script (in page order, so `$archive` of one block is there in the next), a block after
 * `<!-- e2e: file PATH -->` is written to PATH at that point, `<!-- not run: why -->` blocks
 * are skipped. A `sh` block with neither marker fails the test, so no block goes unchecked by
 * accident. The script runs with a temporary HOME (= BORGBOI_HOME), `borgboi`/`bb` on PATH
 * (links, as `npm link` makes them) and two outside services replaced by local stand-ins: the
 * healthchecks URL by an HTTP server of this test, node_exporter's directory by a temp dir.
 */
const PAGE = new URL('../../docs/getting-started.md', import.meta.url);
const PING_BASE = 'https://hc-ping.com/';
const NODE_EXPORTER_DIR = '/var/lib/prometheus/node-exporter';

type Step =
  | { kind: 'sh'; line: number; text: string }
  | { kind: 'file'; path: string; text: string };

function pageSteps(markdown: string): { steps: Step[]; unmarked: number[] } {
  const lines = markdown.split('\n');
  const steps: Step[] = [];
  const unmarked: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\w*)$/.exec(lines[i]!);
    if (!fence) continue;
    const end = lines.indexOf('```', i + 1);
    const text = lines.slice(i + 1, end).join('\n');
    const marker = /^<!-- (e2e(?:: file (\S+))?|not run: .+) -->$/.exec(lines[i - 1] ?? '');
    if (marker?.[1] === 'e2e') steps.push({ kind: 'sh', line: i + 1, text });
    else if (marker?.[2]) steps.push({ kind: 'file', path: marker[2], text });
    else if (!marker && fence[1] === 'sh') unmarked.push(i + 1);
    i = end;
  }
  return { steps, unmarked };
}

function script(steps: Step[], substitute: (s: string) => string): string {
  const body = steps.map((s) => {
    if (s.kind === 'sh') return `echo '### getting-started.md line ${s.line}' >&2\n${s.text}`;
    const target = s.path.replace(/^~\//, '"$HOME"/');
    return `mkdir -p "$(dirname ${target})"\ncat > ${target} <<'DOC_EOF'\n${s.text}\nDOC_EOF`;
  });
  return substitute(`set -eu\n${body.join('\n')}\n`);
}

interface Ping {
  method: string;
  url: string;
  body: string;
}

let root: string;
let home: string;
let promDir: string;
let server: Server;
const pings: Ping[] = [];
let run: { code: number | null; stdout: string; stderr: string };

function runScript(text: string, env: Record<string, string>): Promise<typeof run> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', text], { env, cwd: home, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'bb-getting-started-'));
  home = join(root, 'home');
  promDir = join(root, 'node-exporter');
  mkdirSync(promDir);
  const bin = join(root, 'bin');
  mkdirSync(bin);
  // What `npm link` makes: bin links to bin/borgboi.js, whose `#!/usr/bin/env node` finds node.
  for (const name of ['borgboi', 'bb']) symlinkSync(BIN, join(bin, name));
  writeDataTree(join(home, 'Documents'), { files: 1, maxFileBytes: 2048 });
  mkdirSync(join(home, 'Documents', 'app', '.cache'), { recursive: true });
  writeFileSync(join(home, 'Documents', 'app', '.cache', 'big.bin'), 'cached\n');
  writeFileSync(join(home, 'Documents', 'draft.tmp'), 'scratch\n');

  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      pings.push({ method: req.method ?? '', url: req.url ?? '', body });
      res.end('OK');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const pingBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  const { steps } = pageSteps(readFileSync(PAGE, 'utf8'));
  const text = script(steps, (s) =>
    s.replaceAll(PING_BASE, pingBase).replaceAll(NODE_EXPORTER_DIR, promDir),
  );
  run = await runScript(text, {
    PATH: `${bin}:${dirname(process.execPath)}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: home,
    BORGBOI_HOME: home,
    LANG: 'C.UTF-8',
  });
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(root, { recursive: true, force: true });
});

describe('docs/getting-started.md, run as written', () => {
  it('marks every sh block as run or not run, and runs at least the main path', () => {
    const { steps, unmarked } = pageSteps(readFileSync(PAGE, 'utf8'));
    expect(unmarked, 'sh blocks without <!-- e2e --> or <!-- not run: … -->').toEqual([]);
    const commands = steps.filter((s) => s.kind === 'sh').map((s) => s.text);
    for (const verb of ['repo create', 'exclusions add', 'backup daily', 'backup restore']) {
      expect(commands.join('\n')).toContain(`borgboi ${verb}`);
    }
    expect(commands.join('\n')).toMatch(/borgboi schedule install .*--print/);
    expect(commands.join('\n')).toMatch(/borgboi status --max-age/);
  });

  it('every e2e block succeeds', () => {
    const tail = run.stderr.split('\n').slice(-30).join('\n');
    expect(run.code, `the page's script failed:\n${tail}`).toBe(0);
    expect(run.stderr).not.toMatch(/Error:/);
  });

  it('the restore brings the documents back byte for byte, without the excluded files', async () => {
    const restored = join(home, 'restore', home.slice(1), 'Documents');
    const expected = await hashTree(join(home, 'Documents'));
    for (const path of Object.keys(expected)) {
      if (/(^|\/)\.cache(\/|$)|\.tmp$/.test(path)) delete expected[path];
    }
    expect(await hashTree(restored)).toEqual(expected);
    const one = join(home, 'restore-one', home.slice(1), 'Documents');
    expect(readdirSync(one)).toEqual(['todo.txt']);
    expect(readFileSync(join(one, 'todo.txt'), 'utf8')).toBe('call the plumber\n');
  });

  it('the key was exported and the --unit-dir schedule removed again', () => {
    expect(readFileSync(join(home, 'documents-key.txt'), 'utf8')).toMatch(/BORG PAPER KEY/);
    expect(readdirSync(join(home, 'units'))).toEqual([]);
  });

  it('the monitored daily pinged start and success; the check of section 6 made the cadence skip its own', () => {
    const path = '/eb095278-f28d-448d-87fb-7b75c171a6aa';
    expect(pings.map((p) => `${p.method} ${p.url}`)).toEqual([`GET ${path}/start`, `POST ${path}`]);
    expect(pings[1]!.body).toMatch(/documents/);
    const runs = readFileSync(join(home, '.borgboi', 'data', 'runs.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const daily = runs.filter((r) => r.command === 'backup daily' && r.result !== 'running').at(-1);
    expect(daily.steps).toContainEqual(
      expect.objectContaining({
        name: 'check:repository',
        result: 'skipped',
        message: expect.stringMatching(/^not due until /),
      }),
    );
  });

  it('the textfile is Prometheus exposition of the repository', () => {
    const file = join(promDir, 'borgboi.prom');
    expect(existsSync(file)).toBe(true);
    const families = parseExposition(readFileSync(file, 'utf8'));
    const archives = families.find((f) => f.name === 'borgboi_archive_count');
    expect(archives?.samples).toEqual([
      expect.objectContaining({ labels: expect.objectContaining({ repo: 'documents' }) }),
    ]);
  });
});
