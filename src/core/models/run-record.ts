import { z } from 'zod';

/** One step of a workflow run as recorded in `data/runs.jsonl`. */
export const runStepSchema = z.object({
  /** create | prune | compact | sync | info | check:<kind> | metadata | hooks … */
  name: z.string().min(1),
  result: z.enum(['ok', 'warning', 'failed', 'skipped', 'interrupted']),
  duration_ms: z.number().int().nonnegative(),
  borg_rc: z.number().int().nullable().optional(),
  message: z.string().optional(),
  /** Last lines a hook printed, or the problems a check found (bounded). */
  output: z.array(z.string()).optional(),
});
export type RunStep = z.infer<typeof runStepSchema>;

export const runResultSchema = z.enum(['success', 'warning', 'partial', 'failed', 'interrupted']);
export type RunResult = z.infer<typeof runResultSchema>;

/**
 * Telemetry of one workflow run (spec §5 runs.jsonl). A run that was killed before it could
 * write its final record leaves a `result: 'running'` start record; readers report it as
 * interrupted when no later record with the same id exists.
 */
export const runRecordSchema = z.object({
  id: z.string().min(1),
  command: z.string().min(1),
  repo: z.string().nullable(),
  hostname: z.string().optional(),
  started_at: z.string(),
  duration_ms: z.number().int().nonnegative().nullable(),
  result: z.union([runResultSchema, z.literal('running')]),
  archive: z.string().nullable().optional(),
  steps: z.array(runStepSchema).default([]),
  warnings: z.array(z.string()).default([]),
  error: z.object({ code: z.string(), message: z.string() }).nullable().optional(),
  /** Stats of the archive made (bytes), for status and the ETA of the next run. */
  stats: z
    .object({
      original_size: z.number(),
      compressed_size: z.number(),
      deduplicated_size: z.number(),
      nfiles: z.number(),
    })
    .nullable()
    .optional(),
  /** Archives left after prune (prune's kept list), for status and monitoring. */
  archive_count: z.number().int().nonnegative().nullable().optional(),
});
export type RunRecord = z.infer<typeof runRecordSchema>;
