// S3 sync bench: borgboi's mirror vs `aws s3 sync` vs rclone on one s3rver, same borg repo.
// Usage: node bench/s3-sync.mjs [--quick]
// Full run: ~1,000 real borg segments (~300 MiB, repo max_segment_size lowered so one archive
// yields many segments), then a no-op re-sync, then an incremental after one more borg create
// (a ~20 MiB segment: multipart for borgboi). Each tool syncs into its own bucket, each run is a
// fresh process (start-up included, as users see it). Prints times, ratios and borgboi's peak RSS.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes, createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import {
  CreateBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';

const quick = process.argv.includes('--quick');
const TOTAL_MIB = quick ? 30 : 300;
const SEGMENTS = quick ? 100 : 1000;
const INCR_MIB = quick ? 6 : 20;
const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const work = mkdtempSync(join(tmpdir(), 'bb-bench-s3-'));
const children = new Set();

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

function run(cmd, args, env = {}, cwd = root) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, {
      env: { ...process.env, ...env },
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const s = (performance.now() - started) / 1000;
      if (code === 0) resolve({ s, out });
      else reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${err.slice(-2000)}`));
    });
  });
}

async function startS3rver() {
  const dir = join(work, 's3rver');
  mkdirSync(dir);
  const child = spawn(
    process.execPath,
    [
      '--openssl-legacy-provider',
      require.resolve('s3rver/bin/s3rver.js'),
      '-d',
      dir,
      '-a',
      '127.0.0.1',
      '-p',
      '0',
      '--silent',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.add(child);
  const port = await new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const m = /listening on [\d.]+:(\d+)/.exec(buf);
      if (m) resolve(m[1]);
    });
    child.once('exit', (c) => reject(new Error(`s3rver exited ${c}`)));
  });
  child.stdout.resume();
  return { endpoint: `http://127.0.0.1:${port}`, child };
}

const borgEnv = { BORG_BASE_DIR: join(work, 'borg-base'), BORG_PASSPHRASE: 'bench' };
const borg = (args, cwd) =>
  execFileSync('borg', args, { env: { ...process.env, ...borgEnv }, cwd, stdio: 'pipe' });

function writeRandom(dir, mib, files) {
  mkdirSync(dir, { recursive: true });
  const per = Math.floor((mib * 1024 * 1024) / files);
  for (let i = 0; i < files; i++) writeFileSync(join(dir, `f${i}.bin`), randomBytes(per));
}

function makeRepo() {
  const repo = join(work, 'repo');
  borg(['init', '--encryption=repokey', repo]);
  borg([
    'config',
    repo,
    'max_segment_size',
    String(Math.ceil((TOTAL_MIB * 1024 * 1024) / SEGMENTS)),
  ]);
  // One file per wanted segment: each small file is one chunk, and a segment closes after a chunk
  // takes it past max_segment_size (borg's chunks of bigger files are ~2 MiB).
  writeRandom(join(work, 'src', 'a'), TOTAL_MIB, SEGMENTS);
  borg(['create', '--compression', 'none', `${repo}::a1`, '.'], join(work, 'src', 'a'));
  return repo;
}

function repoFiles(dir) {
  const out = execFileSync('find', [dir, '-type', 'f'], { encoding: 'utf8' }).trim().split('\n');
  return out.filter((f) => !/lock\.(roster|exclusive)/.test(f));
}

async function verify(client, bucket, repo) {
  const remote = new Map();
  let token;
  do {
    const p = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: 'repo/', ContinuationToken: token }),
    );
    for (const o of p.Contents ?? []) remote.set(o.Key, o.ETag.replace(/"/g, ''));
    token = p.IsTruncated ? p.NextContinuationToken : undefined;
  } while (token);
  let bad = 0;
  for (const f of repoFiles(repo)) {
    const md5 = createHash('md5').update(readFileSync(f)).digest('hex');
    if (remote.get(`repo/${relative(repo, f)}`) !== md5) bad++;
  }
  return bad;
}

/** s3rver's first few hundred requests are slower (JIT); warm it before anything is timed. */
async function warmUp(client) {
  await client.send(new CreateBucketCommand({ Bucket: 'bb-warmup' }));
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < 300) {
        const i = next++;
        await client.send(
          new PutObjectCommand({ Bucket: 'bb-warmup', Key: `w/${i}`, Body: randomBytes(4096) }),
        );
        if (i % 3 === 0)
          await client.send(new ListObjectsV2Command({ Bucket: 'bb-warmup', Prefix: 'w/' }));
      }
    }),
  );
}

async function main() {
  const s3 = await startS3rver();
  const env = {
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_REGION: 'us-east-1',
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
  };
  const awsConfig = join(work, 'aws-config');
  writeFileSync(
    awsConfig,
    '[default]\nregion = us-east-1\nrequest_checksum_calculation = when_required\nresponse_checksum_validation = when_required\ns3 =\n  addressing_style = path\n',
  );
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  for (const b of ['bb-borgboi', 'bb-aws', 'bb-rclone'])
    await client.send(new CreateBucketCommand({ Bucket: b }));

  await build({
    entryPoints: { 's3-sync-child': join(root, 'bench/s3-sync-child.mjs') },
    outdir: join(root, 'dist/bench'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Bundled like scripts/build.mjs bundles the CLI's lazily imported online chunk.
    minify: true,
    mainFields: ['module', 'main'],
    banner: {
      js: "import { createRequire as __bbCreateRequire } from 'node:module'; const require = __bbCreateRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  const t0 = performance.now();
  const repo = makeRepo();
  const files = repoFiles(repo).length;
  const mib = Number(execFileSync('du', ['-sm', repo], { encoding: 'utf8' }).split('\t')[0]);
  console.log(
    `repo: ${files} files, ${mib} MiB (borg create ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );

  const tools = {
    borgboi: async () => {
      const r = await run(
        process.execPath,
        [join(root, 'dist/bench/s3-sync-child.js'), repo, 'repo', 'bb-borgboi'],
        env,
      );
      return { s: r.s, ...JSON.parse(r.out) };
    },
    aws: () =>
      run(
        '/usr/bin/aws',
        [
          's3',
          'sync',
          repo,
          's3://bb-aws/repo',
          '--endpoint-url',
          s3.endpoint,
          '--storage-class',
          'INTELLIGENT_TIERING',
          '--only-show-errors',
          '--exclude',
          'lock.*',
        ],
        {
          ...env,
          AWS_CONFIG_FILE: awsConfig,
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        },
      ),
    rclone: () =>
      run(
        'env',
        [
          '-u',
          'AWS_CA_BUNDLE',
          'rclone',
          'copy',
          repo,
          's3r:bb-rclone/repo',
          '--fast-list',
          '--checksum',
          '--transfers',
          '8',
          '--exclude',
          'lock.*',
        ],
        {
          RCLONE_CONFIG_S3R_TYPE: 's3',
          RCLONE_CONFIG_S3R_PROVIDER: 'Other',
          RCLONE_CONFIG_S3R_ENDPOINT: s3.endpoint,
          RCLONE_CONFIG_S3R_ACCESS_KEY_ID: 'S3RVER',
          RCLONE_CONFIG_S3R_SECRET_ACCESS_KEY: 'S3RVER',
          RCLONE_CONFIG_S3R_REGION: 'us-east-1',
          RCLONE_CONFIG_S3R_FORCE_PATH_STYLE: 'true',
        },
      ),
  };
  const results = {};
  // Each phase starts with a different tool (rotation), and repeated runs are interleaved, so no
  // tool always meets a freshly started or a busier s3rver.
  let rotation = 0;
  const phase = async (name, reps = 1) => {
    results[name] = {};
    const names = Object.keys(tools);
    const order = names.map((_, i) => names[(i + rotation) % names.length]);
    rotation++;
    const times = Object.fromEntries(names.map((n) => [n, []]));
    for (let i = 0; i < reps; i++)
      for (const tool of order) {
        const r = await tools[tool]();
        times[tool].push(r.s);
        results[name][tool] = r;
      }
    for (const tool of names) {
      const t = times[tool].sort((a, b) => a - b);
      results[name][tool] = { ...results[name][tool], s: t[Math.floor(t.length / 2)] };
    }
    console.log(`${name}: order ${order.join(', ')}`);
  };
  await warmUp(client);
  await phase('full');
  await phase('no-op', 3);
  writeRandom(join(work, 'src', 'b'), INCR_MIB, 4);
  borg(['config', repo, 'max_segment_size', String(64 * 1024 * 1024)]);
  borg(['create', '--compression', 'none', `${repo}::a2`, '.'], join(work, 'src', 'b'));
  await phase('incremental');

  const bad = {};
  for (const [tool, bucket] of [
    ['borgboi', 'bb-borgboi'],
    ['aws', 'bb-aws'],
    ['rclone', 'bb-rclone'],
  ])
    bad[tool] = await verify(client, bucket, repo);

  console.log('\nphase        borgboi   aws s3 sync   rclone   borgboi/aws  borgboi/rclone');
  for (const [name, r] of Object.entries(results)) {
    const f = (x) => x.toFixed(2).padStart(7);
    console.log(
      `${name.padEnd(12)} ${f(r.borgboi.s)} s ${f(r.aws.s)} s ${f(r.rclone.s)} s   ${(r.borgboi.s / r.aws.s).toFixed(2).padStart(9)}   ${(r.borgboi.s / r.rclone.s).toFixed(2).padStart(9)}`,
    );
  }
  for (const [name, r] of Object.entries(results))
    console.log(
      `borgboi ${name}: ${r.borgboi.uploaded} uploaded, ${r.borgboi.unchanged} unchanged, in-process ${r.borgboi.inProcessMs} ms, peak RSS ${r.borgboi.maxRssMiB} MiB`,
    );
  console.log(`objects not byte-equal (MD5) after the last sync: ${JSON.stringify(bad)}`);
  const load = loadavg().map((l) => l.toFixed(1));
  console.log(
    `machine: ${cpus().length} cores, load average ${load.join(' ')} (other jobs slow every tool)`,
  );
  const rss = Math.max(...Object.values(results).map((r) => r.borgboi.maxRssMiB));
  const bars = [
    [
      'full faster than aws and rclone',
      results.full.borgboi.s < Math.min(results.full.aws.s, results.full.rclone.s),
    ],
    [
      'incremental faster than aws and rclone',
      results.incremental.borgboi.s <
        Math.min(results.incremental.aws.s, results.incremental.rclone.s),
    ],
    ['no-op <= 0.5 s', results['no-op'].borgboi.s <= 0.5],
    ['peak RSS <= 200 MiB', rss <= 200],
    ['byte-equal', bad.borgboi === 0],
  ];
  for (const [what, ok] of bars) console.log(`${ok ? 'PASS' : 'FAIL'}  ${what}`);
}

try {
  await main();
} finally {
  for (const c of children) c.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
