import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { borgboiPaths, resolveHome } from '../../../config/paths.js';
import { renderDefaultConfig } from '../../../config/template.js';
import { writeFileAtomic } from '../../../config/write-file.js';
import { emit, printLine } from '../../output.js';
import { parseOptions } from '../../parse-options.js';
import type { CliRuntime } from '../../runtime.js';

export const optionsSchema = z.object({ force: z.boolean().default(false) });
export type Options = z.infer<typeof optionsSchema>;

export interface InitResult {
  file: string;
  replaced: boolean;
}

/** Writes the commented default config; never reads the existing one (it may be broken). */
export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const paths = borgboiPaths(resolveHome(rt.env, rt.deps().platform));
  const file = rt.globals.config ? resolve(rt.cwd, rt.globals.config) : paths.configFile;
  const replaced = opts.force && existsSync(file);
  await writeFileAtomic(file, renderDefaultConfig(paths.baseDir), { overwrite: opts.force });
  emit(rt, { file, replaced } satisfies InitResult, {
    json: (r) => r,
    text: (r) => printLine(rt, `${r.replaced ? 'replaced' : 'wrote'} ${r.file}`),
  });
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  return parent
    .command('init')
    .description('Write a commented default config (<base>/config.yaml, or --config FILE)')
    .option('--force', 'replace an existing file')
    .action(async (raw, cmd: Command) => runF(parseOptions(optionsSchema, raw, cmd), rt));
}
