import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as bContents from '../../src/cli/commands/backup/contents.js';
import * as bDaily from '../../src/cli/commands/backup/daily.js';
import * as bDelete from '../../src/cli/commands/backup/delete.js';
import * as bDiff from '../../src/cli/commands/backup/diff.js';
import * as bInfo from '../../src/cli/commands/backup/info.js';
import * as bList from '../../src/cli/commands/backup/list.js';
import * as bPrune from '../../src/cli/commands/backup/prune.js';
import * as bRecreate from '../../src/cli/commands/backup/recreate.js';
import * as bRestore from '../../src/cli/commands/backup/restore.js';
import * as bRun from '../../src/cli/commands/backup/run.js';
import * as exAdd from '../../src/cli/commands/exclusions/add.js';
import * as rCreate from '../../src/cli/commands/repo/create.js';
import * as rDelete from '../../src/cli/commands/repo/delete.js';
import * as rInfo from '../../src/cli/commands/repo/info.js';
import * as rList from '../../src/cli/commands/repo/list.js';
import * as rSetRetention from '../../src/cli/commands/repo/set-retention.js';
import * as status from '../../src/cli/commands/status.js';
import { hashTree, writeDataTree } from '../support/borg-fixtures.js';
import { e2eHome, expectCode, type E2eHome } from '../support/e2e-home.js';

/**
 * The offline job as a user meets it: the built CLI against real borg, one repo through its
 * whole life. Steps share the repo (each borg start costs ~0.3 s), so they run in order; every
 * step runs as text and with --json, the document parsed strictly by the verb's jsonSchema.
 */
let h: E2eHome;
let src: string;
let repoPath: string;
const N = ['-n', 'flow'];
/** Archive names, oldest first, as the flow makes them. */
const archives = { daily: [] as string[], dated: [] as string[], dailyDays: [] as string[] };
/** Archive paths are absolute source paths without the leading slash. */
const inArchive = (rel: string) => join(src.slice(1), rel);

beforeAll(() => {
  h = e2eHome();
  src = join(h.root, 'src');
  repoPath = join(h.root, 'repos', 'flow');
  writeDataTree(src, { seed: 7, files: 12, maxFileBytes: 16 * 1024 });
  mkdirSync(join(src, 'cache'));
  mkdirSync(join(src, 'docs'));
  writeFileSync(join(src, 'cache', 'big.tmp'), 'scratch data that the exclusions drop\n');
  writeFileSync(join(src, 'docs', 'gone.txt'), 'removed before the second daily\n');
});
afterAll(() => h.cleanup());

describe('offline flow: create → exclusions → daily ×2 → inspect → restore → recreate → prune → delete', () => {
  it('repo create registers the repo, writes its key file and a borg repo', async () => {
    const made = await h.json(rCreate.jsonSchema, `repo create -p ${repoPath} -b ${src} -n flow`);
    expect(made).toMatchObject({
      repo: { name: 'flow', path: repoPath, backup_target: src },
      passphrase_source: 'generated',
    });
    expect(existsSync(join(repoPath, 'config'))).toBe(true);
    expect(h.passphrase('flow')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const listed = await h.json(rList.jsonSchema, ['repo', 'list']);
    expect(JSON.stringify(listed)).toContain(repoPath);
    const text = expectCode(await h.run(['repo', 'list']), 0);
    expect(text.stdout).toMatch(/^flow\s+\S*repos\/flow\s/m);
  });

  it('exclusions add (text and --json) validates and appends the patterns', async () => {
    const text = expectCode(await h.run(['exclusions', 'add', ...N, 'sh:**/*.tmp']), 0);
    expect(text.stdout).toMatch(/sh:\*\*\/\*\.tmp {2}\(new\)/);
    const doc = await h.json(exAdd.jsonSchema, ['exclusions', 'add', ...N, '*.iso']);
    expect(JSON.stringify(doc)).toContain('sh:**/*.tmp');
    expect(JSON.stringify(doc)).toContain('*.iso');
  });

  it('backup daily twice, with a change between: success, archive, stats, steps', async () => {
    const first = expectCode(await h.run(['backup', 'daily', ...N]), 0);
    expect(first.stdout).toMatch(/^Daily backup of 'flow': success$/m);
    expect(first.stderr).toMatch(/^create ok /m);
    writeFileSync(join(src, 'docs', 'note-new.txt'), 'added between the two dailies\n');
    writeFileSync(join(src, 'file with spaces.txt'), 'changed between the two dailies\n');
    rmSync(join(src, 'docs', 'gone.txt'));
    const second = await h.json(bDaily.jsonSchema, ['backup', 'daily', ...N]);
    if ('results' in second) throw new Error('one repo gives one document');
    expect(second).toMatchObject({ repo: 'flow', result: 'success', exit_code: 0, error: null });
    expect(second.steps.map((s) => `${s.name}:${s.result}`).join(' ')).toBe(
      'resolve:ok create:ok prune:ok compact:ok sync:skipped metadata:ok table:skipped',
    );
    const list = await h.json(bList.jsonSchema, ['backup', 'list', ...N]);
    const names = list.archives.map((a) => a.name);
    expect(names).toHaveLength(2);
    expect(names[0]).toBe(second.archive);
    archives.daily = [...names].reverse();
    // borg reports local time; prune buckets archives by local calendar day.
    archives.dailyDays = list.archives.map((a) => a.start.slice(0, 10)).reverse();
    const text = expectCode(await h.run(['backup', 'list', ...N]), 0);
    expect(text.stdout.split('\n')[0]).toMatch(/^Name\s+Created\s+Age\s+ID$/);
    expect(text.stdout).toContain(names[1]);
  });

  it('backup contents lists the archive without the excluded paths', async () => {
    const [, newest] = archives.daily;
    const doc = await h.json(bContents.jsonSchema, ['backup', 'contents', ...N, '-a', newest!]);
    const paths = JSON.stringify(doc);
    expect(paths).toContain(inArchive('docs/note-new.txt'));
    expect(paths).toContain(inArchive('ünïcødé ファイル.txt'));
    expect(paths).not.toContain('big.tmp');
    const text = expectCode(await h.run(['backup', 'contents', ...N, '-a', newest!]), 0);
    expect(text.stdout).toContain('docs/note-new.txt');
    expect(text.stdout).not.toContain('big.tmp');
  });

  it('backup info and repo info describe the archive and the repo', async () => {
    const [, newest] = archives.daily;
    const info = await h.json(bInfo.jsonSchema, ['backup', 'info', ...N, '-a', newest!]);
    expect(JSON.stringify(info)).toContain(newest!);
    const text = expectCode(await h.run(['backup', 'info', ...N, '-a', newest!]), 0);
    expect(text.stdout).toContain(newest!);
    const repo = await h.json(rInfo.jsonSchema, ['repo', 'info', ...N]);
    expect(JSON.stringify(repo)).toContain(repoPath);
    expectCode(await h.run(['repo', 'info', ...N]), 0);
  });

  it('backup diff (default: the two newest) shows exactly the change made between', async () => {
    const diff = await h.json(bDiff.jsonSchema, ['backup', 'diff', ...N]);
    expect([diff.archive1, diff.archive2]).toEqual(archives.daily);
    const kinds = Object.fromEntries(
      diff.entries
        .filter((e) => !e.changes.every((c) => c.type === 'mtime' || c.type === 'ctime'))
        .map((e) => [e.path, e.changes.map((c) => c.type).sort()]),
    );
    expect(kinds).toEqual({
      [inArchive('docs/note-new.txt')]: ['added'],
      [inArchive('docs/gone.txt')]: ['removed'],
      [inArchive('file with spaces.txt')]: expect.arrayContaining(['modified']),
    });
    expect(diff.summary).toMatchObject({ added: 1, removed: 1, modified: 1 });
    const text = expectCode(await h.run(['backup', 'diff', ...N]), 0);
    expect(text.stdout).toContain('docs/note-new.txt');
    expect(text.stdout).toContain('docs/gone.txt');
  });

  it('backup restore gives back the source byte for byte (minus the exclusions)', async () => {
    const [, newest] = archives.daily;
    const dryTarget = join(h.root, 'dry');
    const dryRun = `backup restore -n flow -a ${newest} --target ${dryTarget} --dry-run`;
    const dry = expectCode(await h.run(dryRun), 0);
    const [head, ...listed] = dry.stdout.trimEnd().split('\n');
    expect(head).toBe(
      `Would restore archive '${newest}' of 'flow' into ${join(h.root, 'dry')} (${listed.length} paths)`,
    );
    expect(listed).toContain(`  ${src.slice(1)}/docs/note-new.txt`);
    expect(listed.join('\n')).not.toContain('big.tmp');
    expect(existsSync(join(h.root, 'dry', src.slice(1)))).toBe(false);
    const target = join(h.root, 'restored');
    const doc = await h.json(
      bRestore.jsonSchema,
      `backup restore -n flow -a ${newest} --target ${target}`,
    );
    expect(doc).toMatchObject({ archive: newest, target, dry_run: false });
    const expected = await hashTree(src);
    delete expected['cache/big.tmp'];
    expect(await hashTree(join(target, src.slice(1)))).toEqual(expected);
  });

  it('backup recreate drops paths from an archive it rewrites', async () => {
    const [oldest] = archives.daily;
    const args = ['backup', 'recreate', ...N, '-a', oldest!, '--exclude', 'sh:**/note-*'];
    const dry = expectCode(await h.run([...args, '--dry-run']), 0);
    const [head, ...changes] = dry.stdout.trimEnd().split('\n');
    expect(head).toBe(`Would rewrite archive '${oldest}' of 'flow'`);
    expect(changes.length).toBeGreaterThan(0);
    for (const line of changes) expect(line).toMatch(/^ {2}x .*\/note-\d+\.txt$/);
    const doc = await h.json(bRecreate.jsonSchema, args);
    expect(doc).toMatchObject({ archive: oldest, dry_run: false });
    const contents = await h.json(bContents.jsonSchema, `backup contents -n flow -a ${oldest}`);
    const paths = JSON.stringify(contents);
    expect(paths).not.toMatch(/note-\d+\.txt/);
    expect(paths).toContain('blob-');
  });

  it('backup prune keeps exactly what the per-repo retention says', async () => {
    const retention = `repo set-retention -n flow --daily 2 --weekly 1 --monthly 0 --yearly 0`;
    const text = expectCode(await h.run(retention), 0);
    expect(text.stdout).toBe("Retention of 'flow': daily 2, weekly 1, monthly 0, yearly 0\n");
    const set = await h.json(rSetRetention.jsonSchema, retention);
    const policy = { keep_daily: 2, keep_weekly: 1, keep_monthly: 0, keep_yearly: 0 };
    expect(set.retention).toEqual(policy);
    // Noon UTC: the same calendar day in any local time zone borg's prune might use.
    for (const day of ['2020-03-03', '2020-03-04', '2020-03-10']) {
      const run = await h.json(bRun.jsonSchema, `backup run -n flow --timestamp ${day}T12:00:00`);
      archives.dated.push(run.archive!.name);
    }
    const [d1, d2] = archives.daily as [string, string];
    const [mar3, mar4, mar10] = archives.dated as [string, string, string];
    // Newest first: daily keeps d2 (#1) and the newest archive of another day (#2); weekly
    // then keeps the newest archive of the next week not kept yet.
    const sameDay = archives.dailyDays[0] === archives.dailyDays[1];
    const kept = sameDay ? [d2, mar10, mar4] : [d2, d1, mar10];
    const pruned = sameDay ? [d1, mar3] : [mar4, mar3];
    const dry = expectCode(await h.run(['backup', 'prune', ...N, '--dry-run']), 0);
    expect(dry.stdout).toContain('3 kept, 2 would prune');
    const doc = await h.json(bPrune.jsonSchema, ['backup', 'prune', ...N]);
    expect(doc).toMatchObject({ policy, policy_source: 'repo', dry_run: false });
    expect(doc.kept.map((k) => k.name)).toEqual(kept);
    expect(doc.pruned.map((p) => p.name)).toEqual(pruned);
    const list = await h.json(bList.jsonSchema, ['backup', 'list', ...N]);
    expect(list.archives.map((a) => a.name)).toEqual(kept);
  });

  it('status: fresh under --max-age 1h, stale (exit 1) once the last backup is older', async () => {
    const fresh = await h.json(status.jsonSchema, ['status', '--max-age', '1h']);
    expect(fresh).toMatchObject({ stale: [], source: 'local' });
    expect(fresh.repos).toMatchObject([{ name: 'flow', last_result: 'success', stale: false }]);
    expect(expectCode(await h.run(['status']), 0).stdout).toMatch(/^flow\s+\S+\s+\S.*success/m);
    const age = fresh.repos[0]!.age_ms!;
    if (age < 1100) await new Promise((r) => setTimeout(r, 1100 - age));
    const stale = await h.json(status.jsonSchema, ['status', '--max-age', '1s'], 1);
    expect(stale).toMatchObject({ stale: ['flow'], max_age_ms: 1000 });
    expectCode(await h.run(['status', '--max-age', '1s']), 1);
  });

  it('backup delete removes one archive; repo delete removes repo, key and record', async () => {
    const [victim] = archives.dated.slice(-1);
    expectCode(await h.run(['backup', 'delete', ...N, '-a', victim!, '--dry-run']), 0);
    const del = await h.json(bDelete.jsonSchema, `backup delete -n flow -a ${victim} --yes`);
    expect(del).toMatchObject({ archive: victim, dry_run: false });
    const list = await h.json(bList.jsonSchema, ['backup', 'list', ...N]);
    expect(list.archives.map((a) => a.name)).not.toContain(victim);
    const dry = expectCode(await h.run(['repo', 'delete', ...N, '--dry-run']), 0);
    expect(dry.stdout).toMatch(/^Would delete repository 'flow'/m);
    expect(existsSync(repoPath)).toBe(true);
    const gone = await h.json(rDelete.jsonSchema, ['repo', 'delete', ...N, '--yes']);
    expect(gone).toMatchObject({ dry_run: false });
    expect(existsSync(repoPath)).toBe(false);
    expect(existsSync(join(h.root, '.borgboi', 'passphrases', 'flow.key'))).toBe(false);
    const listed = await h.json(rList.jsonSchema, ['repo', 'list']);
    expect(JSON.stringify(listed)).not.toContain(repoPath);
  });
});
