import { z } from 'zod';
import type { DailyAllResult, DailyResult } from '../../../core/orchestrator-api.js';
import { runResultSchema, type RunStep } from '../../../core/models/index.js';
import { formatBytes, formatDuration } from '../../format.js';
import { archiveStatsJsonSchema, stepJsonSchema, statsJson } from '../../json-shapes.js';
import { printLine } from '../../output.js';
import { logResultEvent } from '../../progress/index.js';
import type { CliRuntime } from '../../runtime.js';
import { writeErrorLine } from '../../render-error.js';
import { countOf, formatCount, renderPairs } from '../../text-blocks.js';

/** The JSON document and text summary of one daily run (and of `--all`). */

export const dailyJsonSchema = z.lazy(() =>
  z.strictObject({
    repo: z.string(),
    run_id: z.string(),
    result: runResultSchema,
    exit_code: z.number().int(),
    archive: z.string().nullable(),
    stats: archiveStatsJsonSchema.nullable(),
    steps: z.array(stepJsonSchema),
    warnings: z.array(z.string()),
    error: z
      .strictObject({ code: z.string(), message: z.string(), hint: z.string().optional() })
      .nullable(),
    duration_ms: z.number(),
  }),
);
export const dailyAllJsonSchema = z.lazy(() =>
  z.strictObject({
    results: z.array(dailyJsonSchema),
    exit_code: z.number().int(),
    /** Problems of the invocation as a whole (ping, textfile); they never change exit_code. */
    warnings: z.array(z.string()),
  }),
);

export function dailyJson(r: DailyResult): z.infer<typeof dailyJsonSchema> {
  const error = r.error && {
    code: r.error.code,
    message: r.error.message,
    ...(r.error.hint ? { hint: r.error.hint } : {}),
  };
  return {
    repo: r.repo,
    run_id: r.runId,
    result: r.result,
    exit_code: r.exitCode,
    archive: r.archive,
    stats: statsJson(r.stats),
    steps: r.steps,
    warnings: r.warnings,
    error,
    duration_ms: r.durationMs,
  };
}

export function dailyAllJson(r: DailyAllResult): z.infer<typeof dailyAllJsonSchema> {
  return { results: r.results.map(dailyJson), exit_code: r.exitCode, warnings: r.warnings ?? [] };
}

function stepText(s: RunStep): string {
  const took = s.result === 'skipped' ? '' : ` ${formatDuration(s.duration_ms)}`;
  return `${s.name} ${s.result}${took}`;
}

const COLOR = { success: 'green', warning: 'yellow', partial: 'yellow', failed: 'red' } as const;

/** The block printed at the end of a daily run: archive, stats, warnings, steps, result. */
export function renderDailySummary(rt: CliRuntime, r: DailyResult): void {
  const color = r.result === 'interrupted' ? 'red' : COLOR[r.result];
  const s = r.stats;
  printLine(rt, `Daily backup of '${r.repo}': ${rt.style[color](r.result)}`);
  printLine(
    rt,
    renderPairs([
      ['  Archive', r.archive ?? 'none'],
      ['  Files', s && formatCount(s.nfiles)],
      [
        '  Size',
        s &&
          `${formatBytes(s.original_size)} original, ${formatBytes(s.compressed_size)} compressed, ${formatBytes(s.deduplicated_size)} new`,
      ],
      ['  Steps', r.steps.map(stepText).join(', ') || 'none'],
      ...r.warnings.map((w) => ['  Warning', w] as const),
      ['  Took', formatDuration(r.durationMs)],
    ]),
  );
  // With JSON logs the error travels in the daily_finished event (logDaily).
  if (r.error && rt.globals.logFormat !== 'json') {
    writeErrorLine(rt, r.error.message, r.error.hint);
  }
}

/** `--log-format json`: one `daily_finished` event per repo. */
export function logDaily(rt: CliRuntime, r: DailyResult): void {
  const level = r.result === 'success' ? 'info' : r.result === 'warning' ? 'warning' : 'error';
  logResultEvent(rt, {
    event: 'daily_finished',
    level,
    repo: r.repo,
    duration_ms: r.durationMs,
    rc: r.exitCode,
    message: r.error ? `${r.result}: ${r.error.message}` : r.result,
  });
}

export function renderDailyAll(rt: CliRuntime, all: DailyAllResult): void {
  all.results.forEach((r, i) => {
    if (i > 0) printLine(rt);
    renderDailySummary(rt, r);
  });
  const counts = new Map<string, number>();
  for (const r of all.results) counts.set(r.result, (counts.get(r.result) ?? 0) + 1);
  const parts = [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
  printLine(
    rt,
    `\n${countOf(all.results.length, 'repository', 'repositories')}: ${parts || 'none backed up'}`,
  );
  const warnings = all.warnings ?? [];
  if (warnings.length > 0) printLine(rt, renderPairs(warnings.map((w) => ['  Warning', w])));
}
