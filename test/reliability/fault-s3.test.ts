import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultRule } from '../support/fault-proxy.js';
import { mutateData } from './harness/crash.js';
import { expectMirrored, startOnline, type Online } from './harness/online.js';
import { createPrng } from '../support/prng.js';
import { join } from 'node:path';
import {
  createRepo,
  makeWorld,
  readIndexFile,
  suiteDir,
  writeConfig,
  type World,
} from './harness/world.js';

/**
 * Spec §9/§10: the fault proxy in front of s3rver injects 500s, 503 SlowDown, connection resets
 * (before the server saw the request, and after it applied it) and slow responses on a seeded
 * schedule. A sync either retries through to a byte-equal mirror, or fails with exit 1 (daily:
 * 3) and one clear line; a re-run completes; local metadata is never lost.
 */
const SEED = Number(process.env.BB_FAULT_SEED ?? 7_331);

/**
 * Every kind. The failing ones fire by request count and are capped, the seeded PRNG adds slow
 * responses. Concurrent uploads interleave, so one request's attempts may meet several faults
 * in a row: the run gets AWS_MAX_ATTEMPTS 10 (12 failures in all, ~40 requests).
 */
const MIXED: FaultRule[] = [
  { every: 6, times: 2, fault: { kind: 'reset-response' } },
  { every: 8, times: 2, fault: { kind: 'reset-request' } },
  { every: 7, times: 3, fault: { kind: 'throttle' } },
  { every: 5, times: 5, fault: { kind: 'error' } },
  { every: 4, fault: { kind: 'slow', delayMs: 150, chunkDelayMs: 20, chunkBytes: 4096 } },
  { probability: 0.25, fault: { kind: 'slow', delayMs: 60 } },
];

const errorLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('Error: '));

describe('S3 fault injection (s3rver behind the fault proxy)', () => {
  const root = suiteDir('bb-fault-s3-');
  let online: Online;
  let w: World;
  let repoPath: string;
  const name = 'faulty';
  const prng = createPrng(SEED);

  beforeAll(async () => {
    online = await startOnline({ seed: SEED, maxAttempts: 5 });
    w = makeWorld(root, online.env);
    writeConfig(w, { ...online.config, aws: { ...online.config.aws, s3_concurrency: 4 } });
    repoPath = await createRepo(w, name, { seed: SEED, files: 16 });
    const first = await w.cli(['backup', 'daily', '-n', name, '--no-s3-sync']);
    expect(first.code, first.stderr).toBe(0);
  });
  afterAll(() => online?.stop());

  it('every kind of fault on a schedule: s3 sync retries and ends byte-equal', async () => {
    online.s3Proxy.setSchedule(MIXED, SEED);
    online.s3Proxy.resetStats();
    const r = await w.cli(['s3', 'sync', '-n', name], { env: { AWS_MAX_ATTEMPTS: '10' } });
    const f = online.s3Proxy.stats.faults;
    online.s3Proxy.setSchedule([]);
    expect(r.code, r.stderr).toBe(0);
    for (const kind of ['error', 'throttle', 'reset-request', 'reset-response', 'slow'] as const) {
      expect(f[kind], `${kind} faults injected`).toBeGreaterThan(0);
    }
    await expectMirrored(online, name, repoPath, 'after the faulty sync');
    expect(readIndexFile(w).find((x) => x.name === name)?.last_s3_sync).not.toBeNull();
  });

  it('S3 failing every upload: s3 sync exits 1 with one clear line, the index is untouched; a re-run completes', async () => {
    mutateData(join(w.data, name), prng, 1);
    const daily = await w.cli(['backup', 'daily', '-n', name, '--no-s3-sync']);
    expect(daily.code, daily.stderr).toBe(0);
    const before = readIndexFile(w);
    online.s3Proxy.setSchedule([{ method: 'PUT', fault: { kind: 'error' } }]);
    const r = await w.cli(['s3', 'sync', '-n', name], { env: { AWS_MAX_ATTEMPTS: '3' } });
    online.s3Proxy.setSchedule([]);
    expect(r.code, r.stderr).toBe(1);
    expect(errorLines(r.stderr)).toEqual([
      expect.stringMatching(/^Error: .*S3.*; .*(retry|again)/i),
    ]);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace without --debug
    expect(readIndexFile(w)).toEqual(before);
    const again = await w.cli(['s3', 'sync', '-n', name]);
    expect(again.code, again.stderr).toBe(0);
    await expectMirrored(online, name, repoPath, 're-run');
  });

  it('backup daily with S3 down: exit 3, archive and metadata kept, run recorded partial; the next daily syncs', async () => {
    mutateData(join(w.data, name), prng, 2);
    const before = readIndexFile(w).find((x) => x.name === name)!;
    online.s3Proxy.setSchedule([{ fault: { kind: 'throttle' } }]);
    const r = await w.cli(['backup', 'daily', '-n', name, '--json'], {
      env: { AWS_MAX_ATTEMPTS: '2' },
    });
    online.s3Proxy.setSchedule([]);
    expect(r.code, r.stderr).toBe(3);
    const doc = JSON.parse(r.stdout) as {
      result: string;
      archive: string | null;
      error: { message: string } | null;
    };
    expect(doc.result).toBe('partial');
    expect(doc.error?.message).toMatch(/S3|SlowDown|reduce your request rate/i);
    const after = readIndexFile(w).find((x) => x.name === name)!;
    expect(after.last_backup).not.toBe(before.last_backup);
    expect(after.last_s3_sync).toBe(before.last_s3_sync);
    const archives = await w.borg(['list', '--short', repoPath], name);
    expect(archives.stdout.split('\n')).toContain(doc.archive);
    expect((await w.store().runLog.last(name, 'backup daily'))?.result).toBe('partial');
    const next = await w.cli(['backup', 'daily', '-n', name]);
    expect(next.code, next.stderr).toBe(0);
    await expectMirrored(online, name, repoPath, 'next daily');
  });

  it('slow S3 (every response trickled): the sync is slow but completes byte-equal', async () => {
    mutateData(join(w.data, name), prng, 3);
    const d = await w.cli(['backup', 'daily', '-n', name, '--no-s3-sync']);
    expect(d.code, d.stderr).toBe(0);
    online.s3Proxy.setSchedule([
      { fault: { kind: 'slow', delayMs: 100, chunkDelayMs: 10, chunkBytes: 1024 } },
    ]);
    const r = await w.cli(['s3', 'sync', '-n', name]);
    online.s3Proxy.setSchedule([]);
    expect(r.code, r.stderr).toBe(0);
    await expectMirrored(online, name, repoPath, 'slow sync');
  });
});
