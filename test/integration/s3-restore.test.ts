import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SdkS3Mirror } from '../../src/aws/s3-mirror.js';
import {
  borg,
  borgEnv,
  createBucket,
  makeBorgRepo,
  repoDigest,
  testS3Client,
  writeSourceTree,
} from '../support/aws.js';
import { useTempDirs } from '../support/temp.js';

const tempDir = useTempDirs();
const suiteDir = mkdtempSync(join(tmpdir(), 'bb-s3restore-'));
afterAll(() => rmSync(suiteDir, { recursive: true, force: true }));

/** Every file of a tree, relative path → content. */
function treeOf(dir: string, rel = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) for (const [k, v] of treeOf(dir, r)) out.set(k, v);
    else out.set(r, readFileSync(join(dir, r)).toString('base64'));
  }
  return out;
}

function borgCheck(repo: string, base: string): { rc: number; out: string } {
  try {
    execFileSync('borg', ['check', repo], { env: borgEnv(base), stdio: 'pipe' });
    return { rc: 0, out: '' };
  } catch (e) {
    const err = e as { status: number; stderr: Buffer };
    return { rc: err.status, out: err.stderr.toString() };
  }
}

describe('S3 restore of a mirrored borg repository (s3rver)', () => {
  const client = testS3Client(inject('s3Endpoint'));
  let bucket: string;
  let mirror: SdkS3Mirror;
  const base = join(suiteDir, 'borg-base');
  const source = join(suiteDir, 'src');
  const repo = join(suiteDir, 'repo');

  beforeAll(async () => {
    bucket = await createBucket(client, 'restore');
    mirror = new SdkS3Mirror({
      client,
      bucket,
      storageClass: 'STANDARD',
      concurrency: 4,
      partSizeMb: 5,
    });
    writeSourceTree(source, 15, 6 * 1024 * 1024);
    makeBorgRepo(repo, source, base);
    await mirror.sync(repo, 'rest', {});
  });

  it('restores into an empty dir: byte-equal files, borg check passes, extract equals source', async () => {
    const target = join(tempDir(), 'copy');
    const res = await mirror.restore('rest', target, {});
    const digest = await repoDigest(repo);
    expect(await repoDigest(target)).toEqual(digest);
    expect(res).toMatchObject({ files: digest.size, skipped: 0, dryRun: false });
    expect(existsSync(join(target, '.borgboi-restore-incomplete'))).toBe(false);
    expect(borgCheck(target, base)).toEqual({ rc: 0, out: '' });
    const out = tempDir();
    borg(['extract', `${target}::a1`], base, out);
    expect(treeOf(out)).toEqual(treeOf(source));
  });

  it('dry-run counts what it would download and writes nothing', async () => {
    const target = join(tempDir(), 'dry');
    const res = await mirror.restore('rest', target, { dryRun: true });
    expect(res.files).toBe((await repoDigest(repo)).size);
    expect(existsSync(target)).toBe(false);
  });

  it.each([
    ['a non-empty directory', (d: string) => (writeFileSync(join(d, 'x'), 'x'), d)],
    ['a file', (d: string) => (writeFileSync(join(d, 'f'), 'x'), join(d, 'f'))],
  ])('refuses %s as target and leaves it untouched', async (_label, make) => {
    const parent = tempDir();
    const target = make(parent);
    await expect(mirror.restore('rest', target, {})).rejects.toMatchObject({
      exitCode: 2,
      hint: expect.any(String),
    });
    expect(readdirSync(parent)).toHaveLength(1);
    expect(readFileSync(join(parent, readdirSync(parent)[0]!), 'utf8')).toBe('x');
  });

  it('restores over a non-empty directory with force', async () => {
    const target = tempDir();
    writeFileSync(join(target, 'unrelated.txt'), 'keep me');
    await mirror.restore('rest', target, { force: true });
    expect(borgCheck(target, base).rc).toBe(0);
    expect(readFileSync(join(target, 'unrelated.txt'), 'utf8')).toBe('keep me');
  });

  it('an interrupted restore resumes and skips files already complete', async () => {
    const target = join(tempDir(), 'resume');
    const controller = new AbortController();
    const err = await mirror
      .restore('rest', target, {
        signal: controller.signal,
        onProgress: (p) => p.filesDone >= 3 && controller.abort(),
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(existsSync(join(target, 'config'))).toBe(false);
    const res = await mirror.restore('rest', target, {});
    expect(res.skipped).toBeGreaterThanOrEqual(3);
    expect(res.files + res.skipped).toBe((await repoDigest(repo)).size);
    expect(await repoDigest(target)).toEqual(await repoDigest(repo));
  });

  it('a corrupted segment object (same size) is caught by borg check of the restore', async () => {
    const seg = [...(await repoDigest(repo)).keys()]
      .filter((r) => r.startsWith('data/'))
      .sort((a, b) => readFileSync(join(repo, b)).length - readFileSync(join(repo, a)).length)[0]!;
    const size = readFileSync(join(repo, seg)).length;
    await mirror.sync(repo, 'bad-seg', {});
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: `bad-seg/${seg}`, Body: randomBytes(size) }),
    );
    const target = join(tempDir(), 'bad');
    await mirror.restore('bad-seg', target, {});
    const check = borgCheck(target, base);
    expect(check.rc).not.toBe(0);
    expect(check.out).toMatch(/error|mismatch|corrupt/i);
  });

  it('a damaged index object (content differs from its sha256) fails the restore', async () => {
    const index = [...(await repoDigest(repo)).keys()].find((r) => /^index\.\d+$/.test(r))!;
    await mirror.sync(repo, 'bad-index', {});
    const key = `bad-index/${index}`;
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    const bytes = readFileSync(join(repo, index));
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, Metadata: head.Metadata }),
    );
    const target = join(tempDir(), 'bad-index');
    await expect(mirror.restore('bad-index', target, {})).rejects.toMatchObject({
      code: 'aws',
      message: expect.stringContaining(`${key} is damaged`),
    });
    expect(existsSync(join(target, index))).toBe(false);
    expect(existsSync(join(target, 'config'))).toBe(false);
  });

  it('an empty prefix is reported as not found', async () => {
    mkdirSync(join(suiteDir, 'unused'), { recursive: true });
    await expect(
      mirror.restore('nothing-here', join(suiteDir, 'unused'), {}),
    ).rejects.toMatchObject({ code: 'not-found', exitCode: 2 });
  });
});
