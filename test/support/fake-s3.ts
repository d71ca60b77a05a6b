import type { Repository } from '../../src/core/models/index.js';
import type { OrchestratorApi, WorkflowObserver } from '../../src/core/orchestrator-api.js';
import { checkReport } from './recorded-borg.js';
import { REPOS, resolve } from './fake-repos.js';

/** The fake's S3 workflows (no borg output involved, so nothing here comes from fixtures). */
type S3Methods = Pick<
  OrchestratorApi,
  'syncRepo' | 'syncAll' | 'restoreRepoFromS3' | 'verifyS3' | 's3Stats' | 'deleteFromS3'
>;

export function s3Methods(): S3Methods {
  return {
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
