#!/usr/bin/env node
// Wrapper overhead of BorgClient.create vs the same `borg create` run directly (spec §10:
// time ratio <= 1.05 for a first backup, <= 1.10 for an unchanged re-run).
//
//   node bench/borg-overhead.mjs            ~1 GiB mixed data, 5 initial + 15 unchanged runs
//   node bench/borg-overhead.mjs --quick    ~50 MiB, 2 + 3 runs
//   options: --size-mib N  --runs N  --reruns N  --dir DIR (work dir, default a temp dir)  --keep
//
// Both sides run the identical argv (the client's own, from buildCreateArgs), alternating which
// goes first, each into a fresh repo (initial) or the same repo (unchanged re-run), and the
// median of each is compared. The client is bundled from src/ with esbuild into the work dir
// (no `npm run build` needed) and a new client is made per run, as each CLI process would.
// bench/daily.mjs measures the whole CLI (`backup daily`); this one isolates the BorgClient.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { bundle } from './lib/bundle.mjs';
import { makeMixedData, mixedDataFlags } from './lib/data.mjs';
import { emit, makeRow, round } from './lib/rows.mjs';

const { sizeMib, runs, reruns, work, cleanUp } = mixedDataFlags({
  reruns: 15,
  tmpPrefix: 'bb-bench-borg-',
});
const PASSPHRASE = 'bench passphrase';
const env = { PATH: process.env.PATH, HOME: work, BORG_BASE_DIR: join(work, 'base') };

async function loadClient() {
  const source = `export { createBorgClient } from './src/borg/client.ts';
    export { buildCreateArgs } from './src/borg/args/archive.ts';
    export { Passphrase } from './src/core/secret.ts';
    export { backupOptionsSchema } from './src/core/models/index.ts';`;
  return import(await bundle(source, join(work, 'borg-client.mjs')));
}

function runRaw(args) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('borg', args, {
      env: { ...env, BORG_PASSPHRASE: PASSPHRASE },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(performance.now() - t0) : reject(new Error(`borg create rc ${code}`)),
    );
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;

async function main() {
  const m = await loadClient();
  const data = join(work, 'data');
  const shape = makeMixedData(data, sizeMib);
  console.log(`data: ${shape.describe} in ${data}`);
  const ctx = { passphrase: m.Passphrase.of(PASSPHRASE) };
  const client = () =>
    m.createBorgClient({ executable: 'borg', env, hostname: hostname(), lockWait: 5 });
  const options = (repoPath, archiveName) =>
    m.backupOptionsSchema.parse({
      repoPath,
      archiveName,
      sources: [data],
      compression: 'zstd,6',
      listFiles: true,
    });
  let events = 0;
  const handlers = { onProgress: () => (events += 1), onFileStatus: () => (events += 1) };
  const cpuMs = [];
  const viaClient = async (o) => {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await client().create(o, { ...ctx, handlers });
    const cpu = process.cpuUsage(cpu0);
    cpuMs.push((cpu.user + cpu.system) / 1000);
    return performance.now() - t0;
  };
  const viaRaw = (o) => runRaw(m.buildCreateArgs(o, { lockWait: 5 }));
  const init = (repo) => client().init(repo, { encryption: 'repokey' }, ctx);

  const measure = async (label, count, prepare) => {
    const t = { raw: [], client: [] };
    for (let i = 0; i < count; i += 1) {
      const order = i % 2 === 0 ? ['raw', 'client'] : ['client', 'raw'];
      for (const side of order) {
        const o = await prepare(side, i);
        t[side].push(await (side === 'raw' ? viaRaw(o) : viaClient(o)));
      }
    }
    const ratio = median(t.client) / median(t.raw);
    const paired = median(t.client.map((c, i) => c / t.raw[i]));
    const clientCpu = median(cpuMs);
    console.log(
      `${label}: borg ${fmt(median(t.raw))}, client ${fmt(median(t.client))} (median of ${count}) → ratio ${ratio.toFixed(3)}`,
    );
    console.log(
      `  median of the paired ratios (less sensitive to load drift): ${paired.toFixed(3)}`,
    );
    console.log(`  runs borg:   ${t.raw.map(fmt).join(', ')}`);
    console.log(`  runs client: ${t.client.map(fmt).join(', ')}`);
    // The wrapper's own work (spawn, pipes, parsing) is this process's CPU time: unlike wall
    // time it does not depend on what else the machine is doing.
    console.log(`  client-side CPU per run (median): ${clientCpu.toFixed(0)} ms`);
    cpuMs.splice(0);
    return { raw: median(t.raw) / 1000, client: median(t.client) / 1000, paired, clientCpu };
  };

  const initial = await measure('initial backup (fresh repo + cache)', runs, async (side, i) => {
    const repo = join(work, `init-${i}-${side}`);
    rmSync(join(work, `init-${i - 1}-${side}`), { recursive: true, force: true });
    await init(repo);
    return options(repo, `a-${i}`);
  });

  const repo = join(work, 'rerun');
  await init(repo);
  await client().create(options(repo, 'seed'), ctx);
  const rerun = await measure('unchanged re-run (files cache hit)', reruns, async (side, i) =>
    options(repo, `re-${i}-${side}`),
  );

  console.log(`events parsed by the client: ${events}`);
  const row = (metric, m, n, bar) =>
    emit(
      makeRow({
        metric,
        borgboi: round(m.client, 3),
        baseline: round(m.raw, 3),
        unit: 's',
        bar,
        note:
          `~${sizeMib} MiB (${shape.describe}); median of ${n}, same argv, alternating; paired ` +
          `ratio ${round(m.paired, 3)}; client's own CPU ${Math.round(m.clientCpu)} ms per run`,
      }),
    );
  row('borg overhead: BorgClient.create, fresh repo', initial, runs, '<= 1.05');
  row('borg overhead: BorgClient.create, unchanged re-run', rerun, reruns, '<= 1.1');
}

try {
  await main();
} finally {
  if (cleanUp) rmSync(work, { recursive: true, force: true });
}
