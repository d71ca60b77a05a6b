import { UsageError, ValidationError } from '../errors.js';
import type { DiffEntry } from '../models/index.js';
import type { DiffInput, DiffResult, DiffSummary } from '../orchestrator-api.js';
import type { WorkflowContext } from './context.js';
import { archivesOf } from './archives.js';
import { openRepo, type OpenedRepo } from './resolve.js';
import { archivePath } from './restore.js';

/** Counts each path once per kind; a chmod-only file (modified 0/0 + mode) counts as mode. */
export function summarizeDiff(entries: Iterable<DiffEntry>): DiffSummary {
  const s: DiffSummary = {
    added: 0,
    removed: 0,
    modified: 0,
    modeChanged: 0,
    bytesAdded: 0,
    bytesRemoved: 0,
  };
  for (const entry of entries) {
    const kinds = new Set<string>();
    for (const c of entry.changes) {
      if (c.type === 'added') {
        kinds.add('added');
        s.bytesAdded += c.size ?? 0;
      } else if (c.type === 'removed') {
        kinds.add('removed');
        s.bytesRemoved += c.size ?? 0;
      } else if (c.type === 'modified') {
        if ((c.added ?? 0) > 0 || (c.removed ?? 0) > 0) kinds.add('modified');
        s.bytesAdded += c.added ?? 0;
        s.bytesRemoved += c.removed ?? 0;
      } else if (c.type === 'mode') kinds.add('mode');
    }
    if (kinds.has('added')) s.added += 1;
    if (kinds.has('removed')) s.removed += 1;
    if (kinds.has('modified')) s.modified += 1;
    if (kinds.has('mode')) s.modeChanged += 1;
  }
  return s;
}

async function pickArchives(
  ctx: WorkflowContext,
  opened: OpenedRepo,
  input: DiffInput,
): Promise<[string, string]> {
  if (input.archive1 && input.archive2) return [input.archive1, input.archive2];
  const archives = await archivesOf(ctx, opened);
  const [newer, older] = archives;
  if (!newer || !older) {
    throw new ValidationError(
      [`repository '${opened.repo.name}' has ${archives.length} archive(s); a diff needs two`],
      'make another backup first, or name two archives with -a and -b',
    );
  }
  return [older.name, newer.name];
}

/** `borg diff` of two archives (default: the two newest by start time, older first). */
export async function diffArchives(ctx: WorkflowContext, input: DiffInput): Promise<DiffResult> {
  if (Boolean(input.archive1) !== Boolean(input.archive2)) {
    throw new UsageError(
      'give both archives (-a A1 -b A2) or neither',
      'neither = the two newest archives',
    );
  }
  if (input.archive1) ctx.validator.archiveName(input.archive1);
  if (input.archive2) ctx.validator.archiveName(input.archive2);
  const opened = await openRepo(ctx, input);
  const [archive1, archive2] = await pickArchives(ctx, opened, input);
  const entries: DiffEntry[] = [];
  const stream = ctx.borg.diff(
    opened.repo.path,
    archive1,
    archive2,
    { contentOnly: input.contentOnly, paths: input.filterPaths?.map(archivePath) },
    opened.borg(),
  );
  for await (const entry of stream) entries.push(entry);
  return { repo: opened.repo.name, archive1, archive2, entries, summary: summarizeDiff(entries) };
}
