// `borgboi backup daily` (offline) vs the same borg create + prune + compact run as raw borg
// commands in one shell script (spec §10 wrapper overhead, issue 5): time ratio <= 1.05 for a
// first backup into a fresh repo, <= 1.10 for an unchanged re-run; and a daily starts exactly
// three borg processes (create, prune, compact: repo stats come from `create --json`).
//
//   node bench/daily.mjs            ~1 GiB mixed data, 5 fresh + 10 unchanged runs per side
//   node bench/daily.mjs --quick    ~50 MiB, 2 + 3 runs
//   options: --size-mib N  --runs N  --reruns N  --dir DIR (kept)  --keep
//
// The borgboi side is the built CLI as a user runs it (node start-up, config, index, run log,
// output parsing included); the raw side runs borgboi's own argv (read from a borg wrapper's
// log), the passphrase on an fd like borgboi. Sides alternate which goes first; medians of wall
// time are the bars, CPU time (user + system, borg included) is the row's cpu_ratio.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt } from './lib/borgboi.mjs';
import {
  borgboiSide,
  loggedCalls,
  logSize,
  rawSide,
  writeBorgWrapper,
} from './lib/daily-sides.mjs';
import { makeMixedData, mixedDataFlags } from './lib/data.mjs';
import { summarize } from './lib/measure.mjs';
import { emit, makeRow, round } from './lib/rows.mjs';

const { sizeMib, runs, reruns, work, cleanUp } = mixedDataFlags({
  reruns: 10,
  tmpPrefix: 'bb-bench-daily-',
});
const log = join(work, 'borg-calls.log');
const STEPS = ['create', 'prune', 'compact'];

const median = (xs) => summarize(xs).median;
const stamp = () => new Date().toISOString().slice(0, 19).replace('T', '_');

/**
 * Times n rounds of both sides (alternating order; borgboi first in round 0). A side resolves
 * with { s, cpu } and, for borgboi, the borg calls its daily made.
 */
async function measure(n, sides) {
  const t = { bb: [], raw: [], bbCpu: [], rawCpu: [], calls: [] };
  for (let i = 0; i < n; i += 1) {
    for (const side of i % 2 === 0 ? ['bb', 'raw'] : ['raw', 'bb']) {
      const r = await sides[side](i);
      t[side].push(r.s);
      if (r.cpu !== null) t[`${side}Cpu`].push(r.cpu);
      if (r.calls) t.calls.push(r.calls.map((argv) => argv[0]));
    }
  }
  return t;
}

function row(label, t, bar, data) {
  const paired = median(t.bb.map((b, i) => b / t.raw[i]));
  const spread = (xs) => `${round(Math.min(...xs), 2)}-${round(Math.max(...xs), 2)} s`;
  const cpuKnown = t.bbCpu.length === t.bb.length && t.rawCpu.length === t.raw.length;
  const cpu = cpuKnown ? { borgboi: median(t.bbCpu), baseline: median(t.rawCpu) } : undefined;
  const cpuNote = cpu ? `; CPU ${round(cpu.borgboi, 2)} vs ${round(cpu.baseline, 2)} s` : '';
  emit(
    makeRow({
      metric: `daily: ${label}`,
      borgboi: round(median(t.bb), 3),
      baseline: round(median(t.raw), 3),
      unit: 's',
      bar,
      cpu,
      note:
        `${data}; median of ${t.bb.length} per side, alternating; paired ratio ${round(paired, 3)}` +
        `; runs borgboi ${spread(t.bb)}, raw ${spread(t.raw)}${cpuNote}`,
    }),
  );
}

function processRow(calls) {
  const bad = calls.filter((c) => c.join(' ') !== STEPS.join(' '));
  const note = bad.length
    ? `${bad.length} of ${calls.length} dailies started: ${bad.map((c) => c.join(',') || 'none').join('; ')}`
    : `${STEPS.join(', ')} (in that order) in every one of ${calls.length} dailies`;
  emit(
    makeRow({
      metric: 'daily: borg processes per backup daily',
      borgboi: Math.max(...calls.map((c) => c.length)),
      unit: 'processes',
      bar: `= ${STEPS.length}`,
      pass: bad.length === 0,
      note,
    }),
  );
}

async function main() {
  ensureBuilt();
  const dataDir = join(work, 'data');
  const shape = makeMixedData(dataDir, sizeMib);
  const data = `~${sizeMib} MiB: ${shape.describe}`;
  console.log(`data: ${data} in ${dataDir}`);
  const wrapper = writeBorgWrapper(work, log);
  const bb = borgboiSide(work, wrapper, dataDir);
  const bbDaily = async (name) => {
    const from = logSize(log);
    const r = await bb.daily(name);
    return { ...r, calls: loggedCalls(log, from) };
  };
  let raw = null;

  const fresh = await measure(runs, {
    bb: async (i) => {
      await bb.create(`f${i}`);
      const r = await bbDaily(`f${i}`);
      raw ??= rawSide(work, wrapper, r.calls, bb.repoPath(`f${i}`));
      bb.remove(`f${i}`);
      return r;
    },
    raw: async (i) => {
      await raw.create(`f${i}`);
      const r = await raw.daily(`f${i}`, `raw-${stamp()}`);
      raw.remove(`f${i}`);
      return r;
    },
  });
  console.log(
    `fresh: borgboi ${fresh.bb.map((s) => s.toFixed(2)).join(' ')} / raw ${fresh.raw.map((s) => s.toFixed(2)).join(' ')} s`,
  );

  await bb.create('re');
  await bb.daily('re');
  await raw.create('re');
  await raw.daily('re', `raw-${stamp()}`);
  const rerun = await measure(reruns, {
    bb: () => bbDaily('re'),
    raw: (i) => raw.daily('re', `raw-${stamp()}-${i}`),
  });
  console.log(
    `re-run: borgboi ${rerun.bb.map((s) => s.toFixed(2)).join(' ')} / raw ${rerun.raw.map((s) => s.toFixed(2)).join(' ')} s`,
  );

  row('first backup into a fresh repo', fresh, '<= 1.05', data);
  row('unchanged re-run', rerun, '<= 1.1', data);
  processRow([...fresh.calls, ...rerun.calls]);
}

try {
  await main();
} finally {
  if (cleanUp) rmSync(work, { recursive: true, force: true });
}
