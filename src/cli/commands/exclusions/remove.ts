import type { Command } from 'commander';
import { z } from 'zod';
import { emit, printLine } from '../../output.js';
import { parseOptions } from '../../parse-options.js';
import { repoAddressShape, repoRef } from '../../repo-address.js';
import type { CliRuntime } from '../../runtime.js';
import {
  addRepoAddressOptions,
  intOption,
  oneAddress,
  ONE_ADDRESS,
  onceOf,
  orchestrator,
} from '../../verb-options.js';
import { exclusionsJson, exclusionsJsonSchema, renderExclusions } from './shared.js';

export const optionsSchema = z.lazy(() =>
  z.object({ ...repoAddressShape, line: intOption(1) }).refine(oneAddress, ONE_ADDRESS),
);
export type Options = z.infer<typeof optionsSchema>;

export const jsonSchema = z.lazy(() =>
  exclusionsJsonSchema.unwrap().extend({ removed: z.string() }),
);

export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const view = await (await orchestrator(rt)).removeExclusion(repoRef(opts), opts.line);
  emit(rt, view, {
    json: (v) => ({ ...exclusionsJson(v), removed: v.removed }),
    text: (v) => {
      printLine(rt, `Removed line ${opts.line}: ${v.removed}`);
      renderExclusions(rt, v);
    },
  });
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  const cmd = parent
    .command('remove')
    .description("Remove a pattern by its line number (see 'exclusions show')")
    .argument('[line]', '1-based line number')
    .option('-l, --line <n>', 'the same as the argument (Python borgboi spelling)');
  return addRepoAddressOptions(cmd).action((arg: string | undefined, raw, c: Command) =>
    runF(parseOptions(optionsSchema, { ...raw, line: onceOf(c, 'line', arg, raw.line) }, c), rt),
  );
}
