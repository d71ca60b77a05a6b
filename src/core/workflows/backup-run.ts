import type { RunRecord } from '../models/index.js';
import type { BackupRunInput, BackupRunResult } from '../orchestrator-api.js';
import type { WorkflowContext } from './context.js';
import { archiveMoment, archiveNameFor, createOptions, preflightCreate } from './backup-plan.js';
import { errorView, isInterrupt } from './guards.js';
import { mergeMetadata, updateRepo } from './records.js';
import { openRepo, type OpenedRepo } from './resolve.js';
import { StepRecorder } from './steps.js';

interface RunBase {
  id: string;
  startedAt: Date;
  steps: StepRecorder;
}

/** `backup run`: one archive (no prune/compact/sync); stats and last_backup are recorded. */
export async function backupRepo(
  ctx: WorkflowContext,
  input: BackupRunInput,
): Promise<BackupRunResult> {
  const archiveName = input.archiveName
    ? ctx.validator.archiveName(input.archiveName)
    : archiveNameFor(archiveMoment(ctx.clock.now(), input.timestamp));
  const opened = await openRepo(ctx, input);
  const excludeFrom = await preflightCreate(ctx, opened.repo.name);
  const steps = new StepRecorder(ctx.clock, opened.repo.name, input.observer, input.signal);
  const base: RunBase = { id: ctx.newId(), startedAt: ctx.clock.now(), steps };
  const opts = createOptions(ctx, {
    repo: opened.repo,
    archiveName,
    excludeFrom,
    listFiles: input.listFiles,
    timestamp: input.timestamp,
    dryRun: input.dryRun,
  });
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
    return await saveRun(ctx, base, opened, res);
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

async function saveRun(
  ctx: WorkflowContext,
  base: RunBase,
  opened: OpenedRepo,
  res: Awaited<ReturnType<WorkflowContext['borg']['create']>>,
): Promise<BackupRunResult> {
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
  const { name, id, start, end, duration } = archive;
  return {
    repo,
    archive: { name, id, start, end, duration },
    stats: archive.stats,
    warnings: res.warnings,
    dryRun: false,
  };
}

async function record(
  ctx: WorkflowContext,
  base: RunBase,
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
