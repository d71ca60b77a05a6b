import type { SyncResult } from '../../aws/types.js';
import type { BorgRunInfo } from '../../borg/types.js';
import { isBorgError } from '../errors.js';
import type { CreateResult, Repository, RunRecord } from '../models/index.js';
import type { ArchiveStatsView, DailyInput } from '../orchestrator-api.js';
import type { WorkflowContext } from './context.js';
import { archiveMoment, archiveNameFor, createOptions, effectiveRetention } from './backup-plan.js';
import { dueChecks } from './daily-checks.js';
import { isInterrupt } from './guards.js';
import { mergeMetadata, updateRepo } from './records.js';
import type { OpenedRepo } from './resolve.js';
import { warningLines, type StepRecorder } from './steps.js';

/** What a daily run has learned so far; the steps fill it in, `finishDaily` reads it. */
export interface DailyState {
  readonly opened: OpenedRepo;
  readonly input: DailyInput;
  readonly steps: StepRecorder;
  readonly startedAt: Date;
  readonly warnings: string[];
  created: CreateResult | null;
  stats: ArchiveStatsView | null;
  synced: SyncResult | null;
  archiveCount: number | null;
  /** First failure after the archive exists (→ exit 3). */
  failure: unknown;
  /** An interrupt after the archive exists (→ 130/143, later steps skipped). */
  interrupt: unknown;
  /** A failed spot check (→ exit 3); unlike `failure` it does not stop the S3 sync. */
  checkFailure: unknown;
  /** The repo's previous finished daily (was it failing? → the recovered event). */
  previous: RunRecord | null;
}

/** borg create; an archive name taken in the same second is retried once as `NAME-2`. */
export async function createStep(
  ctx: WorkflowContext,
  state: DailyState,
  excludeFrom: string,
): Promise<void> {
  const { repo } = state.opened;
  const base = archiveNameFor(archiveMoment(state.startedAt, state.input.timestamp));
  const run = (archiveName: string) =>
    ctx.borg.create(
      createOptions(ctx, {
        repo,
        archiveName,
        excludeFrom,
        listFiles: state.input.listFiles,
        timestamp: state.input.timestamp,
      }),
      state.opened.borg(),
    );
  const res = await state.steps.run('create', async () => {
    try {
      return await run(base);
    } catch (err) {
      if (isBorgError(err) && err.kind === 'archive-exists') return run(`${base}-2`);
      throw err;
    }
  });
  state.created = res.result;
  state.stats = res.result.archive.stats;
  state.warnings.push(...warningLines('create', res));
}

/** One step after create; returns a reason when it did not run (recorded as skipped). */
export type LaterStep = (ctx: WorkflowContext, state: DailyState) => Promise<string | null>;

const prune: LaterStep = async (ctx, state) => {
  if (state.input.noPrune) return '--no-prune';
  const { repo } = state.opened;
  const { policy } = effectiveRetention(repo, ctx.config);
  const res = await state.steps.run('prune', () =>
    ctx.borg.prune(repo.path, policy, {}, state.opened.borg()),
  );
  state.archiveCount = res.kept.length;
  state.warnings.push(...warningLines('prune', res));
  return null;
};

const compact: LaterStep = async (ctx, state) => {
  if (state.input.noCompact) return '--no-compact';
  const res: BorgRunInfo = await state.steps.run('compact', () =>
    ctx.borg.compact(state.opened.repo.path, state.opened.borg()),
  );
  state.warnings.push(...warningLines('compact', res));
  return null;
};

/** S3 mirror of the repo dir while holding borg's repo lock, so S3 never gets a half-written repo. */
const sync: LaterStep = async (ctx, state) => {
  if (state.input.noS3Sync) return '--no-s3-sync';
  const { repo } = state.opened;
  const res = await state.steps.run(
    'sync',
    async () => {
      const remote = await ctx.remote();
      if (!remote) return null;
      const lock = await ctx.borg.acquireLock(repo.path, state.opened.borg());
      try {
        return await remote.s3.sync(repo.path, repo.name, {
          onProgress: state.input.observer?.s3,
          signal: state.input.signal,
        });
      } finally {
        await lock.release();
      }
    },
    (v) => (v ? { result: 'ok' } : { result: 'skipped', message: 'offline' }),
  );
  if (res) {
    state.synced = res;
    await ctx.store.s3Stats.set(repo.name, {
      ...res.remote,
      cached_at: ctx.clock.now().toISOString(),
    });
  }
  return null;
};

/**
 * prune → compact → due checks (only when `checks` are configured) → sync; after a failure or
 * an interrupt the rest are skipped, not run.
 */
export async function laterSteps(ctx: WorkflowContext, state: DailyState): Promise<void> {
  const plan: Array<[string, LaterStep]> = [
    ['prune', prune],
    ['compact', compact],
    ...(ctx.config.checks.length > 0 ? [['check', dueChecks] as [string, LaterStep]] : []),
    ['sync', sync],
  ];
  for (const [name, step] of plan) {
    if (!state.interrupt && state.input.signal?.aborted) {
      state.interrupt = state.input.signal.reason ?? 'aborted';
    }
    if (state.interrupt) {
      state.steps.skip(name, 'interrupted');
      continue;
    }
    if (state.failure) {
      state.steps.skip(name, 'skipped after an earlier failure');
      continue;
    }
    try {
      const skipped = await step(ctx, state);
      if (skipped) state.steps.skip(name, skipped);
    } catch (err) {
      if (isInterrupt(err, state.input.signal)) state.interrupt = err;
      else state.failure = err;
    }
  }
}

/** Local metadata (stats from create --json, last_backup, last_s3_sync), then the table. */
export async function saveDaily(ctx: WorkflowContext, state: DailyState): Promise<void> {
  const { repo } = state.opened;
  const created = state.created;
  if (!created) return;
  const now = ctx.clock.now().toISOString();
  let saved: Repository;
  try {
    saved = await state.steps.run('metadata', () =>
      updateRepo(ctx, repo.name, (cur) => ({
        metadata: mergeMetadata(cur.metadata, created),
        last_backup: now,
        last_s3_sync: state.synced ? now : cur.last_s3_sync,
      })),
    );
  } catch (err) {
    state.failure ??= err;
    return;
  }
  await tableStep(ctx, state, saved);
}

async function tableStep(ctx: WorkflowContext, state: DailyState, saved: Repository) {
  try {
    await state.steps.run(
      'table',
      async () => {
        const remote = await ctx.remote();
        if (!remote) return false;
        await remote.table.upsert(saved);
        return true;
      },
      (done) => (done ? { result: 'ok' } : { result: 'skipped', message: 'offline' }),
    );
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    state.warnings.push(`table: DynamoDB was not updated (${msg}); the local record is kept`);
    state.failure ??= err;
  }
}
