// The world of bench/s3-sync.mjs: one s3rver, a real borg repo made of many segments, the three
// sync tools (borgboi, `aws s3 sync`, rclone) and a byte-for-byte check of each bucket.
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { hasCommand } from './measure.mjs';

const require = createRequire(import.meta.url);

/** Runs cmd; resolves with wall seconds and stdout, rejects with the tail of stderr. */
export function run(cmd, args, env = {}, cwd = undefined) {
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

/** s3rver on a free loopback port, storing under dir; stop with child.kill(). */
export async function startS3rver(dir) {
  mkdirSync(dir, { recursive: true });
  const bin = require.resolve('s3rver/bin/s3rver.js');
  const args = [
    '--openssl-legacy-provider',
    bin,
    '-d',
    dir,
    '-a',
    '127.0.0.1',
    '-p',
    '0',
    '--silent',
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
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
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  return { endpoint, child, client };
}

/** s3rver's first few hundred requests are slower (JIT); warm it before anything is timed. */
export async function warmUp(client) {
  await client.send(new CreateBucketCommand({ Bucket: 'bb-warmup' }));
  let next = 0;
  const worker = async () => {
    while (next < 300) {
      const i = next++;
      const put = new PutObjectCommand({
        Bucket: 'bb-warmup',
        Key: `w/${i}`,
        Body: randomBytes(4096),
      });
      await client.send(put);
      if (i % 3 === 0)
        await client.send(new ListObjectsV2Command({ Bucket: 'bb-warmup', Prefix: 'w/' }));
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

export function writeRandom(dir, mib, files) {
  mkdirSync(dir, { recursive: true });
  const per = Math.floor((mib * 1024 * 1024) / files);
  for (let i = 0; i < files; i++) writeFileSync(join(dir, `f${i}.bin`), randomBytes(per));
}

/** A borg runner with its own BORG_BASE_DIR under work. */
export function borgIn(work) {
  const env = { ...process.env, BORG_BASE_DIR: join(work, 'borg-base'), BORG_PASSPHRASE: 'bench' };
  return (args, cwd) => execFileSync('borg', args, { env, cwd, stdio: 'pipe' });
}

/**
 * A borg 1.2 repo of ~`segments` segment files: max_segment_size lowered so that each small
 * source file (one chunk) closes a segment.
 */
export function makeRepo(work, borg, totalMib, segments) {
  const repo = join(work, 'repo');
  borg(['init', '--encryption=repokey', repo]);
  borg([
    'config',
    repo,
    'max_segment_size',
    String(Math.ceil((totalMib * 1024 * 1024) / segments)),
  ]);
  writeRandom(join(work, 'src', 'a'), totalMib, segments);
  borg(['create', '--compression', 'none', `${repo}::a1`, '.'], join(work, 'src', 'a'));
  return repo;
}

export function repoFiles(dir) {
  const out = execFileSync('find', [dir, '-type', 'f'], { encoding: 'utf8' }).trim().split('\n');
  return out.filter((f) => !/lock\.(roster|exclusive)/.test(f));
}

/** How many files of repo are missing from the bucket or differ from it (MD5 = ETag). */
/** Deletes every object of a bucket (before a repeated full upload). */
export async function emptyBucket(client, bucket) {
  for (;;) {
    const p = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
    const keys = (p.Contents ?? []).map((o) => ({ Key: o.Key }));
    if (keys.length === 0) return;
    await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys } }));
  }
}

export async function mismatches(client, bucket, repo) {
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

const S3_ENV = {
  AWS_ACCESS_KEY_ID: 'S3RVER',
  AWS_SECRET_ACCESS_KEY: 'S3RVER',
  AWS_REGION: 'us-east-1',
  AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
};

/** The aws CLI: Debian's awscli when installed, else one on PATH; null when there is none. */
function awsCli() {
  if (existsSync('/usr/bin/aws')) return '/usr/bin/aws';
  return hasCommand('aws') ? 'aws' : null;
}

/**
 * The sync tools that are installed, by name: each syncs repo into its own bucket and resolves
 * with { s } (borgboi adds its own report: uploaded, unchanged, in-process ms, peak RSS).
 */
export function syncTools({ endpoint, repo, work, child }) {
  const env = { AWS_ENDPOINT_URL_S3: endpoint, ...S3_ENV };
  const tools = {
    borgboi: async () => {
      const r = await run(process.execPath, [child, repo, 'repo', 'bb-borgboi'], env);
      return { s: r.s, ...JSON.parse(r.out) };
    },
  };
  const aws = awsCli();
  if (aws) {
    const config = join(work, 'aws-config');
    writeFileSync(
      config,
      '[default]\nregion = us-east-1\nrequest_checksum_calculation = when_required\n' +
        'response_checksum_validation = when_required\ns3 =\n  addressing_style = path\n',
    );
    const args = ['s3', 'sync', repo, 's3://bb-aws/repo', '--endpoint-url', endpoint];
    args.push(
      '--storage-class',
      'INTELLIGENT_TIERING',
      '--only-show-errors',
      '--exclude',
      'lock.*',
    );
    const awsEnv = { ...env, AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
    tools.aws = () => run(aws, args, awsEnv);
  }
  if (hasCommand('rclone')) {
    const args = ['-u', 'AWS_CA_BUNDLE', 'rclone', 'copy', repo, 's3r:bb-rclone/repo'];
    args.push('--fast-list', '--checksum', '--transfers', '8', '--exclude', 'lock.*');
    tools.rclone = () =>
      run('env', args, {
        RCLONE_CONFIG_S3R_TYPE: 's3',
        RCLONE_CONFIG_S3R_PROVIDER: 'Other',
        RCLONE_CONFIG_S3R_ENDPOINT: endpoint,
        RCLONE_CONFIG_S3R_ACCESS_KEY_ID: 'S3RVER',
        RCLONE_CONFIG_S3R_SECRET_ACCESS_KEY: 'S3RVER',
        RCLONE_CONFIG_S3R_REGION: 'us-east-1',
        RCLONE_CONFIG_S3R_FORCE_PATH_STYLE: 'true',
      });
  }
  return tools;
}

export const BUCKETS = { borgboi: 'bb-borgboi', aws: 'bb-aws', rclone: 'bb-rclone' };
export const TOOL_NAMES = { aws: 'aws s3 sync', rclone: 'rclone' };
export { CreateBucketCommand };
