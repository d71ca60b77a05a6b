import { z } from 'zod';
import { frequencyProblem, parseFrequency } from './frequency.js';

/**
 * The one source of truth for config.yaml: every key of the Python borgboi config
 * (borgboi-python.md §2.3, same names and defaults) plus borgboi-ts's own keys.
 * `.describe()` texts feed `config init` comments and docs/configuration.md.
 * Semantic checks (compression grammar, borg on PATH, AWS only when online) live in validate.ts.
 */
const quota = z.string().regex(/^\d+(\.\d+)?[KMGTP]?$/i, 'must look like 100G, 1.5T or 500M');
const keep = (d: number, what: string) =>
  z.number().int().min(0).max(10_000).default(d).describe(`Archives kept per ${what} by prune`);

export const S3_STORAGE_CLASSES = [
  'STANDARD',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER_IR',
  'REDUCED_REDUNDANCY',
] as const;

export const CHECK_KINDS = ['repository', 'archives', 'data', 'spot'] as const;

const hookCommands = z
  .array(z.array(z.string()).min(1, 'a hook command needs at least the program'))
  .default([]);

export function makeConfigSchema(baseDir: string) {
  return z.object({
    aws: z
      .object({
        dynamodb_repos_table: z.string().default('bb-repos').describe('DynamoDB table of repos'),
        dynamodb_archives_table: z
          .string()
          .default('bb-archives')
          .describe('DynamoDB archives table (Python A54; read only)'),
        s3_bucket: z.string().default('bb-backups').describe('S3 bucket the repos are mirrored to'),
        region: z.string().default('us-west-1').describe('AWS region (AWS_REGION wins when set)'),
        profile: z.string().nullable().default(null).describe('AWS profile (AWS_PROFILE wins)'),
        s3_storage_class: z
          .enum(S3_STORAGE_CLASSES)
          .default('INTELLIGENT_TIERING')
          .describe('Storage class of uploaded objects'),
        s3_concurrency: z
          .number()
          .int()
          .min(1)
          .max(64)
          .default(8)
          .describe('Parallel S3 transfers'),
        s3_part_size_mb: z
          .number()
          .int()
          .min(5)
          .max(5120)
          .default(16)
          .describe('Multipart part size and threshold in MiB'),
      })
      .prefault({})
      .describe('AWS: the S3 mirror and the DynamoDB repo table (used only when online)'),
    borg: z
      .object({
        executable_path: z.string().min(1).default('borg').describe('borg binary (name or path)'),
        default_repo_path: z
          .string()
          .default(`${baseDir}/repositories`)
          .describe('Python borgboi key (kept, unused: repo create needs -p)'),
        compression: z.string().default('zstd,6').describe('borg --compression spec'),
        checkpoint_interval: z
          .number()
          .int()
          .min(0)
          .default(900)
          .describe('borg create --checkpoint-interval in seconds'),
        storage_quota: quota.default('100G').describe('borg init --storage-quota'),
        additional_free_space: quota
          .default('2G')
          .describe('borg config additional_free_space set after init'),
        encryption: z
          .enum(['repokey', 'repokey-blake2', 'none'])
          .default('repokey')
          .describe('Encryption mode for repo create'),
        lock_wait: z
          .number()
          .int()
          .min(0)
          .max(86_400)
          .default(10)
          .describe('Seconds borg waits for a repository lock'),
        retention: z
          .object({
            keep_daily: keep(7, 'day'),
            keep_weekly: keep(4, 'week'),
            keep_monthly: keep(6, 'month'),
            keep_yearly: keep(0, 'year (0 = flag not passed)'),
          })
          .prefault({})
          .describe("Archives prune keeps (a repo's own retention wins)"),
        borg_passphrase: z
          .string()
          .nullable()
          .default(null)
          .describe('Last-resort passphrase for existing repos (secret)'),
        borg_new_passphrase: z
          .string()
          .nullable()
          .default(null)
          .describe('Last-resort passphrase for new repos (secret)'),
      })
      .prefault({})
      .describe('How borgboi runs borg: compression, quotas, locks, retention, passphrases'),
    ui: z
      .object({
        theme: z.string().default('catppuccin').describe('Python TUI theme (kept, unused)'),
        show_progress: z.boolean().default(true).describe('Show progress on a TTY'),
        color_output: z
          .boolean()
          .default(true)
          .describe('Python colour switch (kept, unused: --no-color or NO_COLOR)'),
        table_style: z.string().default('rounded').describe('Python table style (kept, unused)'),
      })
      .prefault({})
      .describe('Terminal output'),
    logging: z
      .object({
        enabled: z
          .boolean()
          .default(false)
          .describe('Python log files (kept, unused: see data/runs.jsonl, --log-format json)'),
        level: z
          .string()
          .transform((s) => s.toLowerCase())
          .pipe(z.enum(['debug', 'info', 'warning', 'error', 'critical']))
          .default('info')
          .describe('Python log level (kept, unused)'),
        max_bytes: z
          .number()
          .int()
          .min(0)
          .default(10_485_760)
          .describe('Python log rotation size (kept, unused)'),
        backup_count: z
          .number()
          .int()
          .min(0)
          .default(5)
          .describe('Python rotated logs (kept, unused)'),
        run_log_max_bytes: z
          .number()
          .int()
          .min(4096)
          .default(5_242_880)
          .describe('Size at which data/runs.jsonl is rotated'),
      })
      .prefault({})
      .describe('Logs: the run log data/runs.jsonl (Python log-file keys are read, not used)'),
    telemetry: z
      .object({
        enabled: z.boolean().default(false).describe('Python OpenTelemetry switch (kept, unused)'),
        service_name: z.string().default('borgboi').describe('Python telemetry (kept, unused)'),
        trace_endpoint: z.string().nullable().default(null).describe('(kept, unused)'),
        export_logs: z.boolean().default(false).describe('(kept, unused)'),
        logs_endpoint: z.string().nullable().default(null).describe('(kept, unused)'),
        capture_tui: z.boolean().default(true).describe('(kept, unused)'),
      })
      .prefault({})
      .describe('Python borgboi telemetry settings (read, not used)'),
    hooks: z
      .object({
        before_backup: hookCommands.describe('argv lists run before each repo backup'),
        after_backup: hookCommands.describe('argv lists run after each repo backup'),
        on_error: hookCommands.describe('argv lists run when a backup fails'),
        on_recovered: hookCommands.describe(
          'argv lists run once when a repo that failed last time backs up fine again',
        ),
      })
      .prefault({})
      .describe('Commands run around each backup; {repo}, {archive} and {result} are replaced'),
    monitoring: z
      .object({
        ping_url: z.string().nullable().default(null).describe('healthchecks-style ping URL'),
        ping_timeout: z.number().min(0.1).max(120).default(10).describe('Ping timeout (s)'),
        notify_on_success: z
          .boolean()
          .default(true)
          .describe('Ping on success too (failures and recoveries always ping)'),
        textfile: z
          .string()
          .nullable()
          .default(null)
          .describe('Prometheus textfile written after each daily backup'),
      })
      .prefault({})
      .describe('Monitoring: healthchecks-style ping and a Prometheus textfile'),
    checks: z
      .array(
        z.object({
          kind: z.enum(CHECK_KINDS).describe('Which check: borg check parts, or a spot check'),
          frequency: z
            .string()
            .refine((s) => parseFrequency(s) !== null, {
              error: (i) => frequencyProblem(String(i.input)),
            })
            .default('2 weeks')
            .describe("How often: 'always', 'never', 'daily', '12h', '2 weeks', '1 month'"),
          sample_size: z
            .number()
            .int()
            .min(1)
            .default(50)
            .optional()
            .describe('Spot check: source files sampled'),
          tolerance: z
            .number()
            .min(0)
            .max(1)
            .default(0)
            .optional()
            .describe('Spot check: share of sampled files allowed to differ (0-1)'),
        }),
      )
      .default([])
      .describe('Consistency checks run by backup daily when due'),
    offline: z
      .boolean()
      .default(true)
      .describe('No AWS at all (the default; set false or pass --online for S3 + DynamoDB)'),
    debug: z.boolean().default(false).describe('Debug output (stack traces)'),
  });
}

export type ConfigSchema = ReturnType<typeof makeConfigSchema>;
export type Config = z.infer<ConfigSchema>;

/** Config keys whose values are secrets: redacted in `config show` and never logged. */
export const SECRET_KEYS: readonly string[] = ['borg.borg_passphrase', 'borg.borg_new_passphrase'];
