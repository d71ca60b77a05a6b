import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Prng } from '../../support/prng.js';
import { killNow, startBorgboi, waitGone, type KillMode } from './live-cli.js';
import { readIndexFile, runLogLines, type World } from './world.js';

export type StepName = 'create' | 'prune' | 'compact' | 'sync' | 'metadata' | 'table';

/** Where in a daily the kill is aimed: the step whose `step_started` event arms it. */
export interface KillPlan {
  step: StepName;
  delayMs: number;
  mode: KillMode;
}

export interface KillOutcome {
  plan: KillPlan;
  /** The step running (started, not finished) by the events seen when the kill was sent. */
  hit: string | null;
  runId: string;
  /** The killed run had written its final record before the kill landed. */
  finished: boolean;
  orphans: number[];
}

/** Changes the data a little so every create has new chunks to write. */
export function mutateData(dir: string, prng: Prng, i: number): void {
  writeFileSync(join(dir, `iter-${i}.bin`), prng.bytes(prng.int(4_000, 48_000)));
  writeFileSync(join(dir, 'note-0.txt'), `iteration ${i} ${prng.int(0, 1e9)}\n`);
}

/** Starts `backup daily`, waits for the planned step, sleeps, SIGKILLs; reports where it hit. */
export async function killDaily(
  w: World,
  name: string,
  plan: KillPlan,
  extraArgs: readonly string[] = [],
  arm?: () => Promise<void>,
): Promise<KillOutcome> {
  const before = new Set(runLogLines(w).map((l) => l.id));
  const run = startBorgboi(
    ['--log-format', 'json', 'backup', 'daily', '-n', name, ...extraArgs],
    w.env,
  );
  const armed = await run.waitFor((e) => e.event === 'step_started' && e.step === plan.step);
  if (!armed) {
    const r = await run.done;
    throw new Error(`daily ended (${r.code}) before step ${plan.step}: ${r.stderr.slice(-600)}`);
  }
  await arm?.();
  if (plan.delayMs > 0) await new Promise((r) => setTimeout(r, plan.delayMs));
  const hit = run.activeStep();
  const orphans = killNow(run, plan.mode);
  const result = await run.done;
  expect(result.signal, `the kill must land before the run ends (${plan.step})`).toBe('SIGKILL');
  const mine = runLogLines(w).filter((l) => !before.has(l.id) && l.repo === name);
  const ids = [...new Set(mine.map((l) => l.id))];
  expect(ids, 'the killed run wrote exactly one start record').toHaveLength(1);
  const runId = ids[0]!;
  const finished = mine.some((l) => l.id === runId && l.result !== 'running');
  return { plan, hit, runId, finished, orphans };
}

const BORG_STEPS = new Set(['create', 'prune', 'compact', 'sync']);

/**
 * Everything that must hold after a kill: the index parses and still holds the repo, status
 * reports the run as interrupted, the next daily succeeds on its own (stale locks included),
 * borg check passes, the run log keeps the killed run as interrupted, nothing is left behind.
 */
export async function verifyAfterKill(
  w: World,
  name: string,
  repoPath: string,
  k: KillOutcome,
  opts: {
    dailyArgs?: readonly string[];
    afterNextDaily?: () => Promise<void>;
    viaStatus?: boolean;
  } = {},
): Promise<void> {
  const where = `kill ${k.plan.mode} at ${k.plan.step}+${k.plan.delayMs}ms (hit ${k.hit})`;
  const repo = readIndexFile(w).find((r) => r.name === name);
  expect(repo?.path, where).toBe(repoPath);
  expect((await w.store().metadata.getByName(name))?.path, where).toBe(repoPath);
  if (k.hit !== null && BORG_STEPS.has(k.hit)) expect(k.finished, where).toBe(false);

  // What status reports (the run log's reader); every other kill through the CLI itself.
  const last = await w.store().runLog.last(name);
  if (!k.finished) expect([last?.id, last?.result], where).toEqual([k.runId, 'interrupted']);
  if (opts.viaStatus) {
    const status = await w.cli(['status', '--json']);
    expect(status.code, `${where}: ${status.stderr}`).toBe(0);
    const row = (
      JSON.parse(status.stdout) as { repos: Array<{ name: string; last_result: string }> }
    ).repos.find((r) => r.name === name);
    if (!k.finished) expect(row?.last_result, where).toBe('interrupted');
  }

  const next = await w.cli(['backup', 'daily', '-n', name, '--json', ...(opts.dailyArgs ?? [])]);
  expect(next.code, `${where}: next daily: ${next.stderr}`).toBe(0);
  expect((JSON.parse(next.stdout) as { result: string }).result, where).toBe('success');
  // Before borg check: a check reserves nonce space, so it changes the repo's nonce file.
  await opts.afterNextDaily?.();

  const check = await w.borgCheck(repoPath, name);
  expect(check.code, `${where}: borg check: ${check.stderr}`).toBe(0);

  const records = await w.store().runLog.read({ repo: name });
  const killed = records.find((r) => r.id === k.runId);
  expect(killed?.result, where).toBe(k.finished ? 'success' : 'interrupted');
  expect(await waitGone(k.orphans, 30_000), `${where}: processes of the killed run end`).toBe(true);
  expectNothingLeftBehind(w, repoPath, where);
}

/** No lock, temp file or stray part of ours in the data dir, no borg lock in the repo. */
export function expectNothingLeftBehind(w: World, repoPath: string, where: string): void {
  const dataDir = join(w.baseDir, 'data');
  const allowed = new Set([
    'repositories.json',
    'repositories.json.bak',
    'runs.jsonl',
    'exclusions',
    's3-stats.json',
  ]);
  expect(
    readdirSync(dataDir).filter((f) => !allowed.has(f)),
    where,
  ).toEqual([]);
  expect(existsSync(join(repoPath, 'lock.exclusive')), `${where}: repo lock`).toBe(false);
  expect(existsSync(join(repoPath, 'lock.roster')), `${where}: repo roster`).toBe(false);
}

export interface KillSchedule {
  name: string;
  repoPath: string;
  data: string;
  seed: number;
  prng: Prng;
  rounds: number;
  /** The steps aimed at, each with the longest delay after its start event. */
  maxDelay: Partial<Record<StepName, number>>;
  dailyArgs?: readonly string[];
  /** Per step, what must happen after its start event before the delay counts (default: nothing). */
  arm?: Partial<Record<StepName, () => Promise<void>>>;
  /** Extra checks right after the next daily succeeded (e.g. the S3 copy). */
  afterNextDaily?: (k: KillOutcome) => Promise<void>;
}

/**
 * rounds × steps kills, each followed by verifyAfterKill. The log (seed, plan, where it hit)
 * is printed at the end and prefixed to any failure, so a failing schedule can be replayed.
 */
export async function runKillSchedule(w: World, s: KillSchedule): Promise<KillOutcome[]> {
  const steps = Object.keys(s.maxDelay) as StepName[];
  const log: string[] = [`kill schedule seed ${s.seed}`];
  const outcomes: KillOutcome[] = [];
  const flip = s.prng.int(0, 1);
  for (let i = 0; i < s.rounds * steps.length; i++) {
    const step = steps[i % steps.length]!;
    const plan: KillPlan = {
      step,
      delayMs: s.prng.int(0, s.maxDelay[step]!),
      // Both kinds of kill for every step: the seed only picks which comes first.
      mode: (Math.floor(i / steps.length) + i + flip) % 2 === 0 ? 'borgboi' : 'tree',
    };
    mutateData(s.data, s.prng, i);
    try {
      const k = await killDaily(w, s.name, plan, s.dailyArgs, s.arm?.[step]);
      log.push(
        `#${i} kill ${plan.mode} ${step}+${plan.delayMs}ms -> hit ${k.hit ?? 'between steps'}` +
          `${k.finished ? ' (after the final record)' : ''}, ${k.orphans.length} child(ren)`,
      );
      await verifyAfterKill(w, s.name, s.repoPath, k, {
        dailyArgs: s.dailyArgs,
        afterNextDaily: s.afterNextDaily && (() => s.afterNextDaily!(k)),
        viaStatus: i % 2 === 0,
      });
      outcomes.push(k);
    } catch (e) {
      if (e instanceof Error) e.message = `${log.join('\n')}\n#${i}: ${e.message}`;
      throw e;
    }
  }
  console.log(log.join('\n'));
  return outcomes;
}
