import { stat } from 'node:fs/promises';
import { systemClock } from '../core/clock.js';
import { BorgboiError, UsageError } from '../core/errors.js';
import {
  archiveInfoResultSchema,
  archiveItemSchema,
  archiveListSchema,
  createResultSchema,
  diffEntrySchema,
  repoInfoSchema,
} from '../core/models/index.js';
import {
  buildCreateArgs,
  buildExtractArgs,
  buildExtractFileArgs,
  buildRecreateArgs,
} from './args/archive.js';
import { buildCheckArgs, buildCompactArgs, buildPruneArgs } from './args/maintenance.js';
import {
  buildDiffArgs,
  buildInfoArgs,
  buildListArchivesArgs,
  buildListContentsArgs,
} from './args/query.js';
import { buildConfigArgs, buildDeleteArgs, buildKeyExportArgs } from './args/repo.js';
import { BorgCaller, type CallSpec } from './call.js';
import { initRepo } from './init.js';
import { parseJsonLines, parseJsonOutput, splitLines } from './json.js';
import { procPidAlive } from './locks.js';
import { checkFindings, PruneListCollector } from './results.js';
import type { BorgClient, BorgClientOptions, BorgRunInfo } from './types.js';
import { acquireRepoLock } from './with-lock.js';

const DEFAULT_GRACE_MS = 15_000;

/** The production BorgClient: every borg command through one runner (see docs/decisions.md). */
export function createBorgClient(opts: BorgClientOptions): BorgClient {
  const caller = new BorgCaller({
    executable: opts.executable,
    env: opts.env,
    hostname: opts.hostname,
    lockWait: opts.lockWait,
    graceMs: opts.interruptGraceMs ?? DEFAULT_GRACE_MS,
    isAlive: opts.isProcessAlive ?? procPidAlive,
    clock: opts.clock ?? systemClock,
    onNotice: opts.onNotice,
  });
  const run = async (spec: CallSpec): Promise<BorgRunInfo> => (await caller.run(spec)).info;
  const capture = async (spec: CallSpec) => {
    const { info, outcome } = await caller.run({ ...spec, stdout: 'capture' });
    return { info, stdout: outcome.stdout };
  };

  return {
    version: () => caller.version(),
    init: (repoPath, o, ctx) => initRepo(caller, repoPath, o, ctx),

    async create(o, ctx) {
      if (o.dryRun) {
        throw new UsageError(
          'borg create --dry-run makes no archive, so it has no result to report',
          'run the backup without --dry-run, or list the sources with --list',
        );
      }
      const { info, stdout } = await capture({
        args: (lockWait) => buildCreateArgs(o, { lockWait }),
        ctx,
        repoPath: o.repoPath,
        interrupt: 'checkpoint',
      });
      return { ...info, result: parseJsonOutput(createResultSchema, stdout, 'create') };
    },

    async prune(repoPath, policy, o, ctx) {
      const list = new PruneListCollector();
      const info = await run({
        args: (lockWait) => buildPruneArgs(repoPath, policy, o, { lockWait }),
        ctx,
        repoPath,
        interrupt: 'checkpoint',
        ownHandlers: { onLog: list.onLog },
      });
      return { ...info, dryRun: o.dryRun ?? false, kept: list.kept, pruned: list.pruned };
    },

    compact: (repoPath, ctx) =>
      run({ args: (lockWait) => buildCompactArgs(repoPath, { lockWait }), ctx, repoPath }),

    async check(repoPath, o, ctx) {
      const { info, outcome } = await caller.run({
        args: (lockWait) => buildCheckArgs(repoPath, o, { lockWait }),
        ctx,
        repoPath,
        keepInfo: true,
        answers: { checkRepair: o.repair },
      });
      // For check, rc 1 means "errors found", not a harmless warning.
      return { ...info, ok: info.rc === 0, ...checkFindings(outcome.events) };
    },

    async listArchives(repoPath, ctx) {
      const { info, stdout } = await capture({
        args: (lockWait) => buildListArchivesArgs(repoPath, { lockWait }),
        ctx,
        repoPath,
      });
      return { ...info, result: parseJsonOutput(archiveListSchema, stdout, 'list') };
    },

    listContents: (repoPath, archive, o, ctx) =>
      parseJsonLines(
        splitLines(
          caller.stream({
            args: (lockWait) => buildListContentsArgs(repoPath, archive, o, { lockWait }),
            ctx,
            repoPath,
          }),
        ),
        archiveItemSchema,
        'list',
      ),

    async repoInfo(repoPath, ctx) {
      const { info, stdout } = await capture({
        args: (lockWait) => buildInfoArgs(repoPath, undefined, { lockWait }),
        ctx,
        repoPath,
      });
      return { ...info, result: parseJsonOutput(repoInfoSchema, stdout, 'info') };
    },

    async archiveInfo(repoPath, archive, ctx) {
      const { info, stdout } = await capture({
        args: (lockWait) => buildInfoArgs(repoPath, archive, { lockWait }),
        ctx,
        repoPath,
      });
      return { ...info, result: parseJsonOutput(archiveInfoResultSchema, stdout, 'info') };
    },

    diff: (repoPath, archive1, archive2, o, ctx) =>
      parseJsonLines(
        splitLines(
          caller.stream({
            args: (lockWait) => buildDiffArgs(repoPath, archive1, archive2, o, { lockWait }),
            ctx,
            repoPath,
          }),
        ),
        diffEntrySchema,
        'diff',
      ),

    async extract(o, ctx) {
      const target = await stat(o.target).catch(() => null);
      if (!target?.isDirectory()) {
        throw new BorgboiError('not-found', `restore target ${o.target} is not a directory`, {
          hint: 'create the directory first or pass another --target',
        });
      }
      return run({
        args: (lockWait) => buildExtractArgs(o, { lockWait }),
        ctx,
        repoPath: o.repoPath,
        cwd: o.target,
      });
    },

    extractFile: (repoPath, archive, path, ctx) =>
      caller.stream({
        args: (lockWait) => buildExtractFileArgs(repoPath, archive, path, { lockWait }),
        ctx,
        repoPath,
      }),

    deleteArchive: (repoPath, archive, o, ctx) =>
      run({
        args: (lockWait) => buildDeleteArgs(repoPath, archive, o, { lockWait }),
        ctx,
        repoPath,
        interrupt: 'checkpoint',
      }),

    deleteRepo: (repoPath, o, ctx) =>
      run({
        args: (lockWait) => buildDeleteArgs(repoPath, undefined, o, { lockWait }),
        ctx,
        repoPath,
        answers: { deleteRepo: true },
      }),

    recreate: (repoPath, archive, o, ctx) =>
      run({
        args: (lockWait) => buildRecreateArgs(repoPath, archive, o, { lockWait }),
        ctx,
        repoPath,
        interrupt: 'checkpoint',
      }),

    async exportKey(repoPath, o, ctx) {
      const { info, stdout } = await capture({
        args: (lockWait) => buildKeyExportArgs(repoPath, o, { lockWait }),
        ctx,
        repoPath,
        usesPassphrase: false,
      });
      return { ...info, text: stdout };
    },

    async getConfig(repoPath, key, ctx) {
      const { info, stdout } = await capture({
        args: (lockWait) => buildConfigArgs(repoPath, key, undefined, { lockWait }),
        ctx,
        repoPath,
        usesPassphrase: false,
      });
      // rc 1: "No option 'x' in section: 'repository'", i.e. not set.
      return info.rc === 1 ? '' : stdout.trim();
    },

    async setConfig(repoPath, key, value, ctx) {
      await run({
        args: (lockWait) => buildConfigArgs(repoPath, key, value, { lockWait }),
        ctx,
        repoPath,
        usesPassphrase: false,
      });
    },

    breakLock: (repoPath, ctx) => caller.breakLock(repoPath, ctx),
    acquireLock: (repoPath, ctx) => acquireRepoLock(caller, repoPath, ctx),
  };
}
