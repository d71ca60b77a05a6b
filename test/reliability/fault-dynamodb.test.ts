import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrng } from '../support/prng.js';
import { mutateData } from './harness/crash.js';
import { startOnline, tableItem, type Online } from './harness/online.js';
import {
  createRepo,
  makeWorld,
  readIndexFile,
  suiteDir,
  writeConfig,
  type World,
} from './harness/world.js';

/**
 * The bb-repos table behind the fault proxy: throttling (400 ProvisionedThroughputExceeded),
 * 500s and connection resets on the write. The write is retried, or the run reports it (exit 3
 * for a daily, a warning for repo create) and the local record is kept; the next run catches up.
 */
const SEED = Number(process.env.BB_FAULT_SEED ?? 7_332);

interface DailyJson {
  result: string;
  warnings: string[];
  steps: Array<{ name: string; result: string }>;
}

describe('DynamoDB fault injection (DynamoDB Local behind the fault proxy)', () => {
  const root = suiteDir('bb-fault-ddb-');
  const prng = createPrng(SEED);
  let online: Online;
  let w: World;
  let repoPath: string;
  const name = 'tabled';
  const item = () => tableItem(online, repoPath, hostname());
  const local = () => readIndexFile(w).find((r) => r.name === name)!;
  const daily = (env: Record<string, string> = {}) =>
    w.cli(['backup', 'daily', '-n', name, '--no-s3-sync', '--json'], { env });

  beforeAll(async () => {
    online = await startOnline({ seed: SEED, maxAttempts: 4 });
    w = makeWorld(root, online.env);
    writeConfig(w, online.config);
    repoPath = await createRepo(w, name, { seed: SEED });
  });
  afterAll(() => online?.stop());

  it('throttled twice, then accepted: the daily succeeds and the item is current', async () => {
    online.ddbProxy.resetStats();
    online.ddbProxy.setSchedule([{ target: 'PutItem', times: 2, fault: { kind: 'throttle' } }]);
    const r = await daily();
    online.ddbProxy.setSchedule([]);
    expect(r.code, r.stderr).toBe(0);
    expect(online.ddbProxy.stats.faults.throttle).toBe(2);
    expect(online.ddbProxy.stats.byTarget.PutItem).toBe(3);
    expect((await item())?.last_backup).toBe(local().last_backup);
  });

  it('a reset before and after the server saw the write: retried, one item, current', async () => {
    mutateData(join(w.data, name), prng, 1);
    online.ddbProxy.resetStats();
    online.ddbProxy.setSchedule([
      { target: 'PutItem', times: 1, fault: { kind: 'reset-request' } },
      { target: 'PutItem', times: 1, fault: { kind: 'reset-response' } },
    ]);
    const r = await daily();
    online.ddbProxy.setSchedule([]);
    expect(r.code, r.stderr).toBe(0);
    expect(online.ddbProxy.stats.faults['reset-request']).toBe(1);
    expect(online.ddbProxy.stats.faults['reset-response']).toBe(1);
    expect((await item())?.last_backup).toBe(local().last_backup);
  });

  it('the table down for the whole run: exit 3, a warning, local record kept; the next daily writes it', async () => {
    mutateData(join(w.data, name), prng, 2);
    const before = local();
    const itemBefore = await item();
    online.ddbProxy.setSchedule([{ fault: { kind: 'error' } }]);
    const r = await daily({ AWS_MAX_ATTEMPTS: '2' });
    online.ddbProxy.setSchedule([]);
    expect(r.code, r.stderr).toBe(3);
    const doc = JSON.parse(r.stdout) as DailyJson;
    expect(doc.result).toBe('partial');
    expect(doc.steps.find((s) => s.name === 'table')?.result).toBe('failed');
    expect(doc.warnings).toEqual([
      expect.stringMatching(
        /^table: DynamoDB was not updated \(cannot .*InternalServerError \(HTTP 500\) after 2 attempts\); the local record is kept$/,
      ),
    ]);
    expect(local().last_backup).not.toBe(before.last_backup); // metadata saved first
    expect(await item()).toEqual(itemBefore);
    const next = await daily();
    expect(next.code, next.stderr).toBe(0);
    expect((await item())?.last_backup).toBe(local().last_backup);
  });

  it('repo create with the table throttled throughout: created locally with a warning', async () => {
    const path = join(w.repos, 'offtable');
    online.ddbProxy.setSchedule([{ target: 'PutItem', fault: { kind: 'throttle' } }]);
    const r = await w.cli(['repo', 'create', '-n', 'offtable', '-p', path, '-b', w.data], {
      env: { AWS_MAX_ATTEMPTS: '2' },
    });
    online.ddbProxy.setSchedule([]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /the DynamoDB table was not updated for 'offtable' \(cannot .*AWS throttled the request \(ProvisionedThroughputExceededException\) after 2 attempts\); the local record is kept/,
    );
    expect(readIndexFile(w).map((x) => x.name)).toContain('offtable');
    expect(await tableItem(online, path, hostname())).toBeNull();
    const d = await w.cli(['backup', 'daily', '-n', 'offtable', '--no-s3-sync']);
    expect(d.code, d.stderr).toBe(0);
    expect((await tableItem(online, path, hostname()))?.repo_name).toBe('offtable');
  });
});
