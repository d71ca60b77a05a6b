import type { Command } from 'commander';
import { z } from 'zod';
import { diffEntrySchema, type DiffEntry } from '../../../core/models/index.js';
import type { DiffResult } from '../../../core/orchestrator-api.js';
import { formatBytes } from '../../format.js';
import { emit, printLine } from '../../output.js';
import { parseOptions } from '../../parse-options.js';
import type { CliRuntime } from '../../runtime.js';
import {
  addRepoCallOptions,
  collect,
  oneAddress,
  ONE_ADDRESS,
  orchestrator,
  repoCall,
  repoCallShape,
} from '../../verb-options.js';

export const optionsSchema = z.lazy(() =>
  z
    .object({
      ...repoCallShape,
      archive1: z.string().min(1, 'must not be empty').optional(),
      archive2: z.string().min(1, 'must not be empty').optional(),
      contentOnly: z.boolean().default(false),
      filterPath: z.array(z.string().min(1, 'must not be empty')).default([]),
    })
    .refine(oneAddress, ONE_ADDRESS)
    .refine((o) => (o.archive1 === undefined) === (o.archive2 === undefined), {
      message: 'give both archives (-a A1 -b A2) or neither (the two newest)',
    }),
);
export type Options = z.infer<typeof optionsSchema>;

export const jsonSchema = z.lazy(() =>
  z.strictObject({
    repo: z.string(),
    archive1: z.string(),
    archive2: z.string(),
    entries: z.array(diffEntrySchema),
    summary: z.strictObject({
      added: z.number().int(),
      removed: z.number().int(),
      modified: z.number().int(),
      mode_changed: z.number().int(),
      bytes_added: z.number(),
      bytes_removed: z.number(),
    }),
  }),
);

export function toJson(r: DiffResult): z.infer<typeof jsonSchema> {
  const s = r.summary;
  return {
    repo: r.repo,
    archive1: r.archive1,
    archive2: r.archive2,
    entries: r.entries,
    summary: {
      added: s.added,
      removed: s.removed,
      modified: s.modified,
      mode_changed: s.modeChanged,
      bytes_added: s.bytesAdded,
      bytes_removed: s.bytesRemoved,
    },
  };
}

export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const result = await (
    await orchestrator(rt)
  ).diffArchives({
    ...repoCall(rt, opts),
    archive1: opts.archive1,
    archive2: opts.archive2,
    contentOnly: opts.contentOnly,
    filterPaths: opts.filterPath.length ? opts.filterPath : undefined,
  });
  emit(rt, result, { json: toJson, text: (r) => renderText(rt, r) });
}

/** `+14 B -12 B`, `added 1.2 KiB`, `mode -rw-r--r-- -> -rw-------` … for one entry. */
export function describeChanges(e: DiffEntry): string {
  return e.changes
    .filter((c) => c.type !== 'ctime' && c.type !== 'mtime')
    .map((c) => {
      if (c.type === 'modified')
        return `+${formatBytes(c.added ?? 0)} -${formatBytes(c.removed ?? 0)}`;
      if (c.type === 'added' || c.type === 'removed')
        return `${c.type} ${formatBytes(c.size ?? 0)}`;
      if (c.type === 'mode') return `mode ${c.old_mode} -> ${c.new_mode}`;
      return c.type;
    })
    .join(', ');
}

function renderText(rt: CliRuntime, r: DiffResult): void {
  printLine(rt, `Changes from '${r.archive1}' to '${r.archive2}' in '${r.repo}':`);
  for (const e of r.entries) printLine(rt, `  ${e.path}  ${describeChanges(e) || 'timestamps'}`);
  const s = r.summary;
  printLine(
    rt,
    `${r.entries.length} paths changed: ${s.added} added, ${s.removed} removed, ${s.modified} modified, ${s.modeChanged} mode; +${formatBytes(s.bytesAdded)} -${formatBytes(s.bytesRemoved)}`,
  );
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  const cmd = parent
    .command('diff')
    .description('Show what changed between two archives (default: the two newest)')
    .option('-a, --archive1 <name>', 'older archive')
    .option('-b, --archive2 <name>', 'newer archive')
    .option('--content-only', 'only content changes (no mode/owner/time-only entries)')
    .option('--filter-path <path>', 'only this path in the archives (repeatable)', collect);
  return addRepoCallOptions(cmd).action((raw, c: Command) =>
    runF(parseOptions(optionsSchema, raw, c), rt),
  );
}
