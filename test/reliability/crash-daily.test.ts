import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPrng } from '../support/prng.js';
import { useTempDirs } from '../support/temp.js';
import { runKillSchedule, type StepName } from './harness/crash.js';
import { childRepo } from './store-child.js';
import { createRepo, makeWorld } from './harness/world.js';

/**
 * Spec §10 crash safety: `kill -9` of borgboi at seeded random moments of `backup daily`.
 * A failing schedule is replayed with BB_CRASH_SEED=<the seed in the failure message>.
 */
const SEED = Number(process.env.BB_CRASH_SEED ?? 20_261_201);
const ROUNDS = 4;
/** How long after the step's start event the kill may come (ms): about each step's length. */
const MAX_DELAY: Partial<Record<StepName, number>> = {
  create: 350,
  prune: 300,
  compact: 300,
  metadata: 25,
};
/** Records of other hosts: the metadata write then lasts long enough to be hit mid-way. */
const PEER_RECORDS = 500;

describe('crash safety: kill -9 during backup daily (offline)', () => {
  const tmp = useTempDirs();

  it(`${ROUNDS * 4} kills during create, prune, compact and the metadata write`, async () => {
    const w = makeWorld(tmp('bb-crash-'));
    const name = 'crashy';
    const repoPath = await createRepo(w, name, { seed: SEED });
    await w.store().metadata.transaction((tx) => {
      for (let i = 0; i < PEER_RECORDS; i++) {
        tx.upsert({ ...childRepo(`peer-${i}`), hostname: 'fleet-peer', path: `/srv/peer/${i}` });
      }
    });
    const outcomes = await runKillSchedule(w, {
      name,
      repoPath,
      data: join(w.data, name),
      seed: SEED,
      prng: createPrng(SEED),
      rounds: ROUNDS,
      maxDelay: MAX_DELAY,
    });
    const hits = (s: string) => outcomes.filter((o) => o.hit === s).length;
    // The schedule must really have covered each phase, not only aimed at it.
    for (const s of Object.keys(MAX_DELAY)) {
      expect(hits(s), `kills that landed during ${s} (seed ${SEED})`).toBeGreaterThanOrEqual(2);
    }
    expect(outcomes.filter((o) => !o.finished).length).toBeGreaterThanOrEqual(ROUNDS * 4 - 2);
  });
});
