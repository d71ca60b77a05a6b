import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BorgCallContext } from '../../src/borg/types.js';
import { BorgError, type BorgErrorKind } from '../../src/core/errors.js';
import { backupOptionsSchema } from '../../src/core/models/index.js';
import { Passphrase } from '../../src/core/secret.js';
import { makeBorgClient, writeTree } from '../support/borg.js';

const root = mkdtempSync(join(tmpdir(), 'bb-borg-err-'));
const base = join(root, 'base');
const src = join(root, 'src');
const repo = join(root, 'repo');
const ctx: BorgCallContext = { passphrase: Passphrase.of('errors passphrase') };
const notices: string[] = [];
const borg = makeBorgClient(base, { onNotice: (m) => notices.push(m) });
const backup = (archiveName: string, sources = [src]) =>
  backupOptionsSchema.parse({ repoPath: repo, archiveName, sources, compression: 'lz4' });

async function borgError(p: Promise<unknown>): Promise<BorgError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof BorgError)) throw new Error(`expected a BorgError, got ${String(e)}`);
  return e;
}

/** A PID that is certainly not running: a child that has already exited. */
function deadPid(): number {
  return spawnSync('true').pid!;
}

function fakeLock(repoPath: string, hostId: string, pid: number): void {
  mkdirSync(join(repoPath, 'lock.exclusive'));
  writeFileSync(join(repoPath, 'lock.exclusive', `${hostId}.${pid}-0`), '');
  writeFileSync(join(repoPath, 'lock.roster'), JSON.stringify({ exclusive: [[hostId, pid, 0]] }));
}

beforeAll(async () => {
  writeTree(src, { 'a.txt': 'a\n', 'b/c.txt': 'c\n' });
  await borg.init(repo, { encryption: 'repokey' }, ctx);
  await borg.create(backup('first'), ctx);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('BorgClient: borg failures become typed BorgErrors', () => {
  it.each<[string, BorgErrorKind, () => Promise<unknown>]>([
    [
      'wrong passphrase',
      'passphrase-wrong',
      () => borg.listArchives(repo, { passphrase: Passphrase.of('wrong') }),
    ],
    [
      'no passphrase for an encrypted repo (fails at once, no prompt)',
      'passphrase-missing',
      () => borg.listArchives(repo, {}),
    ],
    ['missing repository', 'repo-missing', () => borg.listArchives(join(root, 'nope'), ctx)],
    ['not a repository', 'not-a-repo', () => borg.listArchives(src, ctx)],
    ['archive missing', 'archive-missing', () => borg.archiveInfo(repo, 'nope', ctx)],
    ['archive exists', 'archive-exists', () => borg.create(backup('first'), ctx)],
    ['repository exists', 'repo-exists', () => borg.init(repo, { encryption: 'repokey' }, ctx)],
  ])('%s → %s', async (_name, kind, call) => {
    const e = await borgError(call());
    expect(e.kind).toBe(kind);
    expect(e.message).toMatch(/^borg \S+ failed: /);
    expect(e.hint).toBeTruthy();
    expect(e.rc).toBe(2);
  });

  it('the failed init into an existing repo left it intact', async () => {
    expect((await borg.listArchives(repo, ctx)).result.archives).toHaveLength(1);
  });

  it('a missing source is a warning (rc 1): the archive is still made', async () => {
    const r = await borg.create(backup('warn', [src, join(root, 'does-not-exist')]), ctx);
    expect(r.rc).toBe(1);
    expect(r.warnings).toEqual([
      {
        message: expect.stringMatching(/does-not-exist: \[Errno 2\] No such file/),
        msgid: undefined,
      },
    ]);
    expect(r.result.archive.name).toBe('warn');
  });

  it('a missing borg executable is borg-missing', async () => {
    const missing = makeBorgClient(base, { executable: join(root, 'no-borg') });
    await expect(missing.listArchives(repo, ctx)).rejects.toMatchObject({ code: 'borg-missing' });
  });
});

describe('BorgClient: init never leaves a half-made repository', () => {
  it('an encrypted init without a passphrase is refused before borg runs (exit 2)', async () => {
    const path = join(root, 'no-pass');
    await expect(borg.init(path, { encryption: 'repokey' }, {})).rejects.toMatchObject({
      code: 'passphrase',
      exitCode: 2,
    });
    expect(existsSync(path)).toBe(false);
  });

  it('a failure after init removes the directory this call created', async () => {
    const path = join(root, 'half');
    const opts = { encryption: 'repokey' as const, additionalFreeSpace: 'lots' };
    await expect(borg.init(path, opts, ctx)).rejects.toBeInstanceOf(BorgError);
    expect(existsSync(path)).toBe(false);
  });

  it('a missing parent directory is borg refusing, with nothing created', async () => {
    // Making parents is `repo create`'s policy (src/core/workflows/create-repo.ts), not init's.
    const path = join(root, 'gone', 'deeper', 'repo');
    await expect(borg.init(path, { encryption: 'repokey' }, ctx)).rejects.toBeInstanceOf(BorgError);
    expect(existsSync(join(root, 'gone'))).toBe(false);
  });

  it('…and empties (but keeps) a directory that existed empty', async () => {
    const path = join(root, 'empty-before');
    mkdirSync(path);
    const opts = { encryption: 'repokey' as const, additionalFreeSpace: 'lots' };
    await expect(borg.init(path, opts, ctx)).rejects.toBeInstanceOf(BorgError);
    expect(readdirSync(path)).toEqual([]);
  });
});

describe('BorgClient: locks', () => {
  it('a held lock is a lock-timeout naming host, PID and age; it is never broken', async () => {
    const lock = await borg.acquireLock(repo, ctx);
    try {
      const e = await borgError(borg.listArchives(repo, { ...ctx, lockWait: 1 }));
      expect(e.kind).toBe('lock-timeout');
      expect(e.message).toMatch(
        new RegExp(`is locked by host ${hostname()}, PID \\d+ \\(running\\), locked \\d+ s ago`),
      );
      expect(e.hint).toMatch(/borg break-lock/);
    } finally {
      await lock.release();
    }
    expect((await borg.listArchives(repo, ctx)).rc).toBe(0);
  });

  it('a stale lock of a dead PID on this host is cleared, noted, and the call retried', async () => {
    // A host id borg does not recognise as its own, so borg itself will not remove it.
    fakeLock(repo, `${hostname()}@1`, deadPid());
    notices.length = 0;
    const r = await borg.listArchives(repo, ctx);
    expect(r.result.archives.length).toBeGreaterThan(0);
    expect(notices).toEqual([expect.stringMatching(/cleared a stale borg lock on .*not running/)]);
    expect(existsSync(join(repo, 'lock.exclusive'))).toBe(false);
  });

  it('a lock from another host is reported, not broken', async () => {
    fakeLock(repo, 'otherhost@123456789', 4242);
    try {
      const e = await borgError(borg.listArchives(repo, ctx));
      expect(e.kind).toBe('lock-timeout');
      expect(e.message).toMatch(/locked by host otherhost, PID 4242 \(on another host\)/);
      expect(existsSync(join(repo, 'lock.exclusive'))).toBe(true);
    } finally {
      await borg.breakLock(repo, ctx);
    }
  });
});

describe('BorgClient: prompts are answered only when the call allows it', () => {
  it('a relocated repository is refused, then accepted with allowRelocated', async () => {
    const moved = join(root, 'moved');
    renameSync(repo, moved);
    try {
      expect((await borgError(borg.listArchives(moved, ctx))).kind).toBe('relocated');
      const r = await borg.listArchives(moved, { ...ctx, allowRelocated: true });
      expect(r.result.archives.length).toBeGreaterThan(0);
    } finally {
      renameSync(moved, repo);
    }
  });
});

describe('BorgClient: check on a damaged repository', () => {
  const damaged = join(root, 'damaged');

  /** Flips bytes in the middle of the largest segment (the one holding the file's data). */
  function corruptLargestSegment(): void {
    const dir = join(damaged, 'data', '0');
    const largest = readdirSync(dir)
      .map((name) => ({ name, size: statSync(join(dir, name)).size }))
      .sort((a, b) => b.size - a.size)[0]!;
    const path = join(dir, largest.name);
    const bytes = readFileSync(path);
    bytes.fill(0x55, Math.floor(bytes.length / 2), Math.floor(bytes.length / 2) + 64);
    writeFileSync(path, bytes);
  }

  it('rc 1 means errors found: ok=false with the problems; --repair (YES answered) fixes it', async () => {
    writeTree(join(root, 'blob'), { 'blob.bin': randomBytes(256 << 10) });
    await borg.init(damaged, { encryption: 'repokey' }, ctx);
    const opts = backupOptionsSchema.parse({
      repoPath: damaged,
      archiveName: 'b',
      sources: [join(root, 'blob')],
      compression: 'none',
    });
    await borg.create(opts, ctx);
    corruptLargestSegment();

    const broken = await borg.check(damaged, { kind: 'repository' }, ctx);
    expect(broken).toMatchObject({ ok: false, rc: 1 });
    expect(broken.problems.join('\n')).toMatch(/integrity error|checksum mismatch/i);
    expect(broken.report).toContain('Starting repository check');

    const repaired = await borg.check(damaged, { kind: 'full', repair: true }, ctx);
    expect(repaired.rc).toBe(0);
    expect((await borg.check(damaged, { kind: 'full' }, ctx)).ok).toBe(true);
  });
});
