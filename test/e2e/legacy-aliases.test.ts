import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as bList from '../../src/cli/commands/backup/list.js';
import { hashTree, writeDataTree } from '../support/borg-fixtures.js';
import type { CliResult } from '../support/cli.js';
import { e2eHome, normalize, type E2eHome } from '../support/e2e-home.js';

/**
 * The 16 flat commands of Python borgboi 1.x (borgboi-python.md §1.5), each with its old
 * flags, against real borg, compared with the new form: same exit code, same stdout, and
 * stderr = one deprecation line + the new form's stderr. Read-only pairs run on one repo;
 * a pair that changes things runs the old form on `oldform` and the new one on its twin
 * `newform` (same source, same steps so far), and the twin's name is mapped back before
 * comparing. Rows run in order: each builds on the state the ones before left.
 */
type Row = {
  legacy: string;
  current: string;
  /** The new form named in the deprecation line. */
  replacement: string;
  code?: number;
  /** The new form runs on the twin repo. */
  twin?: boolean;
  /** Each form runs in its own empty working directory (extract-archive restores into it). */
  cwd?: boolean;
};

const rows: Row[] = [
  {
    legacy: 'create-repo -r {A} -b {SRC} -n oldform',
    current: 'repo create -p {B} -b {SRC} -n newform',
    replacement: 'repo create',
    twin: true,
  },
  {
    legacy: 'create-exclusions -r {A} -x {PATTERNS}',
    current: 'exclusions create -p {B} -s {PATTERNS}',
    replacement: 'exclusions create',
    twin: true,
  },
  {
    legacy: 'append-excludes -n oldform -x *.iso',
    current: 'exclusions add -n newform -x *.iso',
    replacement: 'exclusions add',
    twin: true,
  },
  {
    legacy: 'modify-excludes -n oldform -D 1',
    current: 'exclusions remove -n newform -l 1',
    replacement: 'exclusions remove',
    twin: true,
  },
  {
    legacy: 'daily-backup -r {A}',
    current: 'backup daily -p {B}',
    replacement: 'backup daily',
    twin: true,
  },
  { legacy: 'list-repos', current: 'repo list', replacement: 'repo list' },
  { legacy: 'list-archives -r {A}', current: 'backup list -p {A}', replacement: 'backup list' },
  {
    legacy: 'list-archives -n oldform -p {PASS}',
    current: 'backup list -n oldform --passphrase {PASS}',
    replacement: 'backup list',
  },
  {
    legacy: 'list-archive-contents -n oldform -a {X} -o stdout',
    current: 'backup contents -n oldform -a {X}',
    replacement: 'backup contents',
  },
  { legacy: 'get-repo -n oldform', current: 'repo info -n oldform', replacement: 'repo info' },
  {
    legacy: 'repo-info -n oldform --pp',
    current: 'repo info -n oldform',
    replacement: 'repo info',
  },
  {
    legacy: 'export-repo-key -r {A}',
    current: 'repo export-key -p {A} --paper',
    replacement: 'repo export-key --paper',
  },
  {
    legacy: 'extract-archive -r {A} -a {X}',
    current: 'backup restore -p {A} -a {X}',
    replacement: 'backup restore',
    cwd: true,
  },
  {
    legacy: 'delete-archive -r {A} -a {X} --dry-run',
    current: 'backup delete -p {A} -a {X} --dry-run',
    replacement: 'backup delete',
  },
  {
    legacy: 'delete-archive -r {A} -a {X} --yes',
    current: 'backup delete -p {B} -a {Y} --yes',
    replacement: 'backup delete',
    twin: true,
  },
  {
    legacy: 'restore-repo -n oldform --dry-run --force',
    current: 's3 restore -n oldform --dry-run --force',
    replacement: 's3 restore',
    code: 2,
  },
  { legacy: 'migrate-passphrases', current: 'migrate', replacement: 'migrate' },
  {
    legacy: 'delete-repo -r {A} --dry-run',
    current: 'repo delete -p {A} --dry-run',
    replacement: 'repo delete',
  },
  {
    legacy: 'delete-repo -r {A} --yes',
    current: 'repo delete -p {B} --yes',
    replacement: 'repo delete',
    twin: true,
  },
];

let h: E2eHome;
let src: string;
const newest: Record<string, string> = {};
const dirs = { A: '', B: '', SRC: '', PATTERNS: '' };

beforeAll(() => {
  h = e2eHome();
  src = join(h.root, 'src');
  writeDataTree(src, { seed: 5, files: 4, maxFileBytes: 4096 });
  dirs.A = join(h.root, 'repos', 'oldform');
  dirs.B = join(h.root, 'repos', 'newform');
  dirs.SRC = src;
  dirs.PATTERNS = join(h.root, 'patterns.txt');
  writeFileSync(dirs.PATTERNS, '# Python-era pattern file\nsh:**/*.tmp\n');
});
afterAll(() => h.cleanup());

async function newestArchive(repo: string): Promise<string> {
  if (!newest[repo]) {
    const list = await h.json(bList.jsonSchema, ['backup', 'list', '-n', repo]);
    newest[repo] = list.archives[0]!.name;
  }
  return newest[repo];
}

async function expand(line: string): Promise<string[]> {
  const out: string[] = [];
  for (const word of line.split(' ')) {
    if (word === '{X}') out.push(await newestArchive('oldform'));
    else if (word === '{Y}') out.push(await newestArchive('newform'));
    else if (word === '{PASS}') out.push(h.passphrase('oldform'));
    else out.push(word.replace(/^\{(A|B|SRC|PATTERNS)\}$/, (_, k: keyof typeof dirs) => dirs[k]));
  }
  return out;
}

const clean = (text: string, twin: Array<[string, string]>) =>
  normalize(text, twin).replace(/\b\d+(\.\d+)? (B|KiB|MiB)\b/g, '<size>');

describe('legacy flat commands against real borg behave like their new form', () => {
  it('the table covers all 16 flat commands', () => {
    expect(new Set(rows.map((r) => r.legacy.split(' ')[0])).size).toBe(16);
  });

  it.each(rows)('$legacy ≡ $current', async (row) => {
    const cwds = row.cwd ? [join(h.root, 'cwd-old'), join(h.root, 'cwd-new')] : [];
    cwds.forEach((d) => mkdirSync(d));
    const old = await h.run(await expand(row.legacy), { cwd: cwds[0] });
    const now = await h.run(await expand(row.current), { cwd: cwds[1] });
    const name = row.legacy.split(' ')[0];
    const swap: Array<[string, string]> = [
      ...(row.twin ? ([['newform', 'oldform']] as Array<[string, string]>) : []),
      ...(row.cwd ? ([[cwds[1]!, cwds[0]!]] as Array<[string, string]>) : []),
    ];
    expect(old.code, describeRun(old)).toBe(row.code ?? 0);
    expect(now.code, describeRun(now)).toBe(old.code);
    expect(clean(old.stdout, [])).toBe(clean(now.stdout, swap));
    const deprecation = `warning: '${name}' is deprecated; use 'borgboi ${row.replacement}'\n`;
    expect(old.stderr.startsWith(deprecation), old.stderr).toBe(true);
    expect(clean(old.stderr.slice(deprecation.length), [])).toBe(clean(now.stderr, swap));
    if (row.cwd) expect(await hashTree(cwds[0]!)).toEqual(await hashTree(cwds[1]!));
  });
});

function describeRun(r: CliResult): string {
  return `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
}
