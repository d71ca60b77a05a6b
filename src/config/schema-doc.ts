import { safeParse, type z } from 'zod/mini';
import { describeOf, leafPaths, schemaAt, shapeOf } from './schema-walk.js';

/** What docs/configuration.md and `config init` say about one key. */
export interface KeyDoc {
  /** Dotted key; `checks[].kind` for fields of list items. */
  key: string;
  type: string;
  /** The default as YAML would show it; undefined for list-item fields without one. */
  default: unknown;
  /** The BORGBOI_* variable that overrides it; null for list-item fields. */
  env: string | null;
  description: string;
}

type AnySchema = z.core.$ZodType;
interface Def {
  type: string;
  innerType?: AnySchema;
  in?: AnySchema;
  out?: AnySchema;
  element?: AnySchema;
}
/** What zod's core keeps on every schema (classic and zod/mini): the def and the checks' bag. */
interface Introspect {
  _zod: {
    def: Def & { entries?: Record<string, string> };
    bag: { minimum?: number; maximum?: number; format?: string; multipleOf?: number };
  };
}
const meta = (s: AnySchema) => s as unknown as Introspect;

/** `BORGBOI_BORG__RETENTION__KEEP_DAILY` for borg.retention.keep_daily. */
export function envNameFor(path: readonly string[]): string {
  return `BORGBOI_${path.map((k) => k.toUpperCase()).join('__')}`;
}

function range(s: Introspect): string {
  const lo = s._zod.bag.minimum;
  const hi = s._zod.bag.maximum;
  const finite = (n: number | null | undefined): n is number =>
    typeof n === 'number' && Number.isFinite(n) && Math.abs(n) < Number.MAX_SAFE_INTEGER;
  if (finite(lo) && finite(hi)) return ` ${lo}–${hi}`;
  if (finite(lo)) return ` ≥ ${lo}`;
  return '';
}

/** A short human type: `integer 0–10000`, `one of: a, b`, `string or null`, `list`. */
export function typeLabel(schema: AnySchema): string {
  let s = schema;
  let nullable = false;
  for (;;) {
    const def = meta(s)._zod.def;
    if (def.type === 'nullable') nullable = true;
    if (def.type === 'pipe' && def.out && meta(def.out)._zod.def.type === 'enum') s = def.out;
    else if (def.type === 'pipe' && def.in) s = def.in;
    else if (def.innerType) s = def.innerType;
    else break;
  }
  const m = meta(s);
  const t = m._zod.def.type;
  const { format, multipleOf } = m._zod.bag;
  const isInt = (format ?? '').includes('int') || Number.isSafeInteger(multipleOf ?? 0.5);
  const label =
    t === 'number'
      ? `${isInt ? 'integer' : 'number'}${range(m)}`
      : t === 'enum'
        ? `one of: ${Object.values(m._zod.def.entries ?? {}).join(', ')}`
        : t === 'array'
          ? 'list'
          : t;
  return nullable ? `${label} or null` : label;
}

function elementShape(schema: AnySchema): Record<string, AnySchema> | undefined {
  let s: AnySchema | undefined = schema;
  while (s) {
    const def: Def = meta(s)._zod.def;
    if (def.type === 'array') return def.element ? shapeOf(def.element) : undefined;
    s = def.innerType;
  }
  return undefined;
}

/** What the schema makes of a missing value: its default, or undefined when it needs one. */
function defaultOf(s: AnySchema): unknown {
  const r = safeParse(s, undefined);
  return r.success ? r.data : undefined;
}

function valueAt(obj: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], obj);
}

/** Every key of the schema in declaration order, with the defaults of `defaults`. */
export function configKeyDocs(schema: AnySchema, defaults: unknown): KeyDoc[] {
  return leafPaths(schema).flatMap((path) => {
    const leaf = schemaAt(schema, path)!;
    const key = path.join('.');
    const doc: KeyDoc = {
      key,
      type: typeLabel(leaf),
      default: valueAt(defaults, path),
      env: envNameFor(path),
      description: describeOf(leaf) ?? '',
    };
    const items = elementShape(leaf);
    if (!items) return [doc];
    const children = Object.entries(items).map(([k, s]) => ({
      key: `${key}[].${k}`,
      type: typeLabel(s),
      default: defaultOf(s),
      env: null,
      description: describeOf(s) ?? '',
    }));
    return [doc, ...children];
  });
}

/** The group descriptions (`aws`, `borg.retention`, …) keyed by dotted path. */
export function groupDescriptions(schema: AnySchema, prefix: string[] = []): Map<string, string> {
  const out = new Map<string, string>();
  const shape = shapeOf(schema);
  if (!shape) return out;
  for (const [k, s] of Object.entries(shape)) {
    if (!shapeOf(s)) continue;
    const path = [...prefix, k];
    const d = describeOf(s);
    if (d) out.set(path.join('.'), d);
    for (const [p, text] of groupDescriptions(s, path)) out.set(p, text);
  }
  return out;
}
