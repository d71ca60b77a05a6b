import type { BorgEvent } from '../../src/borg/types.js';
import type { Repository } from '../../src/core/models/index.js';
import type {
  OrchestratorApi,
  BackupRunInput,
  BackupRunResult,
  DailyInput,
  DailyResult,
  WorkflowObserver,
} from '../../src/core/orchestrator-api.js';
import { DEFAULT_RETENTION } from '../../src/core/models/index.js';
import {
  archiveInfo,
  archiveItems,
  archiveList,
  compactEvents,
  createEvents,
  createResult,
  diffEntries,
} from './recorded-borg.js';
import { REPOS, resolve } from './fake-repos.js';

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

async function* items() {
  yield* archiveItems;
}

type ArchiveMethods = Pick<
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
>;

/** The fake's archive-level workflows, answering from the borg fixtures. */
export function archiveMethods(): ArchiveMethods {
  return {
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
      files: i.dryRun ? archiveItems.map((it) => it.path) : null,
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
      changes: i.dryRun ? [{ status: 'x', path: 'data/logs/skip.tmp' }] : null,
      warnings: [],
    }),
    deleteArchive: async (i) => ({
      repo: resolve(i.ref).name,
      archive: i.archive,
      dryRun: i.dryRun ?? false,
      compacted: !i.dryRun,
    }),
    pruneRepo: async (i) => fakePrune(resolve(i.ref), i.dryRun ?? false),
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
  };
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
