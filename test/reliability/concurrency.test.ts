import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonSchema as listJsonSchema } from '../../src/cli/commands/repo/list.js';
import { writeDataTree } from '../support/borg-fixtures.js';
import type { CliResult } from '../support/cli.js';
import { useTempDirs } from '../support/temp.js';
import { expectNothingLeftBehind } from './harness/crash.js';
import { createRepo, makeWorld, readIndexFile, runLogLines, type World } from './harness/world.js';

const CREATES = 20;

/**
 * A daily that lost the race for borg's lock: exit 1 (no archive) or 3 (archive, later step),
 * one error line naming the lock and the fix. The holder may be gone by the time borgboi looks
 * (then borg's own text plus the retry / break-lock advice).
 */
function expectClearLockFailure(r: CliResult): void {
  expect([1, 3], r.stderr).toContain(r.code);
  const errors = r.stderr.split('\n').filter((l) => l.startsWith('Error: '));
  expect(errors, r.stderr).toHaveLength(1);
  expect(errors[0]).toMatch(
    /(is locked by host \S+, PID \d+ .*; wait for that borg to finish; if it is not running any more, run 'borg break-lock \S+'|lock \S+ \(timeout\); another borg held the lock; retry, or run 'borg break-lock \S+' if none is running)$/,
  );
}

async function twoDailies(w: World, name: string, lockWait: number): Promise<CliResult[]> {
  const env = { BORGBOI_BORG__LOCK_WAIT: String(lockWait) };
  const runs = await Promise.all([1, 2].map(() => w.cli(['backup', 'daily', '-n', name], { env })));
  // Whatever the interleaving: both runs finished their run record, nothing is left running.
  const lines = runLogLines(w).filter((l) => l.repo === name);
  const ids = [...new Set(lines.map((l) => l.id))];
  expect(ids).toHaveLength(2);
  for (const id of ids) expect(lines.some((l) => l.id === id && l.result !== 'running')).toBe(true);
  return runs;
}

async function expectHealthy(w: World, name: string, repoPath: string): Promise<void> {
  expect(readIndexFile(w).find((r) => r.name === name)?.path).toBe(repoPath);
  const check = await w.borgCheck(repoPath, name);
  expect(check.code, check.stderr).toBe(0);
  const next = await w.cli(['backup', 'daily', '-n', name]);
  expect(next.code, next.stderr).toBe(0);
  expectNothingLeftBehind(w, repoPath, 'after concurrent dailies');
}

async function until(cond: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met within 30 s');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('concurrency', () => {
  const tmp = useTempDirs();

  it('two dailies on one repo with lock_wait 10: both succeed in turn, repo intact', async () => {
    const w = makeWorld(tmp('bb-conc-'));
    const repoPath = await createRepo(w, 'shared');
    const runs = await twoDailies(w, 'shared', 10);
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    const archives = await w.borg(['list', '--short', repoPath], 'shared');
    expect(archives.code, archives.stderr).toBe(0);
    await expectHealthy(w, 'shared', repoPath);
  });

  it('two dailies on one repo with lock_wait 0: a loser fails with a clear lock message, repo intact', async () => {
    const w = makeWorld(tmp('bb-conc-'));
    const repoPath = await createRepo(w, 'racy');
    const runs = await twoDailies(w, 'racy', 0);
    expect(runs.some((r) => r.code === 0)).toBe(true);
    for (const r of runs.filter((x) => x.code !== 0)) expectClearLockFailure(r);
    await expectHealthy(w, 'racy', repoPath);
  });

  it('a daily while another borg holds the lock waits lock_wait, then fails clearly; nothing recorded as done', async () => {
    const w = makeWorld(tmp('bb-conc-'));
    const repoPath = await createRepo(w, 'held');
    const before = readIndexFile(w).find((r) => r.name === 'held');
    const holder = w.borg(['with-lock', repoPath, 'sleep', '4'], null);
    await until(() => existsSync(join(repoPath, 'lock.exclusive')));
    const started = Date.now();
    const r = await w.cli(['backup', 'daily', '-n', 'held'], {
      env: { BORGBOI_BORG__LOCK_WAIT: '1' },
    });
    const waited = Date.now() - started;
    expect(r.code, r.stderr).toBe(1);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('Error: '));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^Error: borg create failed: repository \S+ is locked by host \S+, PID \d+ \(running\), locked \d+ s ago; wait for that borg to finish; if it is not running any more, run 'borg break-lock \S+'$/,
    );
    expect(waited).toBeGreaterThan(1000); // it did wait lock_wait (not a timing bar: a floor)
    expect(readIndexFile(w).find((x) => x.name === 'held')).toEqual(before);
    const last = await w.store().runLog.last('held');
    expect(last?.result).toBe('failed');
    expect((await holder).code).toBe(0);
    await expectHealthy(w, 'held', repoPath);
  });

  it(`${CREATES} parallel repo create → ${CREATES} records and repos; repo list --json stays consistent`, async () => {
    const w = makeWorld(tmp('bb-conc-'));
    const target = join(w.data, 'shared');
    mkdirSync(w.data, { recursive: true });
    writeDataTree(target, { files: 3 });
    const names = Array.from({ length: CREATES }, (_, i) => `cc-${String(i).padStart(2, '0')}`);
    let creating = true;
    const creates = Promise.all(
      names.map((n) => w.cli(['repo', 'create', '-n', n, '-p', join(w.repos, n), '-b', target])),
    ).finally(() => (creating = false));
    const seen: number[] = [];
    while (creating) seen.push(await listAndCheck(w));
    const results = await creates;
    expect(results.map((r) => [r.code, r.stderr.includes('Error')])).toEqual(
      names.map(() => [0, false]),
    );
    expect(seen.length).toBeGreaterThan(2);
    expect(seen).toEqual([...seen].sort((a, b) => a - b)); // a reader never sees repos vanish
    expect(await listAndCheck(w)).toBe(CREATES);
    const records = readIndexFile(w);
    expect(records.map((r) => r.name).sort()).toEqual(names);
    for (const r of records) {
      const config = readFileSync(join(r.path, 'config'), 'utf8');
      expect(config).toContain(`id = ${r.metadata?.repository.id}`);
      expect(statSync(w.keyFile(r.name)).mode & 0o777).toBe(0o600);
    }
    expect(statSync(join(w.baseDir, 'passphrases')).mode & 0o777).toBe(0o700);
  });
});

/**
 * One `repo list --json` while writers run: it parses against its schema, and every repo it
 * lists is complete (borg repo initialised, key file written, stats recorded).
 */
async function listAndCheck(w: World): Promise<number> {
  const r = await w.cli(['repo', 'list', '--json']);
  expect(r.code, r.stderr).toBe(0);
  const doc = listJsonSchema.parse(JSON.parse(r.stdout));
  for (const repo of doc.repos) {
    expect(existsSync(join(repo.path, 'config')), `${repo.name}: borg repo`).toBe(true);
    expect(existsSync(w.keyFile(repo.name)), `${repo.name}: key file`).toBe(true);
    expect(repo.created_at, repo.name).not.toBeNull();
    expect(repo.metadata?.repository.id, repo.name).toMatch(/^[0-9a-f]{64}$/);
  }
  return doc.repos.length;
}
