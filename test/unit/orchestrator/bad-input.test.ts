import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useHarness, type Harness } from '../../support/fakes/harness.js';

const harness = useHarness();
const docs = { kind: 'name' as const, name: 'docs' };

/** Every file under dir with its size: equal before and after = nothing changed on disk. */
function tree(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const p = join(rel, e.name);
    return e.isDirectory() ? [`${p}/`, ...tree(dir, p)] : [`${p} ${statSync(join(dir, p)).size}`];
  });
}

type Row = [
  string,
  (h: Harness) => Promise<unknown>,
  { code: string; exitCode: number; message: RegExp },
  { online?: boolean; setup?: (h: Harness) => Promise<void> }?,
];

const archived = async (h: Harness) => {
  await h.orch.backupRepo({ ref: docs, archiveName: 'a1' });
};

const rows: Row[] = [
  [
    'unknown repo',
    (h) => h.orch.dailyBackup({ ref: { kind: 'name', name: 'nope' } }),
    { code: 'not-found', exitCode: 2, message: /^repository 'nope' not found$/ },
  ],
  [
    'unknown repo path',
    (h) => h.orch.listArchives({ ref: { kind: 'path', path: '/nowhere' } }),
    { code: 'not-found', exitCode: 2, message: /no repository is registered at \/nowhere/ },
  ],
  [
    'duplicate name',
    (h) =>
      h.orch.createRepo({ name: 'docs', path: join(h.root, 'repos', 'x'), backupTarget: h.target }),
    { code: 'already-exists', exitCode: 2, message: /repository 'docs' already exists/ },
  ],
  [
    'existing path',
    (h) => h.orch.createRepo({ name: 'x', path: h.target, backupTarget: h.root }),
    { code: 'validation', exitCode: 2, message: /already exists and is not an empty directory/ },
  ],
  [
    'path already registered',
    (h) =>
      h.orch.importRepo({ name: 'x', path: join(h.root, 'repos', 'docs'), backupTarget: h.target }),
    { code: 'already-exists', exitCode: 2, message: /is already registered as repository 'docs'/ },
  ],
  [
    'missing target',
    (h) =>
      h.orch.createRepo({
        name: 'x',
        path: join(h.root, 'repos', 'x'),
        backupTarget: join(h.root, 'gone'),
      }),
    { code: 'validation', exitCode: 2, message: /backup target .*gone does not exist/ },
  ],
  [
    'bad repo name and bad quota at once',
    (h) =>
      h.orch.createRepo({
        name: '-bad name',
        path: join(h.root, 'x'),
        backupTarget: h.target,
        quota: 'lots',
      }),
    {
      code: 'validation',
      exitCode: 2,
      message: /repository name '-bad name' is invalid; quota 'lots' is invalid/,
    },
  ],
  [
    'bad archive name',
    (h) => h.orch.restoreArchive({ ref: docs, archive: 'a/b', target: join(h.root, 'out') }),
    { code: 'validation', exitCode: 2, message: /archive name 'a\/b' is invalid/ },
  ],
  [
    'non-empty restore target',
    (h) => h.orch.restoreArchive({ ref: docs, archive: 'a1', target: h.target }),
    { code: 'validation', exitCode: 2, message: /restore target .* is not empty/ },
    { setup: archived },
  ],
  [
    'restore target is a file',
    (h) =>
      h.orch.restoreArchive({ ref: docs, archive: 'a1', target: join(h.target, 'docs', 'a.txt') }),
    { code: 'validation', exitCode: 2, message: /is not a directory/ },
  ],
  [
    'bad pattern',
    (h) => h.orch.addExclusion(docs, 're:(unclosed'),
    { code: 'validation', exitCode: 2, message: /not a valid regular expression/ },
  ],
  [
    'bad find glob',
    (h) => h.orch.findInArchives({ ref: docs, glob: 'docs/[abc' }),
    { code: 'validation', exitCode: 2, message: /unclosed '\['/ },
  ],
  [
    'retention keeping nothing',
    (h) =>
      h.orch.setRetention({
        ref: docs,
        policy: { keep_daily: 0, keep_weekly: 0, keep_monthly: 0, keep_yearly: 0 },
      }),
    { code: 'validation', exitCode: 2, message: /keeps nothing/ },
  ],
  [
    'bad quota',
    (h) => h.orch.setQuota({ ref: docs, quota: '12 GB' }),
    { code: 'validation', exitCode: 2, message: /quota '12 GB' is invalid/ },
  ],
  [
    'one archive of a diff',
    (h) => h.orch.diffArchives({ ref: docs, archive1: 'a1' }),
    { code: 'usage', exitCode: 2, message: /give both archives/ },
  ],
  [
    'recreate changing nothing',
    (h) => h.orch.recreateArchive({ ref: docs, archive: 'a1' }),
    { code: 'usage', exitCode: 2, message: /needs --exclude PATTERN or --recompress/ },
  ],
  [
    'repair of a spot check',
    (h) => h.orch.checkRepo({ ref: docs, kind: 'spot', repair: true, confirmed: true }),
    { code: 'usage', exitCode: 2, message: /--repair works with borg checks/ },
  ],
  [
    'move onto a non-empty dir',
    (h) => h.orch.moveRepo({ ref: docs, to: h.target }),
    { code: 'validation', exitCode: 2, message: /already exists and is not an empty directory/ },
  ],
  [
    'rename onto a taken name',
    (h) => h.orch.renameRepo({ ref: docs, to: 'other' }),
    { code: 'already-exists', exitCode: 2, message: /repository 'other' already exists/ },
    { setup: async (h) => void (await h.addRepo('other')) },
  ],
  [
    'status with a bad max age',
    (h) => h.orch.status({ maxAgeMs: -5 }),
    { code: 'validation', exitCode: 2, message: /--max-age must be a positive duration/ },
  ],
  [
    'unconfirmed repo delete',
    (h) => h.orch.deleteRepo({ ref: docs, confirmed: false }),
    {
      code: 'confirmation-required',
      exitCode: 2,
      message: /deleting a repository needs confirmation/,
    },
  ],
  [
    'unconfirmed archive delete',
    (h) => h.orch.deleteArchive({ ref: docs, archive: 'a1', confirmed: false }),
    {
      code: 'confirmation-required',
      exitCode: 2,
      message: /deleting archive 'a1' needs confirmation/,
    },
    { setup: archived },
  ],
  [
    'unconfirmed S3 delete',
    (h) => h.orch.deleteFromS3({ ref: docs, confirmed: false }),
    {
      code: 'confirmation-required',
      exitCode: 2,
      message: /deleting the S3 copy needs confirmation/,
    },
    { online: true },
  ],
  [
    'unconfirmed repair',
    (h) => h.orch.checkRepo({ ref: docs, repair: true }),
    {
      code: 'confirmation-required',
      exitCode: 2,
      message: /repairing a repository needs confirmation/,
    },
  ],
  [
    's3 sync offline',
    (h) => h.orch.syncRepo({ ref: docs }),
    { code: 'usage', exitCode: 2, message: /^'s3 sync' needs online mode$/ },
  ],
  [
    's3 sync --all offline',
    (h) => h.orch.syncAll({}),
    { code: 'usage', exitCode: 2, message: /'s3 sync' needs online mode/ },
  ],
  [
    's3 restore offline',
    (h) => h.orch.restoreRepoFromS3({ ref: docs, force: true }),
    { code: 'usage', exitCode: 2, message: /'s3 restore' needs online mode/ },
  ],
  [
    's3 verify offline',
    (h) => h.orch.verifyS3({ ref: docs }),
    { code: 'usage', exitCode: 2, message: /'s3 verify' needs online mode/ },
  ],
  [
    's3 stats offline',
    (h) => h.orch.s3Stats({}),
    { code: 'usage', exitCode: 2, message: /'s3 stats' needs online mode/ },
  ],
  [
    's3 delete offline',
    (h) => h.orch.deleteFromS3({ ref: docs, confirmed: true }),
    { code: 'usage', exitCode: 2, message: /'s3 delete' needs online mode/ },
  ],
  [
    'repo delete --delete-from-s3 offline',
    (h) => h.orch.deleteRepo({ ref: docs, deleteFromS3: true, confirmed: true }),
    { code: 'usage', exitCode: 2, message: /--delete-from-s3' needs online mode/ },
  ],
  [
    'status --all-hosts offline',
    (h) => h.orch.status({ allHosts: true }),
    { code: 'usage', exitCode: 2, message: /'status --all-hosts' needs online mode/ },
  ],
];

describe('bad input is refused before anything changes', () => {
  it.each(rows)('%s', async (_name, call, expected, opts = {}) => {
    const h = harness({ online: opts.online ?? false });
    await h.addRepo('docs');
    await opts.setup?.(h);
    h.borg.calls.length = 0;
    const store = h.store.dump();
    const disk = tree(h.root);
    const s3 = [...h.remote.s3.objects.keys()];

    const err = await call(h).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: expected.code, exitCode: expected.exitCode });
    expect((err as Error).message).toMatch(expected.message);
    expect(h.borg.calls.filter((c) => !['info', 'list', 'config-get'].includes(c.verb))).toEqual(
      [],
    );
    expect(h.store.dump()).toBe(store);
    expect(tree(h.root)).toEqual(disk);
    expect([...h.remote.s3.objects.keys()]).toEqual(s3);
  });

  it('names the fix in the hint of the errors users meet most', async () => {
    const h = harness();
    await h.addRepo('docs');
    await expect(h.orch.dailyBackup({ ref: { kind: 'name', name: 'x' } })).rejects.toMatchObject({
      hint: "see 'borgboi repo list'",
    });
    await expect(h.orch.syncRepo({ ref: docs })).rejects.toMatchObject({
      hint: 'pass --online or set offline: false',
    });
  });
});

describe('exclusions through the orchestrator', () => {
  it('show, add, remove, create from a file and write address the repo like other verbs', async () => {
    const h = harness();
    await h.addRepo('docs');
    const path = { kind: 'path' as const, path: 'repos/docs' };
    expect((await h.orch.addExclusion(path, 'sh:**/node_modules')).lines.at(-1)).toBe(
      'sh:**/node_modules',
    );
    const removed = await h.orch.removeExclusion(docs, 1);
    expect(removed.removed).toMatch(/^# borg exclusion patterns/);
    const src = join(h.root, 'excl.txt');
    writeFileSync(src, '*.tmp\npp:/proc\n');
    const created = await h.orch.createExclusions(docs, 'excl.txt', { replace: true });
    expect(created).toMatchObject({ repo: 'docs', source: 'repo', lines: ['*.tmp', 'pp:/proc'] });
    expect((await h.orch.writeExclusions(docs, ['*.iso'])).lines).toEqual(['*.iso']);
    expect(await h.orch.showExclusions({ kind: 'default' })).toMatchObject({
      repo: 'docs',
      lines: ['*.iso'],
    });
  });
});
