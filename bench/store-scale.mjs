// Store scale bench (spec §10 "store scale"): an index of 10,000 repos, measured in a fresh
// Node process the way the CLI loads it (esbuild bundle, minified). Prints load, lookup,
// list and upsert times; bar: list and lookup ≤ 300 ms.
//   node bench/store-scale.mjs [--quick] [--repos 10000] [--runs 7]   (--quick: 3 runs)
// The 20-concurrent-writers half of the spec bar is a test (test/reliability/store-*.test.ts).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { bundle } from './lib/bundle.mjs';
import { emit, makeRow } from './lib/rows.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const REPOS = arg('repos', 10_000);
const RUNS = arg('runs', process.argv.includes('--quick') ? 3 : 7);

// Runs inside the measured process: mode "seed" writes the index, mode "measure" times it.
const entry = `
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { bundle } from './lib/bundle.mjs';
import { emit, makeRow } from './lib/rows.mjs';
import { readFileSync } from 'node:fs';
import { makeConfigSchema } from './src/config/schema.ts';
import { createLocalStore } from './src/storage/index.ts';
const [mode, home, count] = process.argv.slice(2);
const baseDir = join(home, '.borgboi');
const open = () => createLocalStore({ baseDir, config: makeConfigSchema(baseDir).parse({}), env: {},
  hostname: 'host-0', uid: process.getuid() }).metadata;
const info = JSON.parse(readFileSync('${join(root, 'test/fixtures/borg/info-repo.json')}', 'utf8'));
const repo = (i) => ({ name: 'repo-' + i, path: '/srv/borg/repo-' + i, backup_target: '/home/u' + i,
  hostname: 'host-' + (i % 20), os_platform: 'Linux', created_at: '2025-01-01T00:00:00.000Z',
  last_backup: '2025-06-01T03:00:00.000Z', last_s3_sync: null, metadata: info, retention: null,
  passphrase: null, passphrase_file_path: baseDir + '/passphrases/repo-' + i + '.key',
  passphrase_migrated: true });
const ms = (t) => Math.round((performance.now() - t) * 10) / 10;
const cpu = (c) => { const d = process.cpuUsage(c); return Math.round((d.user + d.system) / 100) / 10; };
if (mode === 'seed') {
  await open().transaction((tx) => { for (let i = 0; i < Number(count); i++) tx.upsert(repo(i)); });
} else {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const s1 = open();
  const list = await s1.list();
  const out = JSON.stringify(list);
  const listMs = ms(t0);
  const listCpu = cpu(c0);
  const listDoneAt = Math.round(performance.now());
  const t2 = performance.now();
  const c2 = process.cpuUsage();
  const s2 = open();
  const found = await s2.getByName('repo-9999');
  const coldLookupMs = ms(t2);
  const coldLookupCpu = cpu(c2);
  const t1 = performance.now();
  await s2.getByName('repo-4242');
  await s2.getByPath('/srv/borg/repo-77', 'host-17');
  const warmLookupMs = ms(t1);
  const t3 = performance.now();
  await open().upsert({ ...repo(5), last_backup: new Date().toISOString() });
  const upsertMs = ms(t3);
  process.stdout.write(JSON.stringify({ listMs, listCpu, listDoneAt, warmLookupMs, coldLookupMs, coldLookupCpu, upsertMs,
    processMs: Math.round(performance.now()), listed: list.length, bytes: out.length, found: !!found }));
}
`;

const dir = mkdtempSync(join(tmpdir(), 'bb-bench-store-'));
try {
  const bench = await bundle(entry, join(dir, 'store-bench.mjs'));
  const home = join(dir, 'home');
  execFileSync(process.execPath, [bench, 'seed', home, String(REPOS)]);
  const index = join(home, '.borgboi', 'data', 'repositories.json');
  const size = statSync(index).size;
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    runs.push(
      JSON.parse(execFileSync(process.execPath, [bench, 'measure', home], { encoding: 'utf8' })),
    );
  }
  const sorted = (k) => runs.map((r) => r[k]).sort((a, b) => a - b);
  const median = (k) => sorted(k)[Math.floor(RUNS / 2)];
  const best = (k) => sorted(k)[0];
  const baseline = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    execFileSync(process.execPath, ['-e', '0']);
    baseline.push(Math.round(performance.now() - t));
  }
  baseline.sort((a, b) => a - b);
  const count = JSON.parse(readFileSync(index, 'utf8')).repositories.length;
  const row = (label, k, bar = '') =>
    console.log(
      `  ${label.padEnd(46)} ${String(median(k)).padStart(7)} ${String(best(k)).padStart(7)}  ${bar}`,
    );
  console.log(
    `store scale: ${count} repos, index ${(size / 1048576).toFixed(1)} MiB, ${RUNS} fresh processes`,
  );
  console.log(`  ${'ms'.padEnd(46)} ${'median'.padStart(7)} ${'best'.padStart(7)}`);
  row('load + list + JSON.stringify (wall)', 'listMs', 'bar 300');
  row('load + list + JSON.stringify (CPU)', 'listCpu');
  row('load + lookup by name, new store (wall)', 'coldLookupMs', 'bar 300');
  row('load + lookup by name, new store (CPU)', 'coldLookupCpu');
  row('lookup by name + by path, loaded index', 'warmLookupMs');
  row('upsert (lock, re-read, write, .bak)', 'upsertMs');
  row('process start → list serialized', 'listDoneAt');
  console.log(
    `  ${'node -e 0 (whole process)'.padEnd(46)} ${String(baseline[Math.floor(RUNS / 2)]).padStart(7)} ${String(baseline[0]).padStart(7)}`,
  );
  const nodeMs = baseline[Math.floor(RUNS / 2)];
  const context = `${count} repos, index ${(size / 1048576).toFixed(1)} MiB; median of ${RUNS} fresh processes`;
  emit(
    makeRow({
      metric: `store: load + list + JSON.stringify, ${count} repos (repo list --json)`,
      borgboi: median('listMs'),
      unit: 'ms',
      bar: '<= 300',
      note: `${context}; CPU ${median('listCpu')} ms; node -e 0 took ${nodeMs} ms meanwhile`,
    }),
  );
  emit(
    makeRow({
      metric: `store: load + lookup by name, ${count} repos`,
      borgboi: median('coldLookupMs'),
      unit: 'ms',
      bar: '<= 300',
      note: `${context}; CPU ${median('coldLookupCpu')} ms; upsert (lock, rewrite, fsync, .bak) ${median('upsertMs')} ms`,
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
