import type { S3Progress } from '../../aws/types.js';
import type { ProgressEvent } from '../../borg/types.js';
import type { RunRecord } from '../../core/models/index.js';
import { formatBytes, formatDuration } from '../format.js';
import { formatCount } from '../text-blocks.js';

/** What the last run of a repo tells about this one: how much create read and how long it took. */
export interface PreviousRunStats {
  originalSize: number;
  createMs: number;
}

export function previousRunStats(record: RunRecord | null): PreviousRunStats | null {
  const create = record?.steps.find((s) => s.name === 'create');
  const originalSize = record?.stats?.original_size;
  if (!create || !originalSize || originalSize <= 0) return null;
  return { originalSize, createMs: create.duration_ms };
}

/**
 * Time left for `borg create`, from how far it got relative to the previous run's original size.
 * Early on (under 2 %) the fraction says little, so the previous duration is used instead; past
 * the previous size nothing sensible can be said (null).
 */
export function estimateEtaMs(
  elapsedMs: number,
  doneBytes: number,
  previous: PreviousRunStats | null,
): number | null {
  if (!previous) return null;
  const fraction = doneBytes / previous.originalSize;
  if (fraction >= 1) return null;
  if (fraction < 0.02) return Math.max(0, previous.createMs - elapsedMs);
  return (elapsedMs * (1 - fraction)) / fraction;
}

/** Keeps the state of one step's progress and turns events into the one-line status text. */
export class LiveLine {
  private borgStart: { t: number; bytes: number } | null = null;
  private s3Start: { t: number; bytes: number } | null = null;
  previous: PreviousRunStats | null = null;

  constructor(private readonly now: () => number) {}

  /** A new step begins: rates and ETA start over. */
  reset(): void {
    this.borgStart = null;
    this.s3Start = null;
  }

  /** The status text for a borg progress event, or null when there is nothing to show. */
  borg(e: ProgressEvent): string | null {
    if (e.finished) return null;
    if (e.type === 'progress_message') return e.message?.trim() || null;
    if (e.type === 'progress_percent') {
      if (e.message?.trim()) return e.message.trim();
      if (e.current !== undefined && e.total) return `${Math.floor((e.current / e.total) * 100)}%`;
      return null;
    }
    return this.archive(e);
  }

  private archive(e: Extract<ProgressEvent, { type: 'archive_progress' }>): string {
    const t = e.time !== undefined ? e.time * 1000 : this.now();
    const bytes = e.original_size ?? 0;
    this.borgStart ??= { t, bytes };
    const elapsed = t - this.borgStart.t;
    const parts = [
      `${formatCount(e.nfiles ?? 0)} files`,
      `${formatBytes(bytes)} read`,
      `${formatBytes(e.deduplicated_size ?? 0)} new`,
    ];
    const rate = rateOf(bytes - this.borgStart.bytes, elapsed);
    if (rate !== null) parts.push(`${formatBytes(rate)}/s`);
    const eta = estimateEtaMs(elapsed, bytes, this.previous);
    if (eta !== null) parts.push(`ETA ${formatDuration(eta)}`);
    return parts.join('  ');
  }

  s3(p: S3Progress): string {
    const t = this.now();
    this.s3Start ??= { t, bytes: p.bytesDone };
    const parts = [
      `${p.phase} ${formatCount(p.filesDone)}/${formatCount(p.filesTotal)} files`,
      `${formatBytes(p.bytesDone)} / ${formatBytes(p.bytesTotal)}`,
    ];
    const rate = rateOf(p.bytesDone - this.s3Start.bytes, t - this.s3Start.t);
    if (rate !== null) parts.push(`${formatBytes(rate)}/s`);
    return parts.join('  ');
  }
}

/** Bytes per second once at least half a second has passed (earlier rates are noise). */
function rateOf(bytes: number, ms: number): number | null {
  if (ms < 500) return null;
  return (bytes * 1000) / ms;
}

const LABELS: Record<string, string> = {
  resolve: 'Opening repository',
  'hooks:before': 'Running before-backup hooks',
  create: 'Creating archive',
  prune: 'Pruning old archives',
  compact: 'Compacting repository',
  check: 'Checking repository',
  sync: 'Syncing to S3',
  info: 'Reading repository stats',
  metadata: 'Saving metadata',
  'hooks:after': 'Running after-backup hooks',
  notify: 'Notifying',
};

/** People-facing name of a workflow step. */
export function stepLabel(step: string): string {
  return LABELS[step] ?? step;
}

/** Cuts a status line to the terminal width (the spinner takes two columns). */
export function fitLine(text: string, columns: number): string {
  const max = Math.max(20, columns - 3);
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
