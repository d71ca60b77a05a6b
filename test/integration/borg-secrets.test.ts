import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { OutputHandlers } from '../../src/borg/types.js';
import { backupOptionsSchema } from '../../src/core/models/index.js';
import { Passphrase } from '../../src/core/secret.js';
import { borgTestEnv, makeBorgClient, writeTree } from '../support/borg.js';

const SECRET = `secret-${randomUUID()}`;
const WRONG = `wrong-${randomUUID()}`;
const root = mkdtempSync(join(tmpdir(), 'bb-borg-secret-'));
const base = join(root, 'base');
const src = join(root, 'src');
const repo = join(root, 'repo');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** cmdline and environ of the live borg process whose argv mentions `marker`. */
function findBorgProcess(marker: string): { cmdline: string; environ: string } | null {
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes(marker) || !cmdline.includes('borg')) continue;
      return { cmdline, environ: readFileSync(`/proc/${pid}/environ`, 'utf8') };
    } catch {
      // the process went away while we looked
    }
  }
  return null;
}

describe('BorgClient: the passphrase reaches borg only through the fd 3 pipe', () => {
  it('not in argv, not in the environment, not in events or errors', async () => {
    // The parent environment carries every passphrase variable borg would prefer over the fd.
    const env = {
      ...borgTestEnv(base),
      BORG_PASSPHRASE: SECRET,
      BORG_NEW_PASSPHRASE: SECRET,
      BORG_PASSCOMMAND: `echo ${SECRET}`,
    };
    const borg = makeBorgClient(base, { env });
    const seen: string[] = [];
    const record = (e: unknown) => seen.push(JSON.stringify(e));
    const handlers: OutputHandlers = {
      onProgress: record,
      onFileStatus: record,
      onLog: record,
      onStdout: record,
      onStderrLine: record,
    };
    const ctx = { passphrase: Passphrase.of(SECRET), handlers };
    writeTree(src, { 'data.bin': randomBytes(8 << 20) });
    await borg.init(repo, { encryption: 'repokey' }, ctx);

    // Look at the live borg create once it works on the data, then stop it: that is enough.
    let live: ReturnType<typeof findBorgProcess> = null;
    const stop = new AbortController();
    const watching: OutputHandlers = {
      ...handlers,
      onProgress(e) {
        record(e);
        if (live || e.type !== 'archive_progress' || !e.path) return;
        live = findBorgProcess(`${repo}::a1`);
        stop.abort('SIGTERM');
      },
    };
    const options = backupOptionsSchema.parse({
      repoPath: repo,
      archiveName: 'a1',
      sources: [src],
      compression: 'lzma,6',
      listFiles: true,
    });
    const interrupted = await borg
      .create(options, { ...ctx, handlers: watching, signal: stop.signal })
      .catch((e: unknown) => e);
    expect(interrupted).toMatchObject({ code: 'interrupted' });

    expect(live).not.toBeNull();
    const { cmdline, environ } = live!;
    const vars = environ.split('\0');
    expect(cmdline.split('\0')).toContain('create');
    expect(vars).toContain('BORG_PASSPHRASE_FD=3');
    expect(vars.filter((v) => /^BORG_(PASSPHRASE|NEW_PASSPHRASE|PASSCOMMAND)=/.test(v))).toEqual(
      [],
    );
    expect(cmdline).not.toContain(SECRET);
    expect(environ).not.toContain(SECRET);

    const failures = [
      await borg.listArchives(repo, { passphrase: Passphrase.of(WRONG), handlers }).catch((e) => e),
      await borg.archiveInfo(repo, 'missing', ctx).catch((e) => e),
      interrupted,
    ];
    expect(failures.map((e: { code?: string; kind?: string }) => e.kind ?? e.code)).toEqual([
      'passphrase-wrong',
      'archive-missing',
      'interrupted',
    ]);
    const errorText = failures
      .map((e) =>
        [e.message, e.hint, e.stack, JSON.stringify(e), inspect(e, { depth: 5 })].join('\n'),
      )
      .join('\n');
    expect(seen.length).toBeGreaterThan(10);
    for (const secret of [SECRET, WRONG]) {
      expect(seen.join('\n')).not.toContain(secret);
      expect(errorText).not.toContain(secret);
    }
  });
});
