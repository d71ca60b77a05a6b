import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SdkS3Mirror } from '../../src/aws/s3-mirror.js';
import { hintsSegments, newestCompleteState } from '../../src/aws/s3-repo-state.js';
import {
  borg,
  borgEnv,
  createBucket,
  listKeys,
  makeBorgRepo,
  repoDigest,
  testS3Client,
  writeSourceTree,
} from '../support/aws.js';
import { useTempDirs } from '../support/temp.js';

const tempDir = useTempDirs();
const suiteDir = mkdtempSync(join(tmpdir(), 'bb-s3state-'));
afterAll(() => rmSync(suiteDir, { recursive: true, force: true }));

function borgCheck(repo: string, base: string): { rc: number; out: string } {
  try {
    execFileSync('borg', ['check', repo], { env: borgEnv(base), stdio: 'pipe' });
    return { rc: 0, out: '' };
  } catch (e) {
    const err = e as { status: number; stderr: Buffer };
    return { rc: err.status, out: err.stderr.toString() };
  }
}

const segmentFiles = (repo: string) =>
  readdirSync(join(repo, 'data'))
    .flatMap((d) => readdirSync(join(repo, 'data', d)))
    .map(Number)
    .sort((a, b) => a - b);

/**
 * The mirror never deletes, so after prune + compact S3 still holds segments and index files
 * borg has removed. A restore of everything fails `borg check` ("committed index: <not
 * found>"); a restore of the newest committed state (hints.N) passes it.
 */
describe('S3 restore takes the newest committed state, not the stale objects', () => {
  const client = testS3Client(inject('s3Endpoint'));
  const base = join(suiteDir, 'borg-base');
  const source = join(suiteDir, 'src');
  const repo = join(suiteDir, 'repo');
  let bucket: string;
  let mirror: SdkS3Mirror;

  beforeAll(async () => {
    bucket = await createBucket(client, 'state');
    mirror = new SdkS3Mirror({
      client,
      bucket,
      storageClass: 'STANDARD',
      concurrency: 4,
      partSizeMb: 5,
    });
    writeSourceTree(source, 8);
    makeBorgRepo(repo, source, base);
    await mirror.sync(repo, 'st', {});
    for (const name of ['a2', 'a3']) {
      writeFileSync(join(source, `${name}.bin`), Buffer.alloc(40_000, name));
      borg(['create', `${repo}::${name}`, '.'], base, source);
      borg(['prune', '--keep-last', '1', repo], base);
      borg(['compact', repo], base);
      await mirror.sync(repo, 'st', {});
    }
  });

  it("borg's hints.N lists exactly the segment files of the repository", () => {
    const n = newestCompleteState(readdirSync(repo));
    expect(n).not.toBeNull();
    const segments = hintsSegments(readFileSync(join(repo, `hints.${n}`)));
    expect([...segments!].sort((a, b) => a - b)).toEqual(segmentFiles(repo));
  });

  it('S3 holds stale objects; the restore leaves them out and passes borg check', async () => {
    const keys = await listKeys(client, bucket, 'st/');
    const local = await repoDigest(repo);
    expect(keys.length).toBeGreaterThan(local.size); // stale segments and index files
    const target = join(tempDir(), 'copy');
    const res = await mirror.restore('st', target, {});
    const restored = await repoDigest(target);
    // Everything but the no-op commit borg with-lock would add: here nothing held the lock.
    expect([...restored.keys()].sort()).toEqual([...local.keys()].sort());
    expect(restored).toEqual(local);
    expect(res.files).toBe(local.size);
    expect(borgCheck(target, base)).toEqual({ rc: 0, out: '' });
  });

  it('a segment the state needs but S3 lacks: refused before anything is written', async () => {
    const n = newestCompleteState(readdirSync(repo))!;
    const needed = [...hintsSegments(readFileSync(join(repo, `hints.${n}`)))!][0]!;
    const dir = readdirSync(join(repo, 'data')).find((d) =>
      existsSync(join(repo, 'data', d, String(needed))),
    );
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: `st/data/${dir}/${needed}` }));
    const target = join(tempDir(), 'broken');
    await expect(mirror.restore('st', target, {})).rejects.toMatchObject({
      message: expect.stringMatching(
        new RegExp(`incomplete: transaction ${n} needs segment\\(s\\) ${needed}`),
      ),
      hint: expect.stringContaining('s3 sync'),
      exitCode: 1,
    });
    expect(existsSync(target)).toBe(false);
    await mirror.sync(repo, 'st', {}); // the next sync puts it back
    expect(borgCheck(repo, base).rc).toBe(0);
  });
});
