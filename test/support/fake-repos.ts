import { NotFoundError } from '../../src/core/errors.js';
import { DEFAULT_RETENTION, type Repository } from '../../src/core/models/index.js';
import type { OrchestratorApi, RepoRef } from '../../src/core/orchestrator-api.js';
import type { ExclusionsView } from '../../src/storage/types.js';
import { archiveList, checkReport, paperKey, repoInfo, sampleRepo } from './recorded-borg.js';

/** The fake's repositories (alpha, beta on host testhost) and the repo-level workflows. */
export const REPOS: Record<string, Repository> = {
  alpha: sampleRepo('alpha'),
  beta: sampleRepo('beta'),
};

/** `default` = alpha; an unknown name or path is the orchestrator's NotFoundError (exit 2). */
export function resolve(ref: RepoRef): Repository {
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

type RepoMethods = Omit<
  OrchestratorApi,
  | 'backupRepo'
  | 'dailyBackup'
  | 'dailyBackupAll'
  | 'listArchives'
  | 'archiveContents'
  | 'archiveInfo'
  | 'findInArchives'
  | 'restoreArchive'
  | 'diffArchives'
  | 'recreateArchive'
  | 'deleteArchive'
  | 'pruneRepo'
  | 'previousRun'
  | 'syncRepo'
  | 'syncAll'
  | 'restoreRepoFromS3'
  | 'verifyS3'
  | 's3Stats'
  | 'deleteFromS3'
>;

export function repoMethods(): RepoMethods {
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
    status: async (i) => fakeStatus(i.maxAgeMs),
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
    migrateLegacyTable: async (i) => ({
      from: i.from ?? 'borgboi-repos',
      to: 'bb-repos',
      dryRun: i.dryRun,
      rows: [
        { name: 'alpha', status: i.dryRun ? 'would-migrate' : 'migrated' },
        { name: 'beta', status: 'already' },
        { name: 'legacy-item', status: 'skipped', reason: 'os_platform is missing' },
      ],
    }),
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
  const lastRuns = repos.map((r) => ({
    id: `run-${r.name}`,
    command: 'backup daily',
    repo: r.name,
    started_at: r.last_backup,
    duration_ms: r.last_duration_ms,
    result: 'success' as const,
    steps: [],
    warnings: [],
    archive_count: r.archive_count,
  }));
  return { repos, stale, maxAgeMs: maxAgeMs ?? null, source: 'local' as const, lastRuns };
}
