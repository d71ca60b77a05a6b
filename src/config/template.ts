import { stringify } from 'yaml';
import { makeConfigSchema } from './schema.js';
import { describeOf, shapeOf } from './schema-walk.js';
import type { z } from 'zod';

const HEADER = [
  "# borgboi configuration, written by 'borgboi config init'.",
  '# Precedence: command-line flags > BORGBOI_* environment variables (__ nests keys,',
  '# e.g. BORGBOI_BORG__COMPRESSION) > this file > built-in defaults.',
  "# Every key is optional. 'borgboi config validate' checks the file; docs/configuration.md",
  '# lists every key.',
];

function scalar(value: unknown): string {
  if (Array.isArray(value) && value.length === 0) return '[]';
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

function renderObject(
  schema: z.core.$ZodType,
  values: Record<string, unknown>,
  indent: string,
): string[] {
  const lines: string[] = [];
  for (const [key, child] of Object.entries(shapeOf(schema) ?? {})) {
    const description = describeOf(child);
    if (lines.length > 0 && shapeOf(child)) lines.push('');
    if (description) lines.push(`${indent}# ${description}`);
    if (shapeOf(child)) {
      lines.push(`${indent}${key}:`);
      lines.push(...renderObject(child, values[key] as Record<string, unknown>, `${indent}  `));
    } else {
      const text = scalar(values[key]);
      if (text.includes('\n')) {
        lines.push(`${indent}${key}:`, ...text.split('\n').map((l) => `${indent}  ${l}`));
      } else {
        lines.push(`${indent}${key}: ${text}`);
      }
    }
  }
  return lines;
}

/**
 * The commented default config.yaml: every key with its default, each preceded by its
 * `.describe()` text, so the file documents itself and loads back to exactly the defaults.
 */
export function renderDefaultConfig(baseDir: string): string {
  const schema = makeConfigSchema(baseDir);
  const defaults = schema.parse({}) as Record<string, unknown>;
  return `${[...HEADER, '', ...renderObject(schema, defaults, '')].join('\n')}\n`;
}
