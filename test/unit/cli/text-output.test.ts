import { describe, expect, it } from 'vitest';
import { LEGACY_DB_SECRET } from '../../support/recorded-borg.js';
import { createFakeOrchestrator } from '../../support/fake-orchestrator.js';
import { runCmd } from './harness.js';

describe('text output (stdout = data, stderr = people)', () => {
  it('--help lists every group and top-level verb with a one-line description', async () => {
    const r = await runCmd(['--help']);
    for (const name of [
      'repo',
      'backup',
      's3',
      'exclusions',
      'config',
      'migrate',
      'status',
      'version',
    ]) {
      expect(r.out).toMatch(new RegExp(`^  ${name}( \\[options\\])?\\s+[A-Z]`, 'm'));
    }
  });

  it('repo list: the Python columns', async () => {
    const r = await runCmd(['repo', 'list']);
    const [header, alpha] = r.out.split('\n');
    expect(header).toMatch(/^Name +Path +Host +Last backup +Size +Target$/);
    expect(alpha).toMatch(
      /^alpha +\/srv\/borg\/alpha +testhost +2026-11-26 05:37 UTC +298 KiB +\/home\/user$/,
    );
    expect(r.err).toBe('');
  });

  it('repo list with no repos: a hint on stderr, nothing on stdout', async () => {
    const orch = createFakeOrchestrator({
      listRepos: async () => ({ repos: [], source: 'local', skipped: [] }),
    });
    const r = await runCmd(['repo', 'list'], { orch });
    expect(r.out).toBe('');
    expect(r.err).toMatch(/No repositories yet; create one with 'borgboi repo create/);
  });

  it('repo info: aligned panel with sizes, retention and its source', async () => {
    const r = await runCmd(['repo', 'info', '-n', 'alpha']);
    expect(r.out).toMatch(/^Name: +alpha$/m);
    expect(r.out).toMatch(/^Encryption: +repokey$/m);
    expect(r.out).toMatch(/^Archives: +2$/m);
    expect(r.out).toMatch(/^Deduplicated size: +298 KiB$/m);
    expect(r.out).toMatch(/^Last backup: +2026-11-26 05:37 UTC \(1d 0h ago\)$/m);
    expect(r.out).toMatch(/^Retention: +daily 7, weekly 4, monthly 6, yearly 0 \(default\)$/m);
    expect(r.out).not.toMatch(/S3 copy/);
  });

  it('repo info --raw: borg’s document as is', async () => {
    const r = await runCmd(['repo', 'info', '--raw']);
    expect(JSON.parse(r.out)).toMatchObject({
      encryption: { mode: 'repokey' },
      repository: { location: '/repo' },
    });
  });

  it('repo create: a generated passphrase is announced by file, never printed', async () => {
    const r = await runCmd(['repo', 'create', '-p', '/r', '-b', '/h', '-n', 'gamma']);
    expect(r.code).toBe(0);
    expect(r.out).toBe("Created repository 'gamma' at /r (repokey), backing up /h\n");
    expect(r.err).toMatch(
      /new passphrase was generated and saved to \/home\/test\/.borgboi\/passphrases\/gamma.key/,
    );
    expect(r.err).toMatch(/borgboi repo export-key -n gamma --paper/);
  });

  it('--passphrase VALUE is accepted with a warning and never echoed', async () => {
    const r = await runCmd(['backup', 'list', '-n', 'alpha', '--passphrase', 'hunter2']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(
      /^warning: --passphrase puts the passphrase on the command line, .*use --passphrase-file FILE/,
    );
    expect(r.out + r.err).not.toContain('hunter2');
    expect(r.orch.calls[0]!.args[0]).toMatchObject({
      passphrase: { cliValue: 'hunter2', allowEnv: false },
    });
  });

  it('no output of any verb carries the legacy DB passphrase', async () => {
    for (const line of [
      'repo list',
      'repo info',
      'repo create -p /r -b /h -n g',
      'backup run',
      'repo set-retention --clear',
    ]) {
      for (const json of [[], ['--json']]) {
        const r = await runCmd([...line.split(' '), ...json]);
        expect(r.out + r.err).not.toContain(LEGACY_DB_SECRET);
      }
    }
  });

  it('backup list: newest first with age and short id', async () => {
    const r = await runCmd(['backup', 'list']);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Name +Created +Age +ID$/);
    expect(lines[1]).toMatch(/^second +2026-11-26 05:37:41 +1d 0h ago +7039d2af620916d4$/);
    expect(lines[2]).toMatch(/^first /);
  });

  it('backup find: a table and the restore command for the newest match', async () => {
    const r = await runCmd(['backup', 'find', '**/a.txt']);
    expect(r.out).toMatch(/^Archive +Created +Size +Modified +Path$/m);
    expect(r.out).toMatch(
      /^second +2026-11-26 05:37:41 +14 B +2026-11-26 05:37:40 +data\/docs\/a\.txt$/m,
    );
    expect(r.err).toContain(
      '1 match in 2 archives. Restore one with: borgboi backup restore -n alpha -a second --path-in-archive data/docs/a.txt',
    );
  });

  it('backup diff: each changed path and a summary', async () => {
    const r = await runCmd(['backup', 'diff']);
    expect(r.out).toMatch(/^Changes from 'first' to 'second' in 'alpha':$/m);
    expect(r.out).toMatch(/^ {2}data\/docs\/a\.txt {2}\+14 B -12 B$/m);
    expect(r.out).toMatch(
      /^ {2}data\/sub\/deep\/file\.txt {2}\+0 B -0 B, mode -rw-r--r-- -> -rw-------$/m,
    );
    expect(r.out).toMatch(
      /^8 paths changed: 1 added, 1 removed, 3 modified, 1 mode; \+14 B -12 B$/m,
    );
  });

  it('backup prune: policy with source, kept and pruned archives', async () => {
    const r = await runCmd(['backup', 'prune', '--dry-run']);
    expect(r.out).toMatch(
      /^Retention of 'alpha': daily 7, weekly 4, monthly 6, yearly 0 \(default\)$/m,
    );
    expect(r.out).toMatch(/^ {2}keep {3}third {2}2026-11-26 05:38:26 {2}\(secondly #1\)$/m);
    expect(r.out).toMatch(/^ {2}would prune first/m);
    expect(r.out).toMatch(/^2 kept, 1 would prune$/m);
  });

  it('backup info: the archive panel', async () => {
    const r = await runCmd(['backup', 'info', '-a', 'second']);
    expect(r.out).toMatch(/^Archive: +second$/m);
    expect(r.out).toMatch(/^Files: +7$/m);
    expect(r.out).toMatch(/^Command line: +\/usr\/bin\/borg create --json/m);
  });

  it('backup restore: target defaults to the current directory, resolved', async () => {
    const r = await runCmd(['backup', 'restore', '-a', 'second', '--target', 'sub'], {
      cwd: '/work',
    });
    expect(r.orch.calls[0]!.args[0]).toMatchObject({ target: '/work/sub', force: false });
    expect(r.out).toBe("Restored archive 'second' of 'alpha' into /work/sub\n");
    const here = await runCmd(['backup', 'restore', '-a', 'second'], { cwd: '/srv/restore' });
    expect(here.orch.calls[0]!.args[0]).toMatchObject({ target: '/srv/restore' });
  });

  it('exclusions add: numbered lines, the new one marked', async () => {
    const r = await runCmd(['exclusions', 'add', '-n', 'alpha', '*.iso']);
    expect(r.out).toBe('1  *.tmp\n2  /data/logs/app.log\n3  *.iso  (new)\n');
    expect(r.err).toBe(
      "Exclusions of 'alpha' from /home/test/.borgboi/data/exclusions/alpha.txt:\n",
    );
  });

  it('exclusions remove: what was removed, then the rest', async () => {
    const r = await runCmd(['repo', 'exclusions', 'remove', '-n', 'alpha', '1']);
    expect(r.out).toBe('Removed line 1: *.tmp\n1  /data/logs/app.log\n');
  });

  it('repo check that finds problems exits 1 and lists them', async () => {
    const orch = createFakeOrchestrator({
      checkRepo: async () => ({
        repo: 'alpha',
        kind: 'repository',
        ok: false,
        problems: ['Index object count mismatch.'],
        report: [],
      }),
    });
    const r = await runCmd(['repo', 'check'], { orch });
    expect(r.code).toBe(1);
    expect(r.err).toBe('warning: Index object count mismatch.\n');
    expect(r.out).toBe("Check (repository) of 'alpha': problems found\n");
  });

  it('repo export-key -o -: the key text on stdout', async () => {
    const r = await runCmd(['repo', 'export-key', '-o', '-', '--paper']);
    expect(r.out).toMatch(/^To restore key use borg key import --paper/);
  });

  it('migrate: a per-repo table and counts', async () => {
    const r = await runCmd(['migrate']);
    expect(r.out).toMatch(/^Name +From +Status +Detail$/m);
    expect(r.out).toMatch(/^gamma +sqlite +skipped +no passphrase stored$/m);
    expect(r.out).toMatch(/^1 migrated, 1 already, 1 skipped$/m);
  });

  it('migrate --legacy-table: the copied items and counts naming both tables', async () => {
    const r = await runCmd(['migrate', '--legacy-table', '--dry-run']);
    expect(r.out).toMatch(/^Name +Status +Detail$/m);
    expect(r.out).toMatch(/^legacy-item +skipped +os_platform is missing$/m);
    expect(r.out).toMatch(
      /^1 would migrate, 1 already, 1 skipped from borgboi-repos into bb-repos$/m,
    );
    expect(r.err).toMatch(/Dry run: nothing was written/);
  });

  it('s3 sync: one line per repo', async () => {
    const r = await runCmd(['s3', 'sync', '--all']);
    expect(r.out).toMatch(
      /^alpha → s3:\/\/bb-backups\/alpha: uploaded 1 files \(802 B\), 16 unchanged in 900 ms$/m,
    );
    expect(r.out).toMatch(/^beta → /m);
    expect(r.err).toMatch(/^alpha: sync ok 900 ms$/m);
  });

  it('s3 verify that fails exits 1', async () => {
    const orch = createFakeOrchestrator();
    const verify = orch.verifyS3;
    orch.verifyS3 = async (i) => ({ ...(await verify(i)), ok: false });
    const r = await runCmd(['s3', 'verify'], { orch });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/S3 copy of 'alpha': FAILED/);
  });
});

describe('status', () => {
  it('without --max-age: a table, exit 0', async () => {
    const r = await runCmd(['status']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Name +Host +Last backup +Last sync +Result +Took +Size +Stale$/m);
    expect(r.out).toMatch(/^alpha +testhost +1d 0h ago +never +success +12\.0 s +298 KiB$/m);
  });

  it('--max-age 2d: beta is stale → exit 1, named on stderr', async () => {
    const r = await runCmd(['status', '--max-age', '2d']);
    expect(r.code).toBe(1);
    expect(r.orch.calls[0]!.args[0]).toEqual({ maxAgeMs: 2 * 86_400_000, allHosts: false });
    expect(r.out).toMatch(/^beta .* STALE$/m);
    expect(r.err).toBe('warning: 1 repository older than 2d 0h: beta\n');
  });

  it('--max-age 2w: nothing stale → exit 0', async () => {
    const r = await runCmd(['status', '--max-age', '2w', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ stale: [], max_age_ms: 2 * 604_800_000 });
  });

  it('--json with a stale repo still exits 1', async () => {
    const r = await runCmd(['status', '--max-age', '26h', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).stale).toEqual(['beta']);
  });
});
