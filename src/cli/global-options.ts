import { z } from 'zod';

/** Options accepted before or after any subcommand (spec §3). */
export const globalOptionsSchema = z.object({
  offline: z.boolean().optional(),
  online: z.boolean().optional(),
  json: z.boolean().default(false),
  logFormat: z.enum(['text', 'json']).default('text'),
  config: z.string().optional(),
  debug: z.boolean().default(false),
  quiet: z.boolean().default(false),
  color: z.boolean().default(true),
  yes: z.boolean().default(false),
});
export type GlobalOptions = z.infer<typeof globalOptionsSchema>;

export const DEFAULT_GLOBALS: GlobalOptions = globalOptionsSchema.parse({});

/** Global flags that take a value (the argument after them is not a command name). */
export const GLOBAL_VALUE_FLAGS: ReadonlySet<string> = new Set(['--config', '--log-format']);

/** `--offline`/`--online` → an override of config `offline`, or undefined when neither is given. */
export function offlineOverride(g: GlobalOptions): boolean | undefined {
  if (g.offline) return true;
  if (g.online) return false;
  return undefined;
}
