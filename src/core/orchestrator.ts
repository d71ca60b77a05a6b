import type { OrchestratorApi } from './orchestrator-api.js';
import { createContext, type OrchestratorDeps, type WorkflowContext } from './workflows/context.js';
import * as archives from './workflows/archives.js';
import { backupRepo } from './workflows/backup-run.js';
import { checkRepo } from './workflows/check.js';
import { createRepo } from './workflows/create-repo.js';
import { dailyBackup, dailyBackupAll } from './workflows/daily.js';
import { deleteRepo } from './workflows/delete-repo.js';
import { diffArchives } from './workflows/diff.js';
import * as exclusions from './workflows/exclusions.js';
import { findInArchives } from './workflows/find.js';
import { requireRemote } from './workflows/guards.js';
import { importRepo } from './workflows/import-repo.js';
import { moveRepo } from './workflows/move-repo.js';
import { renameRepo } from './workflows/rename-repo.js';
import * as admin from './workflows/repo-admin.js';
import { resolveRepo } from './workflows/resolve.js';
import { restoreArchive } from './workflows/restore.js';
import { restoreRepoFromS3, verifyS3 } from './workflows/s3-restore.js';
import * as s3 from './workflows/s3-sync.js';
import { previousRun, status } from './workflows/status.js';

export type { OrchestratorDeps } from './workflows/context.js';

type Api = OrchestratorApi;

/**
 * The workflows behind every verb (spec §8), built from narrow contracts: BorgClient, the local
 * store, the Validator, a clock and the (lazy, possibly absent) remote. A thin facade: each
 * method delegates to its workflow module under ./workflows/. Nothing here prints.
 */
export class Orchestrator implements OrchestratorApi {
  readonly #ctx: WorkflowContext;

  constructor(deps: OrchestratorDeps) {
    this.#ctx = createContext(deps);
  }

  resolveRepo: Api['resolveRepo'] = (ref) => resolveRepo(this.#ctx, ref);
  createRepo: Api['createRepo'] = (input) => createRepo(this.#ctx, input);
  importRepo: Api['importRepo'] = (input) => importRepo(this.#ctx, input);
  listRepos: Api['listRepos'] = (input) => admin.listRepos(this.#ctx, input);
  repoInfo: Api['repoInfo'] = (input) => admin.repoInfo(this.#ctx, input);
  moveRepo: Api['moveRepo'] = (input) => moveRepo(this.#ctx, input);
  renameRepo: Api['renameRepo'] = (input) => renameRepo(this.#ctx, input);
  deleteRepo: Api['deleteRepo'] = (input) => deleteRepo(this.#ctx, input);
  checkRepo: Api['checkRepo'] = (input) => checkRepo(this.#ctx, input);
  exportKey: Api['exportKey'] = (input) => admin.exportKey(this.#ctx, input);
  setRetention: Api['setRetention'] = (input) => admin.setRetention(this.#ctx, input);
  setQuota: Api['setQuota'] = (input) => admin.setQuota(this.#ctx, input);

  showExclusions: Api['showExclusions'] = (ref) => exclusions.showExclusions(this.#ctx, ref);
  addExclusion: Api['addExclusion'] = (ref, p) => exclusions.addExclusion(this.#ctx, ref, p);
  removeExclusion: Api['removeExclusion'] = (ref, line) =>
    exclusions.removeExclusion(this.#ctx, ref, line);
  createExclusions: Api['createExclusions'] = (ref, file, opts) =>
    exclusions.createExclusions(this.#ctx, ref, file, opts);
  writeExclusions: Api['writeExclusions'] = (ref, lines) =>
    exclusions.writeExclusions(this.#ctx, ref, lines);

  backupRepo: Api['backupRepo'] = (input) => backupRepo(this.#ctx, input);
  dailyBackup: Api['dailyBackup'] = (input) => dailyBackup(this.#ctx, input);
  dailyBackupAll: Api['dailyBackupAll'] = (input) => dailyBackupAll(this.#ctx, input);
  listArchives: Api['listArchives'] = (input) => archives.listArchives(this.#ctx, input);
  archiveContents: Api['archiveContents'] = (input) => archives.archiveContents(this.#ctx, input);
  archiveInfo: Api['archiveInfo'] = (input) => archives.archiveInfo(this.#ctx, input);
  findInArchives: Api['findInArchives'] = (input) => findInArchives(this.#ctx, input);
  restoreArchive: Api['restoreArchive'] = (input) => restoreArchive(this.#ctx, input);
  diffArchives: Api['diffArchives'] = (input) => diffArchives(this.#ctx, input);
  recreateArchive: Api['recreateArchive'] = (input) => archives.recreateArchive(this.#ctx, input);
  deleteArchive: Api['deleteArchive'] = (input) => archives.deleteArchive(this.#ctx, input);
  pruneRepo: Api['pruneRepo'] = (input) => archives.pruneRepo(this.#ctx, input);

  syncRepo: Api['syncRepo'] = (input) => s3.syncRepo(this.#ctx, input);
  syncAll: Api['syncAll'] = (input) => s3.syncAll(this.#ctx, input);
  restoreRepoFromS3: Api['restoreRepoFromS3'] = (input) => restoreRepoFromS3(this.#ctx, input);
  verifyS3: Api['verifyS3'] = (input) => verifyS3(this.#ctx, input);
  s3Stats: Api['s3Stats'] = (input) => s3.s3Stats(this.#ctx, input);
  deleteFromS3: Api['deleteFromS3'] = (input) => s3.deleteFromS3(this.#ctx, input);

  status: Api['status'] = (input) => status(this.#ctx, input);
  previousRun: Api['previousRun'] = (repo, command) => previousRun(this.#ctx, repo, command);
  migrate: Api['migrate'] = (input) => this.#ctx.store.migrate(input);
  migrateLegacyTable: Api['migrateLegacyTable'] = async (input) =>
    (await requireRemote(this.#ctx, "'migrate --legacy-table'")).migrateLegacyTable(input);
}
