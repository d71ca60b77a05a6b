import { BorgboiError } from '../core/errors.js';
import type { ConfigSchema } from './schema.js';
import { leafKind, schemaAt } from './schema-walk.js';

/** Env vars with the BORGBOI_ prefix that are not config keys (CODE_CACHE: src/bin/code-cache.ts). */
const NOT_CONFIG = new Set(['HOME', 'DIR_NAME', 'CODE_CACHE']);

const TRUE = new Set(['1', 'true', 't', 'yes', 'y', 'on']);
const FALSE = new Set(['0', 'false', 'f', 'no', 'n', 'off']);

export interface EnvOverrides {
  /** Nested object of overriding values, ready to merge over the file. */
  values: Record<string, unknown>;
  /** dotted key → env var name that set it. */
  sources: Record<string, string>;
  /** BORGBOI_* variables that name no config key. */
  unknown: string[];
  /** Variables whose value does not fit their key, one error each (all of them, not the first). */
  errors: BorgboiError[];
}

function invalid(name: string, value: string, expected: string, example: string): BorgboiError {
  return new BorgboiError(
    'config-invalid',
    `environment variable ${name}=${value} is not ${expected}`,
    { hint: `set ${name} to ${example} or unset it` },
  );
}

export function parseEnvValue(
  name: string,
  raw: string,
  kind: ReturnType<typeof leafKind>,
): unknown {
  const v = raw.trim();
  switch (kind) {
    case 'boolean':
      if (TRUE.has(v.toLowerCase())) return true;
      if (FALSE.has(v.toLowerCase())) return false;
      throw invalid(name, raw, 'a boolean (true/false, 1/0, yes/no, on/off)', 'true or false');
    case 'number': {
      const n = Number(v);
      if (v === '' || !Number.isFinite(n)) throw invalid(name, raw, 'a number', 'a number');
      return n;
    }
    case 'string':
      return raw;
    case 'json':
      try {
        return JSON.parse(v);
      } catch {
        throw invalid(name, raw, 'valid JSON', 'a JSON value');
      }
  }
}

/**
 * `BORGBOI_*` overrides with `__` nesting, case-insensitive (pydantic-settings compatible):
 * BORGBOI_BORG__RETENTION__KEEP_DAILY=3 → borg.retention.keep_daily = 3.
 */
export function readEnvOverrides(
  env: Readonly<Record<string, string | undefined>>,
  schema: ConfigSchema,
): EnvOverrides {
  const out: EnvOverrides = { values: {}, sources: {}, unknown: [], errors: [] };
  const names = Object.keys(env)
    .filter((n) => n.toUpperCase().startsWith('BORGBOI_'))
    .sort();
  for (const name of names) {
    const raw = env[name];
    const rest = name.slice('BORGBOI_'.length);
    if (raw === undefined || NOT_CONFIG.has(rest.toUpperCase())) continue;
    const path = rest.toLowerCase().split('__');
    const leaf = schemaAt(schema, path);
    if (!leaf) {
      out.unknown.push(name);
      continue;
    }
    let value: unknown;
    try {
      value = parseEnvValue(name, raw, leafKind(leaf));
    } catch (e) {
      if (!(e instanceof BorgboiError)) throw e;
      const details = { env: name, key: path.join('.') };
      out.errors.push(new BorgboiError(e.code, e.message, { hint: e.hint, details }));
      continue;
    }
    let node = out.values;
    for (const key of path.slice(0, -1)) {
      node = (node[key] ??= {}) as Record<string, unknown>;
    }
    node[path[path.length - 1]!] = value;
    out.sources[path.join('.')] = name;
  }
  return out;
}
