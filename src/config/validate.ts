import { isAbsolute } from 'node:path';
import { compressionProblems, quotaProblems, retentionProblems } from '../core/validator-rules.js';
import type { LoadedConfig } from './load.js';
import type { Config } from './schema.js';

/** Facts about the machine that validation needs; injected so src/config never reads process. */
export interface ConfigProbes {
  /** Absolute path of an executable (name looked up on PATH, or a path), or null. */
  which(executable: string): string | null;
}

export interface ConfigProblem {
  /** Dotted config key, or null for problems of the file as a whole. */
  key: string | null;
  /** What is wrong and how to fix it. */
  message: string;
}

export interface ConfigValidation {
  problems: ConfigProblem[];
  warnings: string[];
}

const PLACEHOLDERS = new Set(['repo', 'archive', 'result']);

function borgProblems(c: Config, probes: ConfigProbes): ConfigProblem[] {
  const exe = c.borg.executable_path;
  const out: ConfigProblem[] = [];
  if (probes.which(exe) === null) {
    out.push({
      key: 'borg.executable_path',
      message: exe.includes('/')
        ? `borg executable ${exe} does not exist or is not executable; install borgbackup or fix borg.executable_path`
        : `borg executable '${exe}' was not found on PATH; install borgbackup (apt-get install borgbackup) or set borg.executable_path`,
    });
  }
  const push = (key: string, problems: string[]) =>
    out.push(...problems.map((message) => ({ key, message })));
  push('borg.compression', compressionProblems(c.borg.compression));
  push('borg.retention', retentionProblems(c.borg.retention));
  push('borg.storage_quota', quotaProblems(c.borg.storage_quota));
  if (!isAbsolute(c.borg.default_repo_path)) {
    push('borg.default_repo_path', [
      `borg.default_repo_path ${c.borg.default_repo_path} is not absolute; write a full path`,
    ]);
  }
  return out;
}

function awsProblems(
  c: Config,
  env: Readonly<Record<string, string | undefined>>,
): ConfigProblem[] {
  if (c.offline) return [];
  const required: Array<[string, string]> = [
    ['aws.s3_bucket', c.aws.s3_bucket],
    ['aws.dynamodb_repos_table', c.aws.dynamodb_repos_table],
    ['aws.region', env.AWS_REGION || c.aws.region],
  ];
  return required
    .filter(([, value]) => value.trim() === '')
    .map(([key]) => ({
      key,
      message: `${key} is empty but borgboi is online; set ${key} (or BORGBOI_${key.toUpperCase().replace('.', '__')}), or run offline`,
    }));
}

function checksProblems(c: Config): ConfigProblem[] {
  const seen = new Set<string>();
  return c.checks.flatMap((check, i) => {
    const key = `checks[${i}]`;
    const out: ConfigProblem[] = [];
    if (seen.has(check.kind)) {
      out.push({
        key: `${key}.kind`,
        message: `${key}: the '${check.kind}' check is listed twice; keep one`,
      });
    }
    seen.add(check.kind);
    return out;
  });
}

function hookProblems(c: Config, probes: ConfigProbes): ConfigValidation {
  const problems: ConfigProblem[] = [];
  const warnings: string[] = [];
  for (const [name, commands] of Object.entries(c.hooks)) {
    commands.forEach((argv, i) => {
      const key = `hooks.${name}[${i}]`;
      for (const m of argv.join(' ').matchAll(/\{([^{}]*)\}/g)) {
        if (!PLACEHOLDERS.has(m[1]!)) {
          problems.push({
            key,
            message: `${key} uses unknown placeholder {${m[1]}}; use {repo}, {archive} or {result}`,
          });
        }
      }
      if (probes.which(argv[0]!) === null) {
        warnings.push(
          `${key}: program '${argv[0]}' is not found on PATH here; hooks run it as given`,
        );
      }
    });
  }
  return { problems, warnings };
}

function monitoringProblems(c: Config): ConfigValidation {
  const problems: ConfigProblem[] = [];
  const warnings: string[] = [];
  const { ping_url: url, textfile } = c.monitoring;
  if (url !== null && !/^https?:\/\/[^\s/]+/.test(url)) {
    problems.push({
      key: 'monitoring.ping_url',
      message: `monitoring.ping_url is not an http(s) URL; write e.g. https://hc-ping.com/<uuid>`,
    });
  }
  if (textfile !== null) {
    if (!isAbsolute(textfile)) {
      problems.push({
        key: 'monitoring.textfile',
        message: `monitoring.textfile ${textfile} is not absolute; write a full path`,
      });
    } else if (!textfile.endsWith('.prom')) {
      warnings.push(
        `monitoring.textfile ${textfile} does not end in .prom; node_exporter reads only *.prom files`,
      );
    }
  }
  return { problems, warnings };
}

/**
 * Semantic checks on a loaded config, every problem at once (the schema already checked
 * types and ranges): borg present, compression grammar, retention, quota, AWS settings only
 * when online, duplicate checks, hook placeholders, monitoring targets (frequencies: the schema).
 */
export function validateConfig(
  loaded: LoadedConfig,
  probes: ConfigProbes,
  env: Readonly<Record<string, string | undefined>> = {},
): ConfigValidation {
  const c = loaded.config;
  const hooks = hookProblems(c, probes);
  const monitoring = monitoringProblems(c);
  return {
    problems: [
      ...borgProblems(c, probes),
      ...awsProblems(c, env),
      ...checksProblems(c),
      ...hooks.problems,
      ...monitoring.problems,
    ],
    warnings: [...loaded.warnings, ...hooks.warnings, ...monitoring.warnings],
  };
}
