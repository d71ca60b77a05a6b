import type {
  ResolvedBackupOptions,
  ResolvedRestoreOptions,
  RetentionPolicy,
} from '../core/models/index.js';
import {
  buildCreateArgs,
  buildExtractArgs,
  buildExtractFileArgs,
  buildRecreateArgs,
} from './args/archive.js';
import {
  buildCheckArgs,
  buildCompactArgs,
  buildPruneArgs,
  type CheckArgsOptions,
  type PruneArgsOptions,
} from './args/maintenance.js';
import {
  buildDiffArgs,
  buildInfoArgs,
  buildListArchivesArgs,
  buildListContentsArgs,
} from './args/query.js';
import {
  buildConfigArgs,
  buildDeleteArgs,
  buildKeyExportArgs,
  type DeleteArgsOptions,
} from './args/repo.js';
import type { CallSpec } from './call.js';
import type {
  BorgCallContext as Ctx,
  DiffOptions,
  KeyExportOptions,
  ListContentsOptions,
  RecreateOptions,
} from './types.js';

/**
 * How each verb runs: its argv, how an abort stops it (`checkpoint` for the verbs that write a
 * checkpoint on SIGINT, see runner.ts), whether it gets the passphrase pipe and which prompt
 * answers it needs. The client shapes the results.
 */
export const verbSpecs = {
  create: (o: ResolvedBackupOptions, ctx: Ctx): CallSpec => ({
    args: (lockWait) => buildCreateArgs(o, { lockWait }),
    ctx,
    repoPath: o.repoPath,
    interrupt: 'checkpoint',
  }),
  prune: (repoPath: string, policy: RetentionPolicy, o: PruneArgsOptions, ctx: Ctx): CallSpec => ({
    args: (lockWait) => buildPruneArgs(repoPath, policy, o, { lockWait }),
    ctx,
    repoPath,
    interrupt: 'checkpoint',
    keepInfo: true,
  }),
  compact: (repoPath: string, ctx: Ctx): CallSpec => ({
    args: (lockWait) => buildCompactArgs(repoPath, { lockWait }),
    ctx,
    repoPath,
  }),
  check: (repoPath: string, o: CheckArgsOptions, ctx: Ctx): CallSpec => ({
    args: (lockWait) => buildCheckArgs(repoPath, o, { lockWait }),
    ctx,
    repoPath,
    keepInfo: true,
    answers: { checkRepair: o.repair },
  }),
  listArchives: (repoPath: string, ctx: Ctx): CallSpec => ({
    args: (lockWait) => buildListArchivesArgs(repoPath, { lockWait }),
    ctx,
    repoPath,
  }),
  listContents: (
    repoPath: string,
    archive: string,
    o: ListContentsOptions,
    ctx: Ctx,
  ): CallSpec => ({
    args: (lockWait) => buildListContentsArgs(repoPath, archive, o, { lockWait }),
    ctx,
    repoPath,
  }),
  info: (repoPath: string, archive: string | undefined, ctx: Ctx): CallSpec => ({
    args: (lockWait) => buildInfoArgs(repoPath, archive, { lockWait }),
    ctx,
    repoPath,
  }),
  diff: (repoPath: string, a1: string, a2: string, o: DiffOptions, ctx: Ctx): CallSpec => ({
    args: (lockWait) => buildDiffArgs(repoPath, a1, a2, o, { lockWait }),
    ctx,
    repoPath,
  }),
  extract: (o: ResolvedRestoreOptions, ctx: Ctx): CallSpec => ({
    args: (lockWait) => buildExtractArgs(o, { lockWait }),
    ctx,
    repoPath: o.repoPath,
    cwd: o.target,
  }),
  extractFile: (repoPath: string, archive: string, path: string, ctx: Ctx): CallSpec => ({
    args: (lockWait) => buildExtractFileArgs(repoPath, archive, path, { lockWait }),
    ctx,
    repoPath,
  }),
  deleteArchive: (repoPath: string, archive: string, o: DeleteArgsOptions, ctx: Ctx): CallSpec => ({
    args: (lockWait) => buildDeleteArgs(repoPath, archive, o, { lockWait }),
    ctx,
    repoPath,
    interrupt: 'checkpoint',
  }),
  deleteRepo: (repoPath: string, o: DeleteArgsOptions, ctx: Ctx): CallSpec => ({
    args: (lockWait) => buildDeleteArgs(repoPath, undefined, o, { lockWait }),
    ctx,
    repoPath,
    answers: { deleteRepo: true },
  }),
  recreate: (repoPath: string, archive: string, o: RecreateOptions, ctx: Ctx): CallSpec => ({
    args: (lockWait) => buildRecreateArgs(repoPath, archive, o, { lockWait }),
    ctx,
    repoPath,
    interrupt: 'checkpoint',
  }),
  exportKey: (repoPath: string, o: KeyExportOptions, ctx: Ctx): CallSpec => ({
    args: (lockWait) => buildKeyExportArgs(repoPath, o, { lockWait }),
    ctx,
    repoPath,
    usesPassphrase: false,
  }),
  config: (repoPath: string, key: string, value: string | undefined, ctx: Ctx): CallSpec => ({
    args: (lockWait) => buildConfigArgs(repoPath, key, value, { lockWait }),
    ctx,
    repoPath,
    usesPassphrase: false,
  }),
};
