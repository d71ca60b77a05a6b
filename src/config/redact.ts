import type { LoadedConfig, ValueSource } from './load.js';
import { SECRET_KEYS } from './schema.js';

export const REDACTED = '***REDACTED***';

type Obj = Record<string, unknown>;

/** A deep copy of the config with every secret that is set replaced by `***REDACTED***`. */
export function redactConfig(config: object): Obj {
  const copy = structuredClone(config) as Obj;
  for (const key of SECRET_KEYS) {
    const path = key.split('.');
    let node: Obj | undefined = copy;
    for (const k of path.slice(0, -1)) node = node?.[k] as Obj | undefined;
    const last = path[path.length - 1]!;
    if (node && node[last] !== null && node[last] !== undefined) node[last] = REDACTED;
  }
  return copy;
}

export interface SourceInfo {
  source: ValueSource;
  /** The environment variable, when source is env. */
  env?: string;
}

/** dotted key → where its value came from, with the env variable's name when env set it. */
export function describeSources(loaded: LoadedConfig): Record<string, SourceInfo> {
  return Object.fromEntries(
    Object.entries(loaded.sources).map(([key, source]) => {
      const env = loaded.envNames[key];
      return [key, source === 'env' && env ? { source, env } : { source }];
    }),
  );
}
