import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrng } from '../support/prng.js';
import { useTempDirs } from '../support/temp.js';
import { runKillSchedule, type StepName } from './harness/crash.js';
import { expectMirrored, startOnline, tableItem, type Online } from './harness/online.js';
import { createRepo, makeWorld, writeConfig } from './harness/world.js';

/**
 * Crash safety online: kill -9 during the S3 sync (borg's repo lock held by `borg with-lock`)
 * and the DynamoDB write. Both proxies slow every request down a little, so the kill lands
 * mid-transfer; the next daily must finish the mirror byte-equal and write the item.
 */
const SEED = Number(process.env.BB_CRASH_SEED ?? 20_261_202);
const ROUNDS = 3;
/** sync: after the first upload started (one at a time, each slowed by 80 ms); table: PutItem slowed. */
const MAX_DELAY: Partial<Record<StepName, number>> = { sync: 300, table: 60 };

/** Resolves once the S3 proxy sees a PUT it had not seen when called: uploads are under way. */
async function firstUpload(o: Online): Promise<void> {
  const puts = () => o.s3Proxy.stats.byMethod.PUT ?? 0;
  const before = puts();
  const deadline = Date.now() + 60_000;
  while (puts() === before) {
    if (Date.now() > deadline) throw new Error('no S3 upload started within 60 s');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('crash safety: kill -9 during backup daily (online, s3rver + DynamoDB Local)', () => {
  const tmp = useTempDirs();
  let online: Online;

  beforeAll(async () => {
    online = await startOnline({ seed: SEED });
    online.s3Proxy.setSchedule([{ fault: { kind: 'slow', delayMs: 80 } }]);
    online.ddbProxy.setSchedule([{ target: 'PutItem', fault: { kind: 'slow', delayMs: 80 } }]);
  });
  afterAll(() => online?.stop());

  it(`${ROUNDS * 2} kills during the S3 sync and the table write`, async () => {
    const w = makeWorld(tmp('bb-crash-online-'), online.env);
    writeConfig(w, { ...online.config, aws: { ...online.config.aws, s3_concurrency: 1 } });
    const name = 'cloudy';
    const repoPath = await createRepo(w, name, { seed: SEED, files: 24 });
    const outcomes = await runKillSchedule(w, {
      name,
      repoPath,
      data: join(w.data, name),
      seed: SEED,
      prng: createPrng(SEED),
      rounds: ROUNDS,
      maxDelay: MAX_DELAY,
      arm: { sync: () => firstUpload(online) },
      afterNextDaily: async (k) => {
        const where = `seed ${SEED} ${k.plan.step}+${k.plan.delayMs}ms`;
        await expectMirrored(online, name, repoPath, where);
        const local = await w.store().metadata.getByName(name);
        const item = await tableItem(online, repoPath, hostname());
        expect(item?.repo_name, where).toBe(name);
        expect(item?.last_backup, where).toBe(local?.last_backup);
        expect(item?.last_s3_sync, where).toBe(local?.last_s3_sync);
      },
    });
    const hits = (s: string) => outcomes.filter((o) => o.hit === s).length;
    expect(hits('sync'), `kills that landed during the sync (seed ${SEED})`).toBeGreaterThanOrEqual(
      2,
    );
    expect(hits('table'), `kills that landed during the table write`).toBeGreaterThanOrEqual(2);
    // The restore drill: the S3 copy downloaded into a temp dir passes borg check.
    const verify = await w.cli(['s3', 'verify', '-n', name]);
    expect(verify.code, verify.stderr).toBe(0);
  });
});
