import type { Command } from 'commander';
import { z } from 'zod';
import type { BackupRunResult } from '../../../core/orchestrator-api.js';
import { formatBytes, formatDuration, formatTimestamp } from '../../format.js';
import {
  archiveStatsJsonSchema,
  borgWarningJsonSchema,
  borgWarningsJson,
  statsJson,
} from '../../json-shapes.js';
import { emit, printLine } from '../../output.js';
import { parseOptions } from '../../parse-options.js';
import { startProgress } from '../../progress/index.js';
import type { CliRuntime } from '../../runtime.js';
import { formatCount, printWarnings, renderPairs } from '../../text-blocks.js';
import {
  addRepoCallOptions,
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
      archive: z.string().min(1, 'must not be empty').optional(),
      timestamp: z.string().min(1, 'must not be empty').optional(),
      list: z.boolean().default(false),
      dryRun: z.boolean().default(false),
    })
    .refine(oneAddress, ONE_ADDRESS),
);
export type Options = z.infer<typeof optionsSchema>;

export const jsonSchema = z.lazy(() =>
  z.strictObject({
    repo: z.string(),
    archive: z
      .strictObject({
        name: z.string(),
        id: z.string(),
        start: z.string(),
        end: z.string(),
        duration: z.number(),
      })
      .nullable(),
    stats: archiveStatsJsonSchema.nullable(),
    warnings: z.array(borgWarningJsonSchema),
    dry_run: z.boolean(),
  }),
);

export function toJson(r: BackupRunResult): z.infer<typeof jsonSchema> {
  const a = r.archive;
  return {
    repo: r.repo.name,
    archive: a && { name: a.name, id: a.id, start: a.start, end: a.end, duration: a.duration },
    stats: statsJson(r.stats),
    warnings: borgWarningsJson(r.warnings),
    dry_run: r.dryRun,
  };
}

export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const orch = await orchestrator(rt);
  const progress = await startProgress(rt, {
    listFiles: opts.list,
    previousRun: (repo) => orch.previousRun(repo),
  });
  let result: BackupRunResult;
  try {
    result = await orch.backupRepo({
      ...repoCall(rt, opts, progress.observer),
      listFiles: opts.list,
      timestamp: opts.timestamp,
      archiveName: opts.archive,
      dryRun: opts.dryRun,
    });
  } finally {
    progress.stop();
  }
  emit(rt, result, { json: toJson, text: (r) => renderText(rt, r) });
}

function renderText(rt: CliRuntime, r: BackupRunResult): void {
  printWarnings(rt, r.warnings);
  if (!r.archive) {
    printLine(rt, `Dry run of '${r.repo.name}': no archive was written`);
    return;
  }
  const s = r.stats;
  printLine(
    rt,
    renderPairs([
      ['Archive', r.archive.name],
      ['Repository', r.repo.name],
      ['Started', formatTimestamp(r.archive.start)],
      ['Duration', formatDuration(r.archive.duration * 1000)],
      ['Files', s && formatCount(s.nfiles)],
      ['Original size', s && formatBytes(s.original_size)],
      ['Compressed size', s && formatBytes(s.compressed_size)],
      ['Deduplicated size', s && formatBytes(s.deduplicated_size)],
      ['Warnings', r.warnings.length ? String(r.warnings.length) : null],
    ]),
  );
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  const cmd = parent
    .command('run')
    .description('Make one archive now (no prune, compact or sync)')
    .option('-a, --archive <name>', 'archive name (default: borgboi naming by time)')
    .option('--timestamp <time>', "archive time (borg --timestamp: ISO time or 'now')")
    .option('--list', 'list the files as borg processes them')
    .option('--dry-run', 'show what would be backed up, write nothing');
  return addRepoCallOptions(cmd).action((raw, c: Command) =>
    runF(parseOptions(optionsSchema, raw, c), rt),
  );
}
