import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dailyAllJsonSchema,
  dailyJsonSchema,
} from '../../src/cli/commands/backup/daily-summary.js';
import * as rList from '../../src/cli/commands/repo/list.js';
import { runRecordSchema, type RunRecord } from '../../src/core/models/run-record.js';
import { writeDataTree } from '../support/borg-fixtures.js';
import { e2eHome, expectCode, type E2eHome } from '../support/e2e-home.js';

/**
 * `backup daily` outcomes other than plain success, against real borg: a borg warning (rc 1),
 * a failing compact (exit 3), `--all` with one broken repo, and Ctrl-C during create. Two
 * repos share one source; the faults come from `borg.executable_path` wrappers around the
 * real borg, so every borg that runs is real.
 */
let h: E2eHome;
let src: string;
const repoDir = (name: string) => join(h.root, 'repos', name);

function runLog(): RunRecord[] {
  const text = readFileSync(join(h.root, '.borgboi', 'data', 'runs.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => runRecordSchema.parse(JSON.parse(l)));
}
/** The finished record of a repo's last run (a `running` start record precedes it). */
const lastRun = (repo: string) =>
  runLog()
    .filter((r) => r.repo === repo && r.result !== 'running')
    .at(-1)!;

async function lastBackup(name: string): Promise<string | null> {
  const list = await h.json(rList.jsonSchema, ['repo', 'list']);
  return list.repos.find((r) => r.name === name)?.last_backup ?? null;
}

async function archiveNames(name: string, ...flags: string[]): Promise<string[]> {
  const r = await h.borg(name, ['list', '--short', ...flags, repoDir(name)]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.split('\n').filter(Boolean);
}

beforeAll(async () => {
  h = e2eHome();
  src = join(h.root, 'src');
  writeDataTree(src, { seed: 3, files: 6, maxFileBytes: 8 * 1024 });
  for (const name of ['alpha', 'beta']) {
    const r = await h.run(['repo', 'create', '-p', repoDir(name), '-b', src, '-n', name]);
    expectCode(r, 0, `repo create ${name}`);
  }
});
afterAll(() => h.cleanup());

describe('backup daily against real borg: warnings, partial runs, --all, Ctrl-C', () => {
  it('borg rc 1 (a source path that does not exist) is a warning: exit 0, listed', async () => {
    const missing = join(h.root, 'no-such-source');
    const borg = h.script(
      'borg-warn',
      `[ "$1" = create ] && exec borg "$@" ${missing}\nexec borg "$@"`,
    );
    const r = await h.run(['backup', 'daily', '-n', 'alpha'], {
      env: { BORGBOI_BORG__EXECUTABLE_PATH: borg },
    });
    expectCode(r, 0);
    expect(r.stdout).toMatch(/^Daily backup of 'alpha': warning$/m);
    expect(r.stdout).toMatch(
      new RegExp(`^ {2}Warning: +create: ${missing}: \\[Errno 2\\] No such file`, 'm'),
    );
    expect(r.stderr).toMatch(/^create warning /m);
    const rec = lastRun('alpha');
    expect(rec).toMatchObject({ result: 'warning', command: 'backup daily' });
    expect(rec.steps.find((s) => s.name === 'create')).toMatchObject({
      result: 'warning',
      borg_rc: 1,
    });
    expect(rec.warnings.join('\n')).toContain(missing);
    expect(await archiveNames('alpha')).toEqual([rec.archive]);
  });

  it('a failing compact after the archive exists: exit 3, metadata and run record saved', async () => {
    const before = await lastBackup('alpha');
    const borg = h.script(
      'borg-nocompact',
      '[ "$1" = compact ] && { echo "compact: refused by the test" >&2; exit 2; }\nexec borg "$@"',
    );
    const r = await h.run(['backup', 'daily', '-n', 'alpha', '--json'], {
      env: { BORGBOI_BORG__EXECUTABLE_PATH: borg },
    });
    expectCode(r, 3);
    const doc = dailyJsonSchema.parse(JSON.parse(r.stdout));
    expect(doc).toMatchObject({ result: 'partial', exit_code: 3, error: { code: 'borg' } });
    expect(doc.steps.map((s) => `${s.name} ${s.result}`)).toEqual([
      'resolve ok',
      'create ok',
      'prune ok',
      'compact failed',
      'sync skipped',
      'metadata ok',
      'table skipped',
    ]);
    const after = await lastBackup('alpha');
    expect(after).not.toBeNull();
    expect(after! > (before ?? '')).toBe(true);
    expect(lastRun('alpha')).toMatchObject({
      id: doc.run_id,
      result: 'partial',
      archive: doc.archive,
    });
    expect(await archiveNames('alpha')).toContain(doc.archive);
  });

  it('--all with one broken repo (its directory gone) still backs up the other: exit 1', async () => {
    renameSync(repoDir('beta'), `${repoDir('beta')}.away`);
    let r;
    try {
      r = await h.run(['backup', 'daily', '--all', '--json']);
    } finally {
      renameSync(`${repoDir('beta')}.away`, repoDir('beta'));
    }
    expectCode(r, 1);
    const doc = dailyAllJsonSchema.parse(JSON.parse(r.stdout));
    const outcome = Object.fromEntries(doc.results.map((x) => [x.repo, x.result]));
    expect(outcome).toEqual({ alpha: 'success', beta: 'failed' });
    expect(doc.exit_code).toBe(1);
    const beta = doc.results.find((x) => x.repo === 'beta')!;
    expect(beta.error?.message).toMatch(/does not exist/);
    expect(r.stderr).toMatch(/^alpha: compact ok /m);
    expect(r.stderr).toMatch(/^beta: create failed /m);
    expect(lastRun('beta').result).toBe('failed');
    expect(lastRun('alpha').result).toBe('success');
  });

  it('SIGINT during create: exit 130, no lock left, recorded; the next daily succeeds', async () => {
    // lzma on random data is slow, so the interrupt always lands while create is working.
    writeFileSync(join(src, 'big.bin'), randomBytes(16 << 20));
    let sent = false;
    const r = await h.run(['backup', 'daily', '-n', 'beta', '--log-format', 'json'], {
      env: { BORGBOI_BORG__COMPRESSION: 'lzma,6' },
      onSpawn: (child) => {
        child.stderr!.on('data', (chunk: Buffer) => {
          const working = /"event":"progress","repo":"beta","step":"create"/.test(String(chunk));
          if (!sent && working && existsSync(join(repoDir('beta'), 'lock.exclusive'))) {
            sent = true;
            child.kill('SIGINT');
          }
        });
      },
    });
    expect(sent).toBe(true);
    expectCode(r, 130);
    expect(r.stderr).toContain('"event":"daily_finished"');
    expect(existsSync(join(repoDir('beta'), 'lock.exclusive'))).toBe(false);
    expect(await archiveNames('beta', '--lock-wait', '0', '--consider-checkpoints')).toEqual([
      expect.stringMatching(/\.checkpoint$/),
    ]);
    expect(lastRun('beta')).toMatchObject({ result: 'interrupted', archive: null });
    const next = await h.json(dailyJsonSchema, ['backup', 'daily', '-n', 'beta']);
    expect(next).toMatchObject({ result: 'success', exit_code: 0 });
    // prune drops the checkpoint once a complete archive exists.
    expect(await archiveNames('beta', '--consider-checkpoints')).toEqual([next.archive]);
  });
});
