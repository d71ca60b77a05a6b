import { ValidationError } from '../errors.js';
import type { Repository, RunRecord } from '../models/index.js';
import type { RepoStatus, StatusInput, StatusResult } from '../orchestrator-api.js';
import type { WorkflowContext } from './context.js';
import { DAILY_COMMAND } from './daily-repo.js';
import { requireRemote } from './guards.js';

function ageOf(now: number, iso: string | null): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : Math.max(0, now - t);
}

/**
 * One row of `status`: the record's timestamps plus the newest run of the repo. With
 * `syncToo` (fleet-wide, from the table) a repo whose S3 copy is older than maxAgeMs (or that
 * was never synced) is stale as well: its host backs up but the off-site copy stopped.
 */
export function repoStatus(
  repo: Repository,
  last: RunRecord | null,
  lastFinished: RunRecord | null,
  now: number,
  maxAgeMs: number | null,
  syncToo = false,
): RepoStatus {
  const age = ageOf(now, repo.last_backup);
  const tooOld = (a: number | null) => maxAgeMs !== null && (a === null || a > maxAgeMs);
  return {
    name: repo.name,
    hostname: repo.hostname,
    path: repo.path,
    last_backup: repo.last_backup,
    last_s3_sync: repo.last_s3_sync,
    last_result: last?.result ?? null,
    last_duration_ms: lastFinished?.duration_ms ?? null,
    age_ms: age,
    stale: tooOld(age) || (syncToo && tooOld(ageOf(now, repo.last_s3_sync))),
    deduplicated_size: repo.metadata?.cache.stats.unique_csize ?? null,
    archive_count: lastFinished?.archive_count ?? repo.metadata?.archives?.length ?? null,
  };
}

/**
 * `status [--max-age] [--all-hosts]`: per repo last backup, last sync, last result and age;
 * repos older than maxAgeMs (or never backed up; with --all-hosts also never synced) are stale.
 */
export async function status(ctx: WorkflowContext, input: StatusInput): Promise<StatusResult> {
  const maxAgeMs = input.maxAgeMs ?? null;
  if (maxAgeMs !== null && (!Number.isFinite(maxAgeMs) || maxAgeMs <= 0)) {
    throw new ValidationError(
      [`--max-age must be a positive duration, not ${maxAgeMs} ms`],
      'e.g. --max-age 26h',
    );
  }
  const source = input.allHosts ? 'table' : 'local';
  const repos = input.allHosts
    ? (await (await requireRemote(ctx, "'status --all-hosts'")).table.scanAll()).repos
    : await ctx.store.metadata.list();
  const now = ctx.clock.now().getTime();
  const rows: RepoStatus[] = [];
  const lastRuns: RunRecord[] = [];
  for (const repo of repos) {
    const local = repo.hostname === ctx.hostname;
    const last = local ? await ctx.store.runLog.last(repo.name) : null;
    const finished = local ? await ctx.store.runLog.last(repo.name, DAILY_COMMAND) : null;
    rows.push(repoStatus(repo, last, finished, now, maxAgeMs, input.allHosts === true));
    if (finished) lastRuns.push(finished);
  }
  const stale = rows.filter((r) => r.stale).map((r) => r.name);
  return { repos: rows, stale, maxAgeMs, source, lastRuns };
}

export async function previousRun(
  ctx: WorkflowContext,
  repo: string,
  command: string = DAILY_COMMAND,
): Promise<RunRecord | null> {
  return ctx.store.runLog.last(repo, command);
}
