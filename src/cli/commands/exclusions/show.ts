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
} from '../../verb-options.js';
import { exclusionsJson, exclusionsJsonSchema, renderExclusions } from './shared.js';

export const optionsSchema = z.lazy(() =>
  z.object({ ...repoAddressShape }).refine(oneAddress, ONE_ADDRESS),
);
export type Options = z.infer<typeof optionsSchema>;

export const jsonSchema = exclusionsJsonSchema;

export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const view = await (await orchestrator(rt)).showExclusions(repoRef(opts));
  emit(rt, view, { json: exclusionsJson, text: (v) => renderExclusions(rt, v) });
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  const cmd = parent
    .command('show')
    .description('Show the exclusion patterns a backup uses (numbered)');
  return addRepoAddressOptions(cmd).action((raw, c: Command) =>
    runF(parseOptions(optionsSchema, raw, c), rt),
  );
}
