import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BorgCallContext } from '../../src/borg/types.js';
import { BorgError, InterruptedError } from '../../src/core/errors.js';
import { backupOptionsSchema, restoreOptionsSchema } from '../../src/core/models/index.js';
import { Passphrase } from '../../src/core/secret.js';
import { makeBorgClient, rawBorg, writeTree } from '../support/borg.js';

const PASSPHRASE = 'signals passphrase';
const root = mkdtempSync(join(tmpdir(), 'bb-borg-sig-'));
const base = join(root, 'base');
const src = join(root, 'src');
const repo = join(root, 'repo');
const borg = makeBorgClient(base, { interruptGraceMs: 20_000 });
const ctx: BorgCallContext = { passphrase: Passphrase.of(PASSPHRASE) };
// lzma,6 on random data is slow enough that the abort always lands while borg is working.
const slowBackup = (archiveName: string) =>
  backupOptionsSchema.parse({ repoPath: repo, archiveName, sources: [src], compression: 'lzma,6' });

/** A context whose signal aborts (with `reason`) once borg reports progress on a file. */
function abortOnProgress(reason: 'SIGINT' | 'SIGTERM'): BorgCallContext {
  const controller = new AbortController();
  return {
    ...ctx,
    signal: controller.signal,
    handlers: {
      onProgress: (e) => {
        const working = e.type === 'archive_progress' ? Boolean(e.path) : !e.finished;
        if (working && !controller.signal.aborted) controller.abort(reason);
      },
    },
  };
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => new Error('expected the call to be interrupted'),
    (e: unknown) => e,
  );
}

async function archiveNames(): Promise<string[]> {
  const r = await rawBorg(base, ['list', '--consider-checkpoints', '--short', repo], PASSPHRASE);
  expect(r.exitCode).toBe(0);
  return r.stdout.split('\n').filter(Boolean);
}

beforeAll(async () => {
  writeTree(src, { 'big-1.bin': randomBytes(12 << 20), 'big-2.bin': randomBytes(12 << 20) });
  await borg.init(repo, { encryption: 'repokey' }, ctx);
  await borg.create(
    backupOptionsSchema.parse({
      repoPath: repo,
      archiveName: 'full',
      sources: [src],
      compression: 'lz4',
    }),
    ctx,
  );
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('BorgClient: an abort ends borg promptly and leaves no lock', () => {
  it('SIGINT during create: borg writes a checkpoint, the call is an InterruptedError (130)', async () => {
    const e = await rejection(borg.create(slowBackup('sigint'), abortOnProgress('SIGINT')));
    expect(e).toBeInstanceOf(InterruptedError);
    expect((e as InterruptedError).exitCode).toBe(130);
    expect((e as InterruptedError).cause).toBeInstanceOf(BorgError);
    expect(await archiveNames()).toContain('sigint.checkpoint');
    expect(existsSync(join(repo, 'lock.exclusive'))).toBe(false);
    expect((await borg.listArchives(repo, ctx)).result.archives.map((a) => a.name)).toEqual([
      'full',
    ]);
  });

  it('SIGTERM during create: no checkpoint, InterruptedError (143)', async () => {
    const e = await rejection(borg.create(slowBackup('sigterm'), abortOnProgress('SIGTERM')));
    expect(e).toMatchObject({ code: 'interrupted', exitCode: 143 });
    expect((await archiveNames()).filter((n) => n.startsWith('sigterm'))).toEqual([]);
    expect(existsSync(join(repo, 'lock.exclusive'))).toBe(false);
  });

  it('extract, which ignores a first SIGINT, is stopped too', async () => {
    const target = join(root, 'restore');
    mkdirSync(target);
    const opts = restoreOptionsSchema.parse({ repoPath: repo, archiveName: 'full', target });
    const e = await rejection(borg.extract(opts, abortOnProgress('SIGINT')));
    expect(e).toMatchObject({ code: 'interrupted', exitCode: 130 });
    expect((await borg.listArchives(repo, ctx)).rc).toBe(0);
  });

  it('an already aborted signal never starts borg', async () => {
    const signal = AbortSignal.abort('SIGINT');
    await expect(borg.listArchives(repo, { ...ctx, signal })).rejects.toBeInstanceOf(
      InterruptedError,
    );
  });

  it('a consumer that stops reading a listing early stops borg (no lock left)', async () => {
    for await (const item of borg.listContents(repo, 'full', {}, ctx)) {
      expect(item.path).toBeTruthy();
      break;
    }
    expect(existsSync(join(repo, 'lock.exclusive'))).toBe(false);
    expect((await borg.listArchives(repo, ctx)).rc).toBe(0);
  });

  it('an abort while waiting for the lock ends the wait', async () => {
    const lock = await borg.acquireLock(repo, ctx);
    try {
      const controller = new AbortController();
      const waiting = borg.listArchives(repo, { ...ctx, lockWait: 600, signal: controller.signal });
      setTimeout(() => controller.abort('SIGINT'), 300);
      await expect(waiting).rejects.toBeInstanceOf(InterruptedError);
    } finally {
      await lock.release();
    }
  });
});
