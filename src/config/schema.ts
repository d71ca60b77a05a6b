import { z } from 'zod/mini';
import { frequencyProblem, parseFrequency } from './frequency.js';

/**
 * The one source of truth for config.yaml: every key of the Python borgboi config
 * (borgboi-python.md §2.3, same names and defaults) plus borgboi-ts's own keys.
 * The descriptions feed `config init` comments and docs/configuration.md.
 * Semantic checks (compression grammar, borg on PATH, AWS only when online) live in validate.ts.
 *
 * Written with zod/mini (same core, checks and messages as the classic API): every command
 * builds this schema, and a mini schema costs a third of a classic one to build because it
 * carries no per-instance method closures, and `describe()` would clone each key once more
 * (docs/performance.md, start-up).
 */
z.config(z.locales.en());

type Schema = z.core.$ZodType;

/** Attaches a description (what classic `.describe()` does, without cloning the schema). */
function described<T extends Schema>(schema: T, description: string): T {
  z.globalRegistry.add(schema, { description });
  return schema;
}

/** A key with a default and a description. */
function key<T extends Schema>(schema: T, value: z.output<T>, description: string) {
  return described(z._default(schema, value as never), description);
}

/** An integer in [min, max]. */
function int(min?: number, max?: number) {
  const checks: z.core.$ZodCheck<number>[] = [z.int()];
  if (min !== undefined) checks.push(z.minimum(min));
  if (max !== undefined) checks.push(z.maximum(max));
  return z.number().check(...checks);
}

/** A section: an object whose missing keys take their defaults. */
function section<T extends z.core.$ZodLooseShape>(shape: T, description: string) {
  return described(z.prefault(z.object(shape), {} as never), description);
}

const quota = () =>
  z.string().check(z.regex(/^\d+(\.\d+)?[KMGTP]?$/i, 'must look like 100G, 1.5T or 500M'));
const keep = (d: number, what: string) =>
  key(int(0, 10_000), d, `Archives kept per ${what} by prune`);
const nullableString = (description: string) => key(z.nullable(z.string()), null, description);

export const S3_STORAGE_CLASSES = [
  'STANDARD',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER_IR',
  'REDUCED_REDUNDANCY',
] as const;

export const CHECK_KINDS = ['repository', 'archives', 'data', 'spot'] as const;

const hookCommands = (description: string) =>
  key(
    z.array(z.array(z.string()).check(z.minLength(1, 'a hook command needs at least the program'))),
    [],
    description,
  );

const LOG_LEVELS = ['debug', 'info', 'warning', 'error', 'critical'] as const;

export function makeConfigSchema(baseDir: string) {
  return z.object({
    aws: section(
      {
        dynamodb_repos_table: key(z.string(), 'bb-repos', 'DynamoDB table of repos'),
        dynamodb_archives_table: key(
          z.string(),
          'bb-archives',
          'DynamoDB archives table (Python A54; read only)',
        ),
        s3_bucket: key(z.string(), 'bb-backups', 'S3 bucket the repos are mirrored to'),
        region: key(z.string(), 'us-west-1', 'AWS region (AWS_REGION wins when set)'),
        profile: nullableString('AWS profile (AWS_PROFILE wins)'),
        s3_storage_class: key(
          z.enum(S3_STORAGE_CLASSES),
          'INTELLIGENT_TIERING',
          'Storage class of uploaded objects',
        ),
        s3_concurrency: key(int(1, 64), 8, 'Parallel S3 transfers'),
        s3_part_size_mb: key(int(5, 5120), 16, 'Multipart part size and threshold in MiB'),
      },
      'AWS: the S3 mirror and the DynamoDB repo table (used only when online)',
    ),
    borg: section(
      {
        executable_path: key(
          z.string().check(z.minLength(1)),
          'borg',
          'borg binary (name or path)',
        ),
        default_repo_path: key(
          z.string(),
          `${baseDir}/repositories`,
          'Python borgboi key (kept, unused: repo create needs -p)',
        ),
        compression: key(z.string(), 'zstd,6', 'borg --compression spec'),
        checkpoint_interval: key(int(0), 900, 'borg create --checkpoint-interval in seconds'),
        storage_quota: key(quota(), '100G', 'borg init --storage-quota'),
        additional_free_space: key(
          quota(),
          '2G',
          'borg config additional_free_space set after init',
        ),
        encryption: key(
          z.enum(['repokey', 'repokey-blake2', 'none']),
          'repokey',
          'Encryption mode for repo create',
        ),
        lock_wait: key(int(0, 86_400), 10, 'Seconds borg waits for a repository lock'),
        retention: section(
          {
            keep_daily: keep(7, 'day'),
            keep_weekly: keep(4, 'week'),
            keep_monthly: keep(6, 'month'),
            keep_yearly: keep(0, 'year (0 = flag not passed)'),
          },
          "Archives prune keeps (a repo's own retention wins)",
        ),
        borg_passphrase: nullableString('Last-resort passphrase for existing repos (secret)'),
        borg_new_passphrase: nullableString('Last-resort passphrase for new repos (secret)'),
      },
      'How borgboi runs borg: compression, quotas, locks, retention, passphrases',
    ),
    ui: section(
      {
        theme: key(z.string(), 'catppuccin', 'Python TUI theme (kept, unused)'),
        show_progress: key(z.boolean(), true, 'Show progress on a TTY'),
        color_output: key(
          z.boolean(),
          true,
          'Python colour switch (kept, unused: --no-color or NO_COLOR)',
        ),
        table_style: key(z.string(), 'rounded', 'Python table style (kept, unused)'),
      },
      'Terminal output',
    ),
    logging: section(
      {
        enabled: key(
          z.boolean(),
          false,
          'Python log files (kept, unused: see data/runs.jsonl, --log-format json)',
        ),
        level: key(
          z.pipe(
            z.pipe(
              z.string(),
              z.transform((s: string) => s.toLowerCase()),
            ),
            z.enum(LOG_LEVELS),
          ),
          'info',
          'Python log level (kept, unused)',
        ),
        max_bytes: key(int(0), 10_485_760, 'Python log rotation size (kept, unused)'),
        backup_count: key(int(0), 5, 'Python rotated logs (kept, unused)'),
        run_log_max_bytes: key(int(4096), 5_242_880, 'Size at which data/runs.jsonl is rotated'),
      },
      'Logs: the run log data/runs.jsonl (Python log-file keys are read, not used)',
    ),
    telemetry: section(
      {
        enabled: key(z.boolean(), false, 'Python OpenTelemetry switch (kept, unused)'),
        service_name: key(z.string(), 'borgboi', 'Python telemetry (kept, unused)'),
        trace_endpoint: nullableString('(kept, unused)'),
        export_logs: key(z.boolean(), false, '(kept, unused)'),
        logs_endpoint: nullableString('(kept, unused)'),
        capture_tui: key(z.boolean(), true, '(kept, unused)'),
      },
      'Python borgboi telemetry settings (read, not used)',
    ),
    hooks: section(
      {
        before_backup: hookCommands('argv lists run before each repo backup'),
        after_backup: hookCommands('argv lists run after each repo backup'),
        on_error: hookCommands('argv lists run when a backup fails'),
        on_recovered: hookCommands(
          'argv lists run once when a repo that failed last time backs up fine again',
        ),
      },
      'Commands run around each backup; {repo}, {archive} and {result} are replaced',
    ),
    monitoring: section(
      {
        ping_url: nullableString('healthchecks-style ping URL'),
        ping_timeout: key(z.number().check(z.minimum(0.1), z.maximum(120)), 10, 'Ping timeout (s)'),
        notify_on_success: key(
          z.boolean(),
          true,
          'Ping on success too (failures and recoveries always ping)',
        ),
        textfile: nullableString('Prometheus textfile written after each daily backup'),
      },
      'Monitoring: healthchecks-style ping and a Prometheus textfile',
    ),
    checks: key(
      z.array(
        z.object({
          kind: described(z.enum(CHECK_KINDS), 'Which check: borg check parts, or a spot check'),
          frequency: key(
            z.string().check(
              z.refine((s: string) => parseFrequency(s) !== null, {
                error: (i) => frequencyProblem(String(i.input)),
              }),
            ),
            '2 weeks',
            "How often: 'always', 'never', 'daily', '12h', '2 weeks', '1 month'",
          ),
          sample_size: described(
            z.optional(z._default(int(1), 50)),
            'Spot check: source files sampled',
          ),
          tolerance: described(
            z.optional(z._default(z.number().check(z.minimum(0), z.maximum(1)), 0)),
            'Spot check: share of sampled files allowed to differ (0-1)',
          ),
        }),
      ),
      [],
      'Consistency checks run by backup daily when due',
    ),
    offline: key(
      z.boolean(),
      true,
      'No AWS at all (the default; set false or pass --online for S3 + DynamoDB)',
    ),
    debug: key(z.boolean(), false, 'Debug output (stack traces)'),
  });
}

export type ConfigSchema = ReturnType<typeof makeConfigSchema>;
export type Config = z.infer<ConfigSchema>;

/** Config keys whose values are secrets: redacted in `config show` and never logged. */
export const SECRET_KEYS: readonly string[] = ['borg.borg_passphrase', 'borg.borg_new_passphrase'];
