import type { EventCollector } from './collector.js';
import type { PruneArchiveLine } from './types.js';

/**
 * borg 1.2 `prune --list` lines (no `--json` there), e.g.
 * `Keeping archive (rule: daily #1):        NAME   Thu, 2026-11-26 05:38:26 [ID]`,
 * `Pruning archive (1/1):  …`, `Would prune:  …` (dry run), `Keeping checkpoint archive:  …`.
 * The name may contain spaces: it ends where borg's fixed time format begins.
 */
const PRUNE_LINE =
  /^(?<head>Keeping archive \(rule: (?<rule>.+?)\):|Keeping checkpoint archive:|Pruning archive \(\d+\/\d+\):|Would prune:)\s+(?<name>.+?)\s+\w{3}, (?<date>\d{4}-\d{2}-\d{2}) (?<clock>\d{2}:\d{2}:\d{2}) \[(?<id>[0-9a-f]+)\]$/;

export type PruneLine = { action: 'keep' | 'prune' } & PruneArchiveLine;

export function parsePruneLine(message: string): PruneLine | null {
  const m = PRUNE_LINE.exec(message);
  if (!m?.groups) return null;
  const g = m.groups as Record<string, string | undefined>;
  const head = g.head!;
  const keep = head.startsWith('Keeping');
  const rule = g.rule ?? (head.startsWith('Keeping checkpoint') ? 'checkpoint' : null);
  // borg's naive local time, written like its JSON times (`2026-11-26T05:38:26`)
  const time = `${g.date!}T${g.clock!}`;
  return { action: keep ? 'keep' : 'prune', name: g.name!, rule, time, id: g.id! };
}

/** Kept and pruned archives from the info-level messages of a `prune --list` run. */
export function parsePruneList(messages: readonly string[]): {
  kept: PruneArchiveLine[];
  pruned: PruneArchiveLine[];
} {
  const kept: PruneArchiveLine[] = [];
  const pruned: PruneArchiveLine[] = [];
  for (const message of messages) {
    const line = parsePruneLine(message);
    if (!line) continue;
    const { action, ...archive } = line;
    (action === 'keep' ? kept : pruned).push(archive);
  }
  return { kept, pruned };
}

/**
 * What `borg check --info` reported: `problems` are its warning/error lines, `report` the info
 * lines (`Starting repository check`, `Archive consistency check complete, …`).
 */
export function checkFindings(events: EventCollector): { problems: string[]; report: string[] } {
  return {
    problems: [...events.warnings.map((w) => w.message), ...events.errors.map((e) => e.message)],
    report: [...events.infoLines],
  };
}
