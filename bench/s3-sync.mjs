// S3 sync bench (spec §10): borgboi's mirror vs `aws s3 sync` vs rclone on one s3rver, same
// borg repo. Bars: full and incremental faster than both; no-op <= 0.5 s; peak RSS <= 200 MiB;
// every object byte-equal afterwards.
//   node bench/s3-sync.mjs            ~1,000 real borg segments (~300 MiB), full and no-op median of 3
//   node bench/s3-sync.mjs --quick    100 segments (~30 MiB), one no-op
// Phases: full (first upload), no-op (the same again), incremental (after one more borg create
// adding one multipart-sized segment and a few small files). Each tool syncs into its own
// bucket, each run is a fresh process (start-up included, as users see it), each phase starts
// with a different tool. A tool that is not installed is reported as not judged.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { bundle } from './lib/bundle.mjs';
import { emit, makeRow, round } from './lib/rows.mjs';
import {
  BUCKETS,
  CreateBucketCommand,
  TOOL_NAMES,
  borgIn,
  emptyBucket,
  makeRepo,
  mismatches,
  repoFiles,
  startS3rver,
  syncTools,
  warmUp,
  writeRandom,
} from './lib/s3-env.mjs';

const quick = process.argv.includes('--quick');
const TOTAL_MIB = quick ? 30 : 300;
const SEGMENTS = quick ? 100 : 1000;
const INCR_MIB = quick ? 6 : 20;
const NOOP_REPS = quick ? 1 : 3;
// A single full upload per tool spread 0.76-1.13x (vs aws) between runs on this 2-core VM.
const FULL_REPS = quick ? 1 : 3;
const CHILD = fileURLToPath(new URL('./lib/s3-sync-child.mjs', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'bb-bench-s3-'));

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** Runs each phase: every tool `reps` times, rotating who goes first; median seconds. */
function phases(tools) {
  const results = {};
  let rotation = 0;
  return {
    results,
    async phase(name, reps = 1, beforeRun = async () => {}) {
      const names = Object.keys(tools);
      const order = names.map((_, i) => names[(i + rotation) % names.length]);
      rotation++;
      const times = Object.fromEntries(names.map((n) => [n, []]));
      results[name] = {};
      for (let i = 0; i < reps; i++)
        for (const tool of order) {
          await beforeRun(tool);
          const r = await tools[tool]();
          times[tool].push(r.s);
          results[name][tool] = r;
        }
      for (const tool of names) {
        const t = times[tool].sort((a, b) => a - b);
        results[name][tool] = { ...results[name][tool], s: t[Math.floor(t.length / 2)] };
      }
      console.log(
        `${name}: ${order.map((t) => `${t} ${results[name][t].s.toFixed(2)} s`).join(', ')}`,
      );
    },
  };
}

function emitRows(results, bad, shape) {
  const ctx = `${shape}; s3rver on loopback`;
  for (const name of ['full', 'incremental']) {
    const r = results[name];
    for (const tool of ['aws', 'rclone']) {
      const other = r[tool];
      emit(
        makeRow({
          metric: `s3 sync: ${name} upload vs ${TOOL_NAMES[tool]}`,
          borgboi: round(r.borgboi.s, 3),
          baseline: other ? round(other.s, 3) : null,
          unit: 's',
          bar: '< 1',
          note: other
            ? `${ctx}; ${name === 'full' ? `median of ${FULL_REPS} per tool; ` : ''}borgboi uploaded ${r.borgboi.uploaded} files, in-process ${r.borgboi.inProcessMs} ms`
            : `${TOOL_NAMES[tool]} is not installed; not judged`,
          ...(other ? {} : { pass: null }),
        }),
      );
    }
  }
  const noop = results['no-op'].borgboi;
  const noopNote = `${ctx}; median of ${NOOP_REPS} fresh processes; in-process ${noop.inProcessMs} ms; zero PUTs are proven by test/integration/s3-sync.test.ts`;
  emit(
    makeRow({
      metric: 's3 sync: no-op sync',
      borgboi: round(noop.s, 3),
      unit: 's',
      bar: '<= 0.5',
      note: noopNote,
    }),
  );
  const rss = Math.max(...Object.values(results).map((r) => r.borgboi.maxRssMiB));
  emit(
    makeRow({
      metric: 's3 sync: peak RSS of the borgboi process',
      borgboi: rss,
      unit: 'MiB',
      bar: '<= 200',
      note: `largest of the full, no-op and incremental runs (${ctx})`,
    }),
  );
  const others = Object.entries(bad).filter(([t]) => t !== 'borgboi');
  emit(
    makeRow({
      metric: 's3 sync: objects not byte-equal after the last sync',
      borgboi: bad.borgboi,
      unit: 'objects',
      bar: '= 0',
      note: `MD5 of every repo file against its object; ${others.map(([t, n]) => `${TOOL_NAMES[t]}: ${n}`).join(', ') || 'no other tool'}`,
    }),
  );
}

async function main() {
  const s3 = await startS3rver(join(work, 's3rver'));
  try {
    const child = await bundle({ file: CHILD }, join(work, 's3-sync-child.mjs'));
    const borg = borgIn(work);
    const t0 = performance.now();
    const repo = makeRepo(work, borg, TOTAL_MIB, SEGMENTS);
    const mib = Number(execFileSync('du', ['-sm', repo], { encoding: 'utf8' }).split('\t')[0]);
    const shape = `${repoFiles(repo).length} repo files, ${mib} MiB`;
    console.log(`repo: ${shape} (borg create ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    const tools = syncTools({ endpoint: s3.endpoint, repo, work, child });
    for (const t of Object.keys(tools))
      await s3.client.send(new CreateBucketCommand({ Bucket: BUCKETS[t] }));
    const run = phases(tools);
    await warmUp(s3.client);
    await run.phase('full', FULL_REPS, (tool) => emptyBucket(s3.client, BUCKETS[tool]));
    await run.phase('no-op', NOOP_REPS);
    writeRandom(join(work, 'src', 'b'), INCR_MIB, 4);
    borg(['config', repo, 'max_segment_size', String(64 * 1024 * 1024)]);
    borg(['create', '--compression', 'none', `${repo}::a2`, '.'], join(work, 'src', 'b'));
    await run.phase('incremental');
    const bad = {};
    for (const t of Object.keys(tools)) bad[t] = await mismatches(s3.client, BUCKETS[t], repo);
    emitRows(run.results, bad, shape);
  } finally {
    s3.child.kill('SIGTERM');
  }
}

try {
  await main();
} finally {
  rmSync(work, { recursive: true, force: true });
}
