import { globalRegistry, type z } from 'zod/mini';

/** Leaf kinds the env-override coercion understands. */
export type LeafKind = 'boolean' | 'number' | 'string' | 'json';

/** Classic and zod/mini schemas alike (the config schema is zod/mini, src/config/schema.ts). */
type AnySchema = z.core.$ZodType;

interface Def {
  type: string;
  innerType?: AnySchema;
  in?: AnySchema;
  shape?: Record<string, AnySchema>;
}

const defOf = (s: AnySchema): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Strips default/prefault/optional/nullable/pipe wrappers down to the schema that holds data. */
export function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  for (;;) {
    const def = defOf(s);
    if (
      def.innerType &&
      ['default', 'prefault', 'optional', 'nullable', 'readonly'].includes(def.type)
    ) {
      s = def.innerType;
    } else if (def.type === 'pipe' && def.in) {
      s = def.in;
    } else {
      return s;
    }
  }
}

/** The object shape of an object schema (after unwrapping), or undefined for leaves. */
export function shapeOf(schema: AnySchema): Record<string, AnySchema> | undefined {
  const def = defOf(unwrap(schema));
  return def.type === 'object' ? def.shape : undefined;
}

/** Finds the schema at a dotted path; undefined when the path names no key. */
export function schemaAt(root: AnySchema, path: readonly string[]): AnySchema | undefined {
  let s: AnySchema | undefined = root;
  for (const key of path) {
    const shape: Record<string, AnySchema> | undefined = s ? shapeOf(s) : undefined;
    s = shape?.[key];
    if (!s) return undefined;
  }
  return s;
}

export function leafKind(schema: AnySchema): LeafKind {
  const t = defOf(unwrap(schema)).type;
  if (t === 'boolean') return 'boolean';
  if (t === 'number' || t === 'int') return 'number';
  if (t === 'string' || t === 'enum') return 'string';
  return 'json';
}

/** Every leaf key of the schema as a dotted path, in declaration order. */
export function leafPaths(root: AnySchema, prefix: string[] = []): string[][] {
  const shape = shapeOf(root);
  if (!shape) return [prefix];
  return Object.entries(shape).flatMap(([k, s]) => leafPaths(s, [...prefix, k]));
}

/** Description in zod's global registry (`.describe()`, or schema.ts's described()), looking through wrappers. */
export function describeOf(schema: AnySchema): string | undefined {
  let s: AnySchema | undefined = schema;
  while (s) {
    const description = globalRegistry.get(s)?.description;
    if (description) return description;
    const def = defOf(s);
    s = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
  }
  return undefined;
}
