import type { RunRecord } from '../models/index.js';
import type { BackupRunInput, BackupRunResult } from '../orchestrator-api.js';
import type { WorkflowContext } from './context.js';
import { archiveMoment, archiveNameFor, createOptions, requireExclusions } from './backup-plan.js';
import { errorView, isInterrupt } from './guards.js';
import { mergeMetadata, updateRepo } from './records.js';
import { openRepo } from './resolve.js';
import { StepRecorder } from './steps.js';

/** `backup run`: one archive (no prune/compact/sync); stats and last_backup are recorded. */
export async function backupRepo(
  ctx: WorkflowContext,
  input: BackupRunInput,
): Promise<BackupRunResult> {
  const archiveName = input.archiveName
    ? ctx.validator.archiveName(input.archiveName)
    : archiveNameFor(archiveMoment(ctx.clock.now(), input.timestamp));
  const opened = await openRepo(ctx, input);
  const excludeFrom = await requireExclusions(ctx, opened.repo.name);
  const startedAt = ctx.clock.now();
  const steps = new StepRecorder(ctx.clock, opened.repo.name, input.observer, input.signal);
  const opts = createOptions(ctx, {
    repo: opened.repo,
    archiveName,
    excludeFrom,
    listFiles: input.listFiles,
    timestamp: input.timestamp,
    dryRun: input.dryRun,
  });
  const base = { id: ctx.newId(), startedAt, steps };
  try {
    const res = await steps.run('create', () => ctx.borg.create(opts, opened.borg()));
    if (input.dryRun) {
      return {
        repo: opened.repo,
        archive: null,
        stats: null,
        warnings: res.warnings,
        dryRun: true,
      };
    }
    const { archive } = res.result;
    const repo = await updateRepo(ctx, opened.repo.name, (cur) => ({
      metadata: mergeMetadata(cur.metadata, res.result),
      last_backup: ctx.clock.now().toISOString(),
    }));
    await record(ctx, base, {
      repo: repo.name,
      result: res.rc === 1 ? 'warning' : 'success',
      archive: archive.name,
      warnings: res.warnings.map((w) => w.message),
      stats: archive.stats,
    });
    return {
      repo,
      archive: {
        name: archive.name,
        id: archive.id,
        start: archive.start,
        end: archive.end,
        duration: archive.duration,
      },
      stats: archive.stats,
      warnings: res.warnings,
      dryRun: false,
    };
  } catch (err) {
    if (!input.dryRun) {
      const e = errorView(err);
      await record(ctx, base, {
        repo: opened.repo.name,
        result: isInterrupt(err, input.signal) ? 'interrupted' : 'failed',
        error: { code: e.code, message: e.message },
      });
    }
    throw err;
  }
}

async function record(
  ctx: WorkflowContext,
  base: { id: string; startedAt: Date; steps: StepRecorder },
  fields: Pick<RunRecord, 'repo' | 'result'> & Partial<RunRecord>,
): Promise<void> {
  const rec: RunRecord = {
    id: base.id,
    command: 'backup run',
    hostname: ctx.hostname,
    started_at: base.startedAt.toISOString(),
    duration_ms: Math.max(0, ctx.clock.now().getTime() - base.startedAt.getTime()),
    steps: base.steps.steps,
    warnings: [],
    ...fields,
  };
  await ctx.store.runLog.append(rec).catch(() => undefined);
}
