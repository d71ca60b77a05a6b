import type { BorgEvent } from '../../src/borg/types.js';
import type { Repository } from '../../src/core/models/index.js';
import type {
  BackupRunInput,
  BackupRunResult,
  DailyInput,
  DailyResult,
  WorkflowObserver,
} from '../../src/core/orchestrator-api.js';
import { compactEvents, createEvents, createResult } from './borg-fixtures.js';

/** Feeds real borg --log-json events to an observer, as the BorgClient would. */
export function replay(observer: WorkflowObserver | undefined, events: readonly BorgEvent[]) {
  const h = observer?.borg;
  for (const e of events) {
    if (e.type === 'file_status') h?.onFileStatus?.(e);
    else if (e.type === 'log_message') h?.onLog?.(e);
    else if (e.type !== 'raw') h?.onProgress?.(e);
  }
}

function step(
  observer: WorkflowObserver | undefined,
  repo: string,
  name: string,
  events: readonly BorgEvent[],
  durationMs: number,
) {
  observer?.stepStarted?.({ repo, step: name });
  replay(observer, events);
  observer?.stepFinished?.({ repo, step: name, result: 'ok', durationMs, borgRc: 0 });
}

const stats = createResult.archive.stats;

export async function fakeRun(repo: Repository, i: BackupRunInput): Promise<BackupRunResult> {
  step(i.observer, repo.name, 'create', createEvents, 9_829);
  const a = createResult.archive;
  return {
    repo,
    archive: i.dryRun
      ? null
      : {
          name: i.archiveName ?? a.name,
          id: a.id,
          start: a.start,
          end: a.end,
          duration: a.duration,
        },
    stats: i.dryRun ? null : stats,
    warnings: [],
    dryRun: i.dryRun ?? false,
  };
}

export async function fakeDaily(
  repo: Repository,
  i: Omit<DailyInput, 'ref'>,
): Promise<DailyResult> {
  const o = i.observer;
  step(o, repo.name, 'create', createEvents, 9_829);
  if (!i.noPrune) step(o, repo.name, 'prune', [], 420);
  if (!i.noCompact) step(o, repo.name, 'compact', compactEvents, 310);
  o?.stepFinished?.({
    repo: repo.name,
    step: 'sync',
    result: 'skipped',
    durationMs: 0,
    message: 'offline',
  });
  step(o, repo.name, 'info', [], 250);
  const steps = [
    { name: 'create', result: 'ok' as const, duration_ms: 9_829, borg_rc: 0 },
    ...(i.noPrune ? [] : [{ name: 'prune', result: 'ok' as const, duration_ms: 420, borg_rc: 0 }]),
    ...(i.noCompact
      ? []
      : [{ name: 'compact', result: 'ok' as const, duration_ms: 310, borg_rc: 0 }]),
    { name: 'sync', result: 'skipped' as const, duration_ms: 0, message: 'offline' },
    { name: 'info', result: 'ok' as const, duration_ms: 250, borg_rc: 0 },
  ];
  return {
    repo: repo.name,
    runId: `run-${repo.name}`,
    result: 'success',
    exitCode: 0,
    archive: `${repo.name}-2026-11-26T06:00:00`,
    steps,
    warnings: [],
    error: null,
    stats,
    durationMs: 10_900,
  };
}
