import { describe, expect, it } from 'vitest';
import { LEGACY_ALIASES } from '../../../src/cli/commands/legacy/aliases.js';
import { runCmd } from './harness.js';

/** Each Python 1.x flat command with its old flags, and the new form it stands for. */
const table: Array<[string, string, string]> = [
  ['create-repo -r /r -b /h -n gamma', 'repo create -p /r -b /h -n gamma', 'repo create'],
  [
    'create-exclusions -r /srv/borg/alpha -x /x.txt',
    'exclusions create -p /srv/borg/alpha --from /x.txt',
    'exclusions create',
  ],
  ['list-repos', 'repo list', 'repo list'],
  ['list-archives -n alpha', 'backup list -n alpha', 'backup list'],
  ['list-archives -r /srv/borg/alpha', 'backup list -p /srv/borg/alpha', 'backup list'],
  [
    'list-archive-contents -n alpha -a second -o stdout',
    'backup contents -n alpha -a second',
    'backup contents',
  ],
  ['get-repo -n alpha', 'repo info -n alpha', 'repo info'],
  ['daily-backup -r /srv/borg/alpha', 'backup daily -p /srv/borg/alpha', 'backup daily'],
  [
    'export-repo-key -r /srv/borg/alpha',
    'repo export-key -p /srv/borg/alpha --paper',
    'repo export-key --paper',
  ],
  ['repo-info -n alpha --pp', 'repo info -n alpha', 'repo info'],
  [
    'extract-archive -r /srv/borg/alpha -a second',
    'backup restore -p /srv/borg/alpha -a second',
    'backup restore',
  ],
  [
    'extract-archive -r /srv/borg/alpha -a second --force',
    'backup restore -p /srv/borg/alpha -a second --force',
    'backup restore',
  ],
  [
    'delete-archive -r /srv/borg/alpha -a first --dry-run',
    'backup delete -p /srv/borg/alpha -a first --dry-run',
    'backup delete',
  ],
  [
    'delete-archive -r /srv/borg/alpha -a first --yes',
    'backup delete -p /srv/borg/alpha -a first --yes',
    'backup delete',
  ],
  ['delete-repo -n alpha --yes', 'repo delete -n alpha --yes', 'repo delete'],
  ['append-excludes -n alpha -x *.iso', 'exclusions add -n alpha -x *.iso', 'exclusions add'],
  ['modify-excludes -n alpha -D 2', 'exclusions remove -n alpha -l 2', 'exclusions remove'],
  [
    'restore-repo -n alpha --dry-run --force',
    's3 restore -n alpha --dry-run --force',
    's3 restore',
  ],
  ['migrate-passphrases', 'migrate', 'migrate'],
];

describe('legacy flat commands run their new verb', () => {
  it('the table covers all 16 aliases', () => {
    const names = new Set(table.map(([legacy]) => legacy.split(' ')[0]));
    expect([...names].sort()).toEqual(LEGACY_ALIASES.map((a) => a.name).sort());
    expect(names.size).toBe(16);
  });

  it.each(table)('%s ≡ %s', async (legacy, current, replacement) => {
    const name = legacy.split(' ')[0];
    const old = await runCmd(legacy.split(' '));
    const now = await runCmd(current.split(' '));
    expect(old.code).toBe(now.code);
    expect(old.code).toBe(0);
    expect(old.orch.plainCalls()).toEqual(now.orch.plainCalls());
    expect(old.orch.calls.length).toBeGreaterThan(0);
    expect(old.out).toBe(now.out);
    const deprecation = `warning: '${name}' is deprecated; use 'borgboi ${replacement}'\n`;
    expect(old.err).toBe(deprecation + now.err);
  });

  it('-p is the passphrase in the flat commands (warned about), --path in the groups', async () => {
    const r = await runCmd(['list-archives', '-n', 'alpha', '-p', 'hunter2']);
    expect(r.code).toBe(0);
    const call = r.orch.calls.find((c) => c.method === 'listArchives')!;
    expect(call.args[0]).toMatchObject({
      ref: { kind: 'name', name: 'alpha' },
      passphrase: { cliValue: 'hunter2' },
    });
    expect(r.err).toMatch(/--passphrase puts the passphrase on the command line/);
    expect(r.out + r.err).not.toContain('hunter2');
  });

  it('create-repo without -n asks for the name on a terminal', async () => {
    const r = await runCmd(['create-repo', '-r', '/r', '-b', '/h'], {
      tty: true,
      stdin: 'gamma\n',
    });
    expect(r.code).toBe(0);
    expect(r.err).toContain('Enter a name for this repository: ');
    expect(r.orch.calls.find((c) => c.method === 'createRepo')!.args[0]).toMatchObject({
      name: 'gamma',
    });
  });

  it('create-repo without -n and without a terminal is a usage error telling to pass -n', async () => {
    const r = await runCmd(['create-repo', '-r', '/r', '-b', '/h']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Error: create-repo needs a repository name; pass -n NAME/);
    expect(r.orch.calls).toEqual([]);
  });

  it.each([
    ['daily-backup', /required option '-r, --repo-path <path>' not specified/],
    ['extract-archive -r /srv/borg/alpha', /required option '-a, --archive-name <name>'/],
    ['modify-excludes -n alpha', /required option '-D, --delete-line-num <n>'/],
  ])('%s: old required flags are still required', async (line, message) => {
    const r = await runCmd(line.split(' '));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.orch.calls).toEqual([]);
  });

  it('the aliases are hidden from --help', async () => {
    const r = await runCmd(['--help']);
    expect(r.out).toMatch(/^ {2}backup\s/m);
    for (const a of LEGACY_ALIASES) expect(r.out).not.toContain(a.name);
  });
});
