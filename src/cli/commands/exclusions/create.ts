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
  onceOf,
  orchestrator,
  requiredString,
} from '../../verb-options.js';
import { exclusionsJson, exclusionsJsonSchema, renderExclusions } from './shared.js';

export const optionsSchema = z.lazy(() =>
  z
    .object({
      ...repoAddressShape,
      from: requiredString('is required (--from FILE or -s FILE)'),
      replace: z.boolean().default(false),
    })
    .refine(oneAddress, ONE_ADDRESS),
);
export type Options = z.infer<typeof optionsSchema>;

export const jsonSchema = exclusionsJsonSchema;

export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const view = await (
    await orchestrator(rt)
  ).createExclusions(repoRef(opts), opts.from, {
    replace: opts.replace,
  });
  emit(rt, view, { json: exclusionsJson, text: (v) => renderExclusions(rt, v) });
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  const cmd = parent
    .command('create')
    .description("Create the repository's exclusions file from a pattern file (validated)")
    .option('--from <file>', 'pattern file to copy')
    .option('-s, --source <file>', 'the same as --from (Python borgboi spelling)')
    .option('--replace', 'overwrite an existing exclusions file');
  return addRepoAddressOptions(cmd).action((raw, c: Command) => {
    const { source, ...rest } = raw as { source?: string; from?: string };
    const from = onceOf(c, 'pattern file', rest.from, source);
    return runF(parseOptions(optionsSchema, { ...rest, from }, c), rt);
  });
}
