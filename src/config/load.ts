import { isAbsolute, resolve } from 'node:path';
import type { z } from 'zod';
import type * as Cosmiconfig from 'cosmiconfig';
import { BorgboiError } from '../core/errors.js';
import { readEnvOverrides } from './env-overrides.js';
import { fileExists, readConfigFile } from './read-file.js';
import { borgboiPaths, resolveHome, type BorgboiPaths } from './paths.js';
import { makeConfigSchema, type Config } from './schema.js';
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

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function deepMerge(base: Obj, over: Obj): Obj {
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = isObj(v) && isObj(out[k]) ? deepMerge(out[k] as Obj, v) : v;
  }
  return out;
}

function has(obj: Obj, path: readonly string[]): boolean {
  let node: unknown = obj;
  for (const k of path) {
    if (!isObj(node) || !(k in node)) return false;
    node = node[k];
  }
  return true;
}

function unknownKeys(obj: Obj, known: Set<string>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => {
    const key = prefix ? `${prefix}.${k}` : k;
    if (known.has(key)) return [];
    const isPrefix = [...known].some((p) => p.startsWith(`${key}.`));
    if (isPrefix && isObj(v)) return unknownKeys(v, known, key);
    return [key];
  });
}

type CosmiconfigModule = typeof Cosmiconfig;

async function searchRcFile(cwd: string): Promise<{ file: string; values: Obj } | null> {
  // cosmiconfig is CommonJS: its named export sits on `default` once bundled.
  const mod = (await import('cosmiconfig')) as CosmiconfigModule & { default?: CosmiconfigModule };
  const cosmiconfig = mod.cosmiconfig ?? mod.default!.cosmiconfig;
  const yamlLoader = (file: string) => readConfigFile(file);
  const explorer = cosmiconfig('borgboi', {
    searchStrategy: 'global',
    loaders: { '.yaml': yamlLoader, '.yml': yamlLoader, noExt: yamlLoader },
  });
  const found = await explorer.search(cwd);
  if (!found || found.isEmpty) return null;
  if (!isObj(found.config)) {
    throw new BorgboiError('config-invalid', `config file ${found.filepath} must hold a mapping`);
  }
  return { file: found.filepath, values: found.config };
}

function formatIssues(issues: readonly z.core.$ZodIssue[], origin: string): string[] {
  return issues.map((i) => `${origin}: ${i.path.join('.') || '(root)'}: ${i.message}`);
}

/**
 * Loads the effective config: defaults < file (--config, else <base>/config.yaml, else the
 * usual borgboi rc places) < BORGBOI_* env < flags. Throws a config-invalid error (exit 2)
 * listing every problem at once.
 */
export async function loadConfig(input: LoadConfigInput): Promise<LoadedConfig> {
  const paths = borgboiPaths(resolveHome(input.env, input.platform));
  const schema = makeConfigSchema(paths.baseDir);
  let file: string | null = null;
  let fileValues: Obj = {};
  if (input.explicitFile) {
    file = isAbsolute(input.explicitFile)
      ? input.explicitFile
      : resolve(input.cwd, input.explicitFile);
    if (!fileExists(file)) {
      throw new BorgboiError('config-invalid', `config file ${file} does not exist`, {
        hint: `check --config, or create one with 'borgboi config init'`,
      });
    }
    fileValues = readConfigFile(file);
  } else if (fileExists(paths.configFile)) {
    file = paths.configFile;
    fileValues = readConfigFile(file);
  } else {
    const found = await searchRcFile(input.cwd);
    if (found) ({ file, values: fileValues } = found);
  }

  const env = readEnvOverrides(input.env, schema);
  let merged = deepMerge(fileValues, env.values);
  if (input.offlineFlag !== undefined) merged = { ...merged, offline: input.offlineFlag };

  const parsed = schema.safeParse(merged);
  if (!parsed.success) {
    const origin = file ?? 'environment';
    throw new BorgboiError('config-invalid', formatIssues(parsed.error.issues, origin).join('; '), {
      hint: `fix the values above ('borgboi config validate' lists every problem)`,
    });
  }

  const leaves = leafPaths(schema);
  const known = new Set(leaves.map((p) => p.join('.')));
  const sources: Record<string, ValueSource> = {};
  for (const p of leaves) {
    const key = p.join('.');
    if (key === 'offline' && input.offlineFlag !== undefined) sources[key] = 'flag';
    else if (env.sources[key]) sources[key] = 'env';
    else if (has(fileValues, p)) sources[key] = 'file';
    else sources[key] = 'default';
  }
  const warnings = [
    ...unknownKeys(fileValues, known).map((k) => `unknown key '${k}' in ${file} is ignored`),
    ...env.unknown.map((n) => `environment variable ${n} names no config key and is ignored`),
  ];
  return { config: parsed.data, paths, file, sources, envNames: env.sources, warnings };
}
