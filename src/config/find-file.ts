import { isAbsolute, resolve } from 'node:path';
import type * as Cosmiconfig from 'cosmiconfig';
import { BorgboiError } from '../core/errors.js';
import type { BorgboiPaths } from './paths.js';
import { rcFileMayExist, type RcSearchInput } from './rc-search.js';
import { fileExists, readConfigFile } from './read-file.js';

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export interface FoundFile {
  /** The file the values came from, or null when there is none. */
  file: string | null;
  values: Obj;
}

type CosmiconfigModule = typeof Cosmiconfig;

async function searchRcFile(input: RcSearchInput): Promise<FoundFile> {
  if (!rcFileMayExist(input)) return { file: null, values: {} };
  const { cwd } = input;
  // cosmiconfig is CommonJS: its named export sits on `default` once bundled.
  const mod = (await import('cosmiconfig')) as CosmiconfigModule & { default?: CosmiconfigModule };
  const cosmiconfig = mod.cosmiconfig ?? mod.default!.cosmiconfig;
  const yamlLoader = (file: string) => readConfigFile(file);
  const explorer = cosmiconfig('borgboi', {
    searchStrategy: 'global',
    loaders: { '.yaml': yamlLoader, '.yml': yamlLoader, noExt: yamlLoader },
  });
  const found = await explorer.search(cwd);
  if (!found || found.isEmpty) return { file: found?.filepath ?? null, values: {} };
  if (!isObj(found.config)) {
    throw new BorgboiError('config-invalid', `config file ${found.filepath} must hold a mapping`, {
      hint: `start from 'borgboi config init' for the expected layout`,
      details: { file: found.filepath },
    });
  }
  return { file: found.filepath, values: found.config };
}

/**
 * The config file in effect: `--config FILE`, else `<base>/config.yaml`, else the usual
 * borgboi rc places (cosmiconfig, imported only then and only when one of the files it would
 * look at exists). Throws config-invalid errors.
 */
export async function findConfigFile(
  paths: BorgboiPaths,
  search: RcSearchInput,
  explicitFile: string | undefined,
): Promise<FoundFile> {
  const { cwd } = search;
  if (explicitFile) {
    const file = isAbsolute(explicitFile) ? explicitFile : resolve(cwd, explicitFile);
    if (!fileExists(file)) {
      throw new BorgboiError('config-invalid', `config file ${file} does not exist`, {
        hint: `check --config, or create one with 'borgboi config init'`,
        details: { file },
      });
    }
    return { file, values: await readConfigFile(file) };
  }
  if (fileExists(paths.configFile)) {
    return { file: paths.configFile, values: await readConfigFile(paths.configFile) };
  }
  return searchRcFile(search);
}

export function deepMerge(base: Obj, over: Obj): Obj {
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = isObj(v) && isObj(out[k]) ? deepMerge(out[k] as Obj, v) : v;
  }
  return out;
}

export function hasPath(obj: Obj, path: readonly string[]): boolean {
  let node: unknown = obj;
  for (const k of path) {
    if (!isObj(node) || !(k in node)) return false;
    node = node[k];
  }
  return true;
}

/** A copy of obj without the value at path (used to re-parse around invalid values). */
export function withoutPath(obj: Obj, path: readonly string[]): Obj {
  const [head, ...rest] = path;
  if (head === undefined || !(head in obj)) return obj;
  const { [head]: value, ...others } = obj;
  if (rest.length === 0 || !isObj(value)) return others;
  return { ...others, [head]: withoutPath(value, rest) };
}

export function unknownKeys(obj: Obj, known: ReadonlySet<string>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => {
    const key = prefix ? `${prefix}.${k}` : k;
    if (known.has(key)) return [];
    const isPrefix = [...known].some((p) => p.startsWith(`${key}.`));
    if (isPrefix && isObj(v)) return unknownKeys(v, known, key);
    return [key];
  });
}
