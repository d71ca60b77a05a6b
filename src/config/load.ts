import type { z } from 'zod';
import { BorgboiError } from '../core/errors.js';
import { readEnvOverrides, type EnvOverrides } from './env-overrides.js';
import {
  deepMerge,
  findConfigFile,
  hasPath,
  unknownKeys,
  withoutPath,
  type FoundFile,
  type Obj,
} from './find-file.js';
import { borgboiPaths, resolveHome, type BorgboiPaths } from './paths.js';
import { makeConfigSchema, type Config, type ConfigSchema } from './schema.js';
import { leafPaths } from './schema-walk.js';

export type ValueSource = 'default' | 'file' | 'env' | 'flag';

export interface LoadConfigInput {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  platform: NodeJS.Platform;
  /** `--config FILE`. */
  explicitFile?: string | undefined;
  /** `--offline` (true) / `--online` (false). */
  offlineFlag?: boolean | undefined;
}

export interface LoadedConfig {
  config: Config;
  paths: BorgboiPaths;
  /** The file the values came from, or null when only defaults/env apply. */
  file: string | null;
  /** dotted key → where its value came from. */
  sources: Record<string, ValueSource>;
  /** dotted key → env var that set it. */
  envNames: Record<string, string>;
  /** Problems that do not stop loading (unknown keys and env vars). */
  warnings: string[];
}

/** What `inspectConfig` found: the config as far as it could be built, and every error. */
export interface ConfigInspection {
  /** Built with invalid values left at their defaults; null only when the schema itself fails. */
  loaded: LoadedConfig | null;
  errors: BorgboiError[];
}

function schemaErrors(
  issues: readonly z.core.$ZodIssue[],
  leaves: string[][],
  file: string | null,
  env: EnvOverrides,
): BorgboiError[] {
  return issues.map((issue) => {
    const path = issue.path.map(String);
    const leaf = leaves.find((l) => l.every((k, i) => path[i] === k)) ?? path;
    const key = leaf.join('.') || '(root)';
    const envName = env.sources[key];
    const where = envName ? `environment variable ${envName}` : (file ?? 'config');
    return new BorgboiError(
      'config-invalid',
      `${where}: ${path.join('.') || key}: ${issue.message}`,
      {
        hint: envName ? `fix or unset ${envName}` : 'fix the value or remove the key',
        details: { key },
      },
    );
  });
}

function buildLoaded(
  input: LoadConfigInput,
  paths: BorgboiPaths,
  found: FoundFile,
  env: EnvOverrides,
  config: Config,
  leaves: string[][],
): LoadedConfig {
  const sources: Record<string, ValueSource> = {};
  for (const p of leaves) {
    const key = p.join('.');
    if (key === 'offline' && input.offlineFlag !== undefined) sources[key] = 'flag';
    else if (env.sources[key]) sources[key] = 'env';
    else if (hasPath(found.values, p)) sources[key] = 'file';
    else sources[key] = 'default';
  }
  const known = new Set(leaves.map((p) => p.join('.')));
  const warnings = [
    ...unknownKeys(found.values, known).map(
      (k) => `unknown key '${k}' in ${found.file} is ignored`,
    ),
    ...env.unknown.map((n) => `environment variable ${n} names no config key and is ignored`),
  ];
  return { config, paths, file: found.file, sources, envNames: env.sources, warnings };
}

/** Parses, and on failure re-parses without the invalid values so the rest can still be checked. */
function parseTolerant(
  schema: ConfigSchema,
  merged: Obj,
  errorsOf: (issues: readonly z.core.$ZodIssue[]) => BorgboiError[],
) {
  const errors: BorgboiError[] = [];
  let values = merged;
  for (let attempt = 0; attempt < 4; attempt++) {
    // jitless: the schema is parsed once per process, and zod compiling a fast path for each
    // object of it took longer than the parse it speeds up (docs/performance.md, start-up).
    const parsed = schema.safeParse(values, { jitless: true });
    if (parsed.success) return { config: parsed.data, errors };
    const found = errorsOf(parsed.error.issues);
    errors.push(...(attempt === 0 ? found : []));
    for (const e of found) values = withoutPath(values, String(e.details?.key).split('.'));
  }
  return { config: null, errors };
}

/**
 * Loads the config like `loadConfig` but never throws for config problems: it returns every
 * problem (file, env and schema) at once. What `config validate` uses.
 */
export async function inspectConfig(input: LoadConfigInput): Promise<ConfigInspection> {
  const paths = borgboiPaths(resolveHome(input.env, input.platform));
  const schema = makeConfigSchema(paths.baseDir);
  const errors: BorgboiError[] = [];
  let found: FoundFile = { file: input.explicitFile ?? null, values: {} };
  try {
    found = await findConfigFile(
      paths,
      { cwd: input.cwd, env: input.env, platform: input.platform },
      input.explicitFile,
    );
  } catch (e) {
    if (!(e instanceof BorgboiError)) throw e;
    errors.push(e);
    if (typeof e.details?.file === 'string') found = { file: e.details.file, values: {} };
  }
  const env = readEnvOverrides(input.env, schema);
  errors.push(...env.errors);
  let merged = deepMerge(found.values, env.values);
  if (input.offlineFlag !== undefined) merged = { ...merged, offline: input.offlineFlag };
  const leaves = leafPaths(schema);
  const parsed = parseTolerant(schema, merged, (issues) =>
    schemaErrors(issues, leaves, found.file, env),
  );
  errors.push(...parsed.errors);
  const loaded = parsed.config
    ? buildLoaded(input, paths, found, env, parsed.config, leaves)
    : null;
  return { loaded, errors };
}

/** One error for several: each message in turn, a hint pointing at `config validate`. */
export function combineConfigErrors(errors: readonly BorgboiError[]): BorgboiError {
  if (errors.length === 1) return errors[0]!;
  return new BorgboiError('config-invalid', errors.map((e) => e.message).join('; '), {
    hint: `fix these ('borgboi config validate' lists every problem)`,
    details: { problems: errors.map((e) => e.message) },
  });
}

/**
 * Loads the effective config: defaults < file (--config, else <base>/config.yaml, else the
 * usual borgboi rc places) < BORGBOI_* env < flags. Throws a config-invalid error (exit 2)
 * naming every problem at once.
 */
export async function loadConfig(input: LoadConfigInput): Promise<LoadedConfig> {
  const { loaded, errors } = await inspectConfig(input);
  if (errors.length > 0) throw combineConfigErrors(errors);
  if (!loaded) throw new BorgboiError('internal', 'the config schema rejected its own defaults');
  return loaded;
}
