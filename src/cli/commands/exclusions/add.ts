import type { Command } from 'commander';
import { z } from 'zod';
import { emit } from '../../output.js';
import { parseOptions } from '../../parse-options.js';
import { repoAddressShape, repoRef } from '../../repo-address.js';
import type { CliRuntime } from '../../runtime.js';
import {
  addRepoAddressOptions,
  oneAddress,
  ONE_ADDRESS,
  orchestrator,
  onceOf,
  requiredString,
} from '../../verb-options.js';
import { exclusionsJson, exclusionsJsonSchema, renderExclusions } from './shared.js';

export const optionsSchema = z.lazy(() =>
  z
    .object({ ...repoAddressShape, pattern: requiredString('is required (PATTERN or -x PATTERN)') })
    .refine(oneAddress, ONE_ADDRESS),
);
export type Options = z.infer<typeof optionsSchema>;

export const jsonSchema = exclusionsJsonSchema;

export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const view = await (await orchestrator(rt)).addExclusion(repoRef(opts), opts.pattern);
  emit(rt, view, {
    json: exclusionsJson,
    text: (v) => renderExclusions(rt, v, v.lines.length),
  });
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  const cmd = parent
    .command('add')
    .description('Append a borg exclusion pattern (validated first)')
    .argument('[pattern]', 'borg pattern, e.g. *.tmp, sh:**/node_modules, re:\\.cache$')
    .option('-x, --pattern <pattern>', 'the same as the argument (Python borgboi spelling)');
  return addRepoAddressOptions(cmd).action((arg: string | undefined, raw, c: Command) =>
    runF(
      parseOptions(optionsSchema, { ...raw, pattern: onceOf(c, 'pattern', arg, raw.pattern) }, c),
      rt,
    ),
  );
}
