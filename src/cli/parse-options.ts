import type { Command } from 'commander';
import type { z } from 'zod';
import { UsageError } from '../core/errors.js';

const toFlag = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** Full command path, e.g. `borgboi repo create`. */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * Validates a verb's commander options (plus positionals) with its zod schema; every problem
 * is named by its flag in one UsageError (exit 2).
 */
export function parseOptions<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  cmd: Command,
): z.infer<S> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => {
    const key = i.path[0];
    return typeof key === 'string' ? `${toFlag(key)}: ${i.message}` : i.message;
  });
  throw new UsageError(problems.join('; '), `see '${commandPath(cmd)} --help'`);
}
