import { Option, type Command } from 'commander';
import { z } from 'zod';
import { ExitCode, UsageError } from '../../core/errors.js';
import type { StatusResult } from '../../core/orchestrator-api.js';
import { runRecordSchema } from '../../core/models/index.js';
import { formatAge, formatBytes, formatDuration, renderTable } from '../format.js';
import { note, printJson, printLine, warn } from '../output.js';
import { parseOptions } from '../parse-options.js';
import type { CliRuntime } from '../runtime.js';
import { countOf } from '../text-blocks.js';
import { orchestrator } from '../verb-options.js';
import { durationSchema } from './status-duration.js';
import { emitPrometheus, textfileTarget } from './status-prometheus.js';
import { COMMAND_SUMMARIES } from '../command-summaries.js';

export const optionsSchema = z.lazy(() =>
  z
    .object({
      maxAge: durationSchema.optional(),
      allHosts: z.boolean().default(false),
      format: z.enum(['text', 'json', 'prometheus']).default('text'),
      output: z.string().min(1, 'must not be empty').optional(),
    })
    .refine((o) => o.output === undefined || o.format === 'prometheus', {
      message: '--output writes the Prometheus textfile; add --format prometheus',
    }),
);
export type Options = z.infer<typeof optionsSchema>;

export const jsonSchema = z.lazy(() =>
  z.strictObject({
    repos: z.array(
      z.strictObject({
        name: z.string(),
        hostname: z.string(),
        path: z.string(),
        last_backup: z.string().nullable(),
        last_s3_sync: z.string().nullable(),
        last_result: runRecordSchema.shape.result.nullable(),
        last_duration_ms: z.number().nullable(),
        age_ms: z.number().nullable(),
        stale: z.boolean(),
        deduplicated_size: z.number().nullable(),
        archive_count: z.number().nullable(),
      }),
    ),
    stale: z.array(z.string()),
    max_age_ms: z.number().nullable(),
    source: z.enum(['local', 'table']),
  }),
);

export function toJson(r: StatusResult): z.infer<typeof jsonSchema> {
  const repos = r.repos.map((x) => ({
    name: x.name,
    hostname: x.hostname,
    path: x.path,
    last_backup: x.last_backup,
    last_s3_sync: x.last_s3_sync,
    last_result: x.last_result,
    last_duration_ms: x.last_duration_ms,
    age_ms: x.age_ms,
    stale: x.stale,
    deduplicated_size: x.deduplicated_size,
    archive_count: x.archive_count,
  }));
  return { repos, stale: r.stale, max_age_ms: r.maxAgeMs, source: r.source };
}

/** `--json` is `--format json`; it cannot also ask for Prometheus text. */
function formatOf(rt: CliRuntime, opts: Options): Options['format'] {
  if (!rt.globals.json) return opts.format;
  if (opts.format === 'prometheus') {
    throw new UsageError(
      '--json and --format prometheus both choose the output',
      'pass one of them',
    );
  }
  return 'json';
}

/**
 * For monitoring: exit 1 when any repository's last backup is older than --max-age. Also the
 * Prometheus exposition of the same rows (stdout, or `--output FILE` for node_exporter).
 */
export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const format = formatOf(rt, opts);
  const file = opts.output === undefined ? undefined : textfileTarget(rt, opts.output);
  const result = await (
    await orchestrator(rt)
  ).status({
    maxAgeMs: opts.maxAge,
    allHosts: opts.allHosts,
  });
  if (result.stale.length > 0) rt.exitCode = ExitCode.failure;
  if (format === 'json') return printJson(rt, toJson(result));
  if (format === 'prometheus') await emitPrometheus(rt, result, file);
  else renderText(rt, result);
  warnStale(rt, result);
}

function warnStale(rt: CliRuntime, r: StatusResult): void {
  if (r.stale.length === 0 || r.maxAgeMs === null) return;
  warn(
    rt,
    `${countOf(r.stale.length, 'repository', 'repositories')} older than ${formatDuration(r.maxAgeMs)}: ${r.stale.join(', ')}`,
  );
}

function renderText(rt: CliRuntime, r: StatusResult): void {
  if (r.repos.length === 0) {
    note(rt, 'No repositories to report on.');
    return;
  }
  const now = rt.deps().clock.now();
  printLine(
    rt,
    renderTable(r.repos, [
      { header: 'Name', value: (x) => (x.stale ? rt.style.red(x.name) : x.name) },
      { header: 'Host', value: (x) => x.hostname },
      { header: 'Last backup', value: (x) => formatAge(x.last_backup, now) },
      { header: 'Last sync', value: (x) => formatAge(x.last_s3_sync, now) },
      { header: 'Result', value: (x) => x.last_result ?? '-' },
      {
        header: 'Took',
        value: (x) => (x.last_duration_ms === null ? '-' : formatDuration(x.last_duration_ms)),
      },
      { header: 'Size', value: (x) => formatBytes(x.deduplicated_size), align: 'right' },
      { header: 'Stale', value: (x) => (x.stale ? 'STALE' : '') },
    ]),
  );
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  return parent
    .command('status')
    .description(COMMAND_SUMMARIES.status.description)
    .option('--max-age <duration>', 'stale after this long without a backup, e.g. 26h, 2d, 1w')
    .option('--all-hosts', 'every host in the DynamoDB table (online)')
    .addOption(
      new Option('--format <format>', 'text table, json (= --json) or Prometheus exposition')
        .choices(['text', 'json', 'prometheus'])
        .default('text'),
    )
    .option('--output <file>', 'with --format prometheus: write this .prom file atomically')
    .action((raw, c: Command) => runF(parseOptions(optionsSchema, raw, c), rt));
}
