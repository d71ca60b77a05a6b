import { NotFoundError } from '../../src/core/errors.js';
import { DEFAULT_RETENTION, type Repository } from '../../src/core/models/index.js';
import type {
  OrchestratorApi,
  RepoRef,
  WorkflowObserver,
} from '../../src/core/orchestrator-api.js';
import type { ExclusionsView } from '../../src/storage/types.js';
import {
  archiveInfo,
  archiveItems,
  archiveList,
  checkReport,
  createEvents,
  createResult,
  diffEntries,
  paperKey,
  repoInfo,
  sampleRepo,
} from './borg-fixtures.js';
import { fakeDaily, fakeRun } from './fake-workflows.js';

export interface FakeCall {
  method: keyof OrchestratorApi;
  args: unknown[];
}

/** An OrchestratorApi that records every call and answers from real borg fixtures. */
export type FakeOrchestrator = OrchestratorApi & {
  calls: FakeCall[];
  /** Calls without observers and signals (functions that differ per run), for comparisons. */
  plainCalls(): Array<{ method: string; args: unknown }>;
};

const REPOS: Record<string, Repository> = { alpha: sampleRepo('alpha'), beta: sampleRepo('beta') };

function resolve(ref: RepoRef): Repository {
  if (ref.kind === 'default') return REPOS.alpha!;
  const found = Object.values(REPOS).find((r) =>
    ref.kind === 'name' ? r.name === ref.name : r.path === ref.path,
  );
  const what = ref.kind === 'name' ? `'${ref.name}'` : `at ${ref.path}`;
  if (!found) throw new NotFoundError(`repository ${what} not found`, "see 'borgboi repo list'");
  return found;
}

const EXCLUSIONS = ['*.tmp', '/data/logs/app.log'];
const view = (ref: RepoRef, lines = EXCLUSIONS): ExclusionsView & { repo: string } => ({
  repo: resolve(ref).name,
  file: `/home/test/.borgboi/data/exclusions/${resolve(ref).name}.txt`,
  source: 'repo',
  lines,
});

async function* items() {
  yield* archiveItems;
}

function defaults(): OrchestratorApi {
  return {
    resolveRepo: async (ref) => resolve(ref),
    createRepo: async (i) => ({
      repo: sampleRepo(i.name, { path: i.path, backup_target: i.backupTarget, last_backup: null }),
      passphraseSource: i.passphrase?.passphraseFile ? 'passphrase-file-flag' : 'generated',
      keyFile: `/home/test/.borgboi/passphrases/${i.name}.key`,
      warnings: [],
    }),
    importRepo: async (i) => ({
      repo: sampleRepo(i.name, { path: i.path, backup_target: i.backupTarget }),
      encryption: 'repokey',
      keyFile: `/home/test/.borgboi/passphrases/${i.name}.key`,
      warnings: [],
    }),
    listRepos: async () => ({ repos: Object.values(REPOS), source: 'local', skipped: [] }),
    repoInfo: async (i) => ({
      repo: resolve(i.ref),
      info: repoInfo,
      archiveCount: archiveList.archives.length,
      s3: null,
      retention: { policy: DEFAULT_RETENTION, source: 'default' },
    }),
    moveRepo: async (i) => ({ repo: resolve(i.ref).name, from: resolve(i.ref).path, to: i.to }),
    renameRepo: async (i) => ({
      from: resolve(i.ref).name,
      to: i.to,
      moved: ['metadata', 'exclusions', 'key file'],
      s3Moved: null,
    }),
    deleteRepo: async (i) => ({
      repo: resolve(i.ref).name,
      path: resolve(i.ref).path,
      dryRun: i.dryRun ?? false,
      removed: ['borg repo', 'metadata', 'exclusions', 'key file'],
      s3Deleted: i.deleteFromS3 ? 12 : null,
      warnings: [],
    }),
    checkRepo: async (i) => ({
      repo: resolve(i.ref).name,
      kind: i.kind ?? 'repository',
      ok: true,
      problems: [],
      report: checkReport,
    }),
    exportKey: async (i) => ({
      repo: resolve(i.ref).name,
      file:
        i.output === '-'
          ? null
          : (i.output ?? `/home/test/.borgboi/${resolve(i.ref).name}-encrypted-key-backup.txt`),
      text: i.output === '-' ? paperKey : null,
      format: i.qrHtml ? 'qr-html' : i.paper ? 'paper' : 'key',
    }),
    setRetention: async (i) => ({ ...resolve(i.ref), retention: i.policy }),
    setQuota: async (i) => ({ repo: resolve(i.ref).name, quota: i.quota, previous: '100G' }),
    showExclusions: async (ref) => view(ref),
    addExclusion: async (ref, p) => view(ref, [...EXCLUSIONS, p]),
    removeExclusion: async (ref, line) => ({
      ...view(
        ref,
        EXCLUSIONS.filter((_, i) => i !== line - 1),
      ),
      removed: EXCLUSIONS[line - 1] ?? '',
    }),
    createExclusions: async (ref) => view(ref),
    writeExclusions: async (ref, lines) => view(ref, lines),
    backupRepo: async (i) => fakeRun(resolve(i.ref), i),
    dailyBackup: async (i) => fakeDaily(resolve(i.ref), i),
    dailyBackupAll: async (i) => {
      const results = [await fakeDaily(REPOS.alpha!, i), await fakeDaily(REPOS.beta!, i)];
      return { results, exitCode: 0 };
    },
    listArchives: async (i) => ({
      repo: resolve(i.ref).name,
      archives: [...archiveList.archives].reverse(),
    }),
    archiveContents: async (i) => ({
      repo: resolve(i.ref).name,
      archive: i.archive,
      items: items(),
    }),
    archiveInfo: async (i) => ({
      repo: resolve(i.ref).name,
      archive: archiveInfo.archives[0]!,
      cache: archiveInfo.cache,
      encryption: archiveInfo.encryption,
    }),
    findInArchives: async (i) => ({
      repo: resolve(i.ref).name,
      glob: i.glob,
      archivesSearched: 2,
      matches: archiveItems
        .filter((it) => it.path.endsWith('a.txt'))
        .map((it) => ({ ...it, archive: 'second', start: createResult.archive.start })),
    }),
    restoreArchive: async (i) => ({
      repo: resolve(i.ref).name,
      archive: i.archive,
      target: i.target ?? '/work',
      dryRun: i.dryRun ?? false,
      warnings: [],
    }),
    diffArchives: async (i) => ({
      repo: resolve(i.ref).name,
      archive1: i.archive1 ?? 'first',
      archive2: i.archive2 ?? 'second',
      entries: diffEntries,
      summary: {
        added: 1,
        removed: 1,
        modified: 3,
        modeChanged: 1,
        bytesAdded: 14,
        bytesRemoved: 12,
      },
    }),
    recreateArchive: async (i) => ({
      repo: resolve(i.ref).name,
      archive: i.archive,
      dryRun: i.dryRun ?? false,
      warnings: [],
    }),
    deleteArchive: async (i) => ({
      repo: resolve(i.ref).name,
      archive: i.archive,
      dryRun: i.dryRun ?? false,
      compacted: !i.dryRun,
    }),
    pruneRepo: async (i) => fakePrune(resolve(i.ref), i.dryRun ?? false),
    syncRepo: async (i) => fakeSync(resolve(i.ref), i.dryRun ?? false, i.observer),
    syncAll: async (i) => [
      await fakeSync(REPOS.alpha!, i.dryRun ?? false, i.observer),
      await fakeSync(REPOS.beta!, i.dryRun ?? false, i.observer),
    ],
    restoreRepoFromS3: async (i) => ({
      repo: resolve(i.ref).name,
      restore: restoreResult(i.target ?? resolve(i.ref).path, i.dryRun ?? false),
      registered: false,
    }),
    verifyS3: async (i) => ({
      repo: resolve(i.ref).name,
      restore: restoreResult('/tmp/borgboi-verify-x', false),
      check: { rc: 0, warnings: [], durationMs: 800, ok: true, problems: [], report: checkReport },
      ok: true,
    }),
    s3Stats: async (i) => ({
      repos: { alpha: { ...prefix, cached_at: '2026-11-26T06:00:00Z' } },
      bucket: i.refresh
        ? {
            bucket: 'bb-backups',
            byStorageClass: { INTELLIGENT_TIERING: { bytes: 305232, objects: 17 } },
            byPrefix: { alpha: prefix },
            total: prefix,
          }
        : null,
      refreshed: i.refresh ?? false,
    }),
    deleteFromS3: async (i) => ({
      repo: resolve(i.ref).name,
      deleted: 2,
      keys: [`${resolve(i.ref).name}/config`, `${resolve(i.ref).name}/data/0/1`],
      dryRun: i.dryRun ?? false,
    }),
    status: async (i) => fakeStatus(i.maxAgeMs),
    previousRun: async (repo) => ({
      id: 'run-prev',
      command: 'backup daily',
      repo,
      started_at: '2026-11-25T06:00:00Z',
      duration_ms: 12_000,
      result: 'success',
      steps: [{ name: 'create', result: 'ok', duration_ms: 9_829 }],
      warnings: [],
      stats: {
        original_size: 1_018_001_986,
        compressed_size: 1,
        deduplicated_size: 1,
        nfiles: 5018,
      },
    }),
    migrate: async (i) => ({
      dryRun: i.dryRun,
      baseDir: '/home/test/.borgboi',
      rows: [
        {
          name: 'alpha',
          source: 'a54',
          status: i.dryRun ? 'would-migrate' : 'migrated',
          moved: ['passphrase file'],
        },
        { name: 'beta', source: 'legacy', status: 'already', moved: [] },
        {
          name: 'gamma',
          source: 'sqlite',
          status: 'skipped',
          reason: 'no passphrase stored',
          moved: [],
        },
      ],
      warnings: [],
    }),
  };
}

const prefix = {
  total_size_bytes: 305232,
  object_count: 17,
  last_modified: '2026-11-26T05:38:00Z',
};

function restoreResult(target: string, dryRun: boolean) {
  return {
    bucket: 'bb-backups',
    prefix: 'alpha',
    target,
    dryRun,
    files: 17,
    bytes: 305232,
    skipped: 0,
    durationMs: 1200,
  };
}

async function fakeSync(repo: Repository, dryRun: boolean, observer?: WorkflowObserver) {
  observer?.stepStarted?.({ repo: repo.name, step: 'sync' });
  observer?.s3?.({
    phase: 'upload',
    filesDone: 1,
    filesTotal: 2,
    bytesDone: 10,
    bytesTotal: 20,
    key: 'x',
  });
  observer?.stepFinished?.({ repo: repo.name, step: 'sync', result: 'ok', durationMs: 900 });
  const sync = {
    bucket: 'bb-backups',
    prefix: repo.name,
    dryRun,
    uploaded: [{ key: `${repo.name}/data/0/5`, size: 802, reason: 'new' as const }],
    deleted: [],
    unchanged: 16,
    bytesUploaded: dryRun ? 0 : 802,
    durationMs: 900,
    remote: prefix,
  };
  return { repo: repo.name, sync };
}

/** The prune of fixture prune-log-json.jsonl (`--keep-last 2` kept third and second). */
function fakePrune(repo: Repository, dryRun: boolean) {
  const [first, second] = archiveList.archives;
  const kept = [
    {
      name: 'third',
      rule: 'secondly #1',
      time: '2026-11-26T05:38:26',
      id: '7824b18acc306a6b83e1dd1a90e8ae2b16bd07d898179d88ae874bc261deaf9e',
    },
    { name: second!.name, rule: 'secondly #2', time: second!.start, id: second!.id },
  ];
  const pruned = [{ name: first!.name, rule: null, time: first!.start, id: first!.id }];
  return {
    repo: repo.name,
    policy: DEFAULT_RETENTION,
    policySource: 'default' as const,
    prune: { rc: 0 as const, warnings: [], durationMs: 40, dryRun, kept, pruned },
  };
}

function fakeStatus(maxAgeMs: number | undefined) {
  const now = Date.parse('2026-11-27T06:00:00Z');
  const repos = Object.values(REPOS).map((r, i) => {
    const last = i === 0 ? '2026-11-26T05:37:41Z' : '2026-11-20T05:00:00Z';
    const age = now - Date.parse(last);
    return {
      name: r.name,
      hostname: r.hostname,
      path: r.path,
      last_backup: last,
      last_s3_sync: null,
      last_result: 'success' as const,
      last_duration_ms: 12_000,
      age_ms: age,
      stale: maxAgeMs !== undefined && age > maxAgeMs,
      deduplicated_size: repoInfo.cache.stats.unique_csize,
      archive_count: 2,
    };
  });
  const stale = repos.filter((r) => r.stale).map((r) => r.name);
  return { repos, stale, maxAgeMs: maxAgeMs ?? null, source: 'local' as const };
}

export function createFakeOrchestrator(overrides: Partial<OrchestratorApi> = {}): FakeOrchestrator {
  const calls: FakeCall[] = [];
  const impl = { ...defaults(), ...overrides } as Record<string, (...a: unknown[]) => unknown>;
  const api: Record<string, unknown> = {};
  for (const [method, fn] of Object.entries(impl)) {
    api[method] = (...args: unknown[]) => {
      calls.push({ method: method as keyof OrchestratorApi, args });
      return fn(...args);
    };
  }
  const plainCalls = () =>
    calls.map((c) => ({ method: c.method, args: JSON.parse(JSON.stringify(c.args, dropLive)) }));
  return Object.assign(api as unknown as OrchestratorApi, { calls, plainCalls });
}

function dropLive(key: string, value: unknown) {
  return key === 'observer' || key === 'signal' ? undefined : value;
}

export { createEvents };
