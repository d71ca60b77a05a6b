import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOST, useHarness } from '../../support/fakes/harness.js';

const harness = useHarness();
const ref = (name: string) => ({ kind: 'name' as const, name });
const docs = ref('docs');

describe('exportKey, retention, quota, info, list', () => {
  it('writes the key to the Python location with mode 0600, or returns it for -', async () => {
    const h = harness();
    await h.addRepo('docs');
    const res = await h.orch.exportKey({ ref: ref('docs') });
    const file = join(h.paths.baseDir, 'docs-encrypted-key-backup.txt');
    expect(res).toEqual({ repo: 'docs', file, text: null, format: 'key' });
    expect(readFileSync(file, 'utf8')).toMatch(/^BORG_KEY [0-9a-f]{64}\n/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const paper = await h.orch.exportKey({ ref: ref('docs'), output: '-', paper: true });
    expect(paper).toMatchObject({
      file: null,
      format: 'paper',
      text: expect.stringContaining('BORG PAPER KEY v1'),
    });
    expect(h.borg.calls.map((c) => c.opts)).toEqual([{ format: 'key' }, { format: 'paper' }]);
  });

  it('refuses to export the key of an unencrypted repo (it has none)', async () => {
    const h = harness();
    await h.orch.createRepo({
      name: 'open',
      path: join(h.root, 'repos', 'open'),
      backupTarget: h.target,
      encryption: 'none',
    });
    h.borg.calls.length = 0;
    await expect(h.orch.exportKey({ ref: ref('open') })).rejects.toMatchObject({
      code: 'validation',
      message: "repository 'open' is not encrypted, so it has no key to export",
    });
    expect(h.borg.calls).toEqual([]);
  });

  it('sets and clears a per-repo retention', async () => {
    const h = harness();
    await h.addRepo('docs');
    const policy = { keep_daily: 3, keep_weekly: 2, keep_monthly: 1, keep_yearly: 1 };
    expect((await h.orch.setRetention({ ref: ref('docs'), policy })).retention).toEqual(policy);
    expect((await h.orch.setRetention({ ref: ref('docs'), policy: null })).retention).toBeNull();
  });

  it('sets the quota with borg config and reports the previous value', async () => {
    const h = harness();
    await h.addRepo('docs');
    const res = await h.orch.setQuota({ ref: ref('docs'), quota: '250g' });
    expect(res).toEqual({ repo: 'docs', quota: '250G', previous: '100G' });
    expect(h.borg.calls.map((c) => [c.verb, c.opts])).toEqual([
      ['config-get', { key: 'storage_quota' }],
      ['config-set', { key: 'storage_quota', value: '250G' }],
    ]);
  });

  it('refuses a quota below what the repo already uses', async () => {
    const h = harness();
    await h.addRepo('docs');
    await h.orch.dailyBackup({ ref: ref('docs') });
    h.borg.calls.length = 0;
    await expect(h.orch.setQuota({ ref: ref('docs'), quota: '10' })).rejects.toMatchObject({
      code: 'validation',
    });
    expect(h.borg.calls).toEqual([]);
  });

  it('repo info: live info, archive count, retention source; stats stored', async () => {
    const h = harness({ config: { borg: { retention: { keep_daily: 2 } } } });
    await h.addRepo('docs');
    await h.orch.dailyBackup({ ref: ref('docs') });
    const res = await h.orch.repoInfo({ ref: ref('docs') });
    expect(res).toMatchObject({
      archiveCount: 1,
      s3: null,
      retention: { source: 'config', policy: { keep_daily: 2 } },
    });
    expect(res.repo.metadata?.repository.id).toBe(res.info.repository.id);
  });

  it('lists local repos; --all-hosts reads the table online and is refused offline', async () => {
    const h = harness();
    await h.addRepo('a');
    expect((await h.orch.listRepos({})).repos.map((r) => r.name)).toEqual(['a']);
    await expect(h.orch.listRepos({ allHosts: true })).rejects.toMatchObject({
      exitCode: 2,
      message: "'repo list --all-hosts' needs online mode",
      hint: 'pass --online or set offline: false',
    });
    const on = harness({ online: true });
    await on.addRepo('b');
    on.remote.table.skipped = ['bad item'];
    await on.remote.table.upsert({
      ...(await on.orch.resolveRepo(ref('b'))),
      name: 'c',
      hostname: 'other',
    });
    const all = await on.orch.listRepos({ allHosts: true });
    expect(all).toMatchObject({ source: 'table', skipped: ['bad item'] });
    expect(all.repos.map((r) => `${r.name}@${r.hostname}`)).toEqual([`b@${HOST}`, 'c@other']);
  });

  it('migrate hands over to the store', async () => {
    const h = harness();
    mkdirSync(h.paths.baseDir, { recursive: true });
    expect(await h.orch.migrate({ dryRun: true })).toMatchObject({ dryRun: true, rows: [] });
    expect(h.store.migrateCalls).toEqual([{ dryRun: true }]);
  });
});

describe('exclusions through the orchestrator', () => {
  it('show, add, remove, create from a file and write address the repo like other verbs', async () => {
    const h = harness();
    await h.addRepo('docs');
    const path = { kind: 'path' as const, path: 'repos/docs' };
    expect((await h.orch.addExclusion(path, 'sh:**/node_modules')).lines.at(-1)).toBe(
      'sh:**/node_modules',
    );
    const removed = await h.orch.removeExclusion(docs, 1);
    expect(removed.removed).toMatch(/^# borg exclusion patterns/);
    const src = join(h.root, 'excl.txt');
    writeFileSync(src, '*.tmp\npp:/proc\n');
    const created = await h.orch.createExclusions(docs, 'excl.txt', { replace: true });
    expect(created).toMatchObject({ repo: 'docs', source: 'repo', lines: ['*.tmp', 'pp:/proc'] });
    expect((await h.orch.writeExclusions(docs, ['*.iso'])).lines).toEqual(['*.iso']);
    expect(await h.orch.showExclusions({ kind: 'default' })).toMatchObject({
      repo: 'docs',
      lines: ['*.iso'],
    });
  });
});
