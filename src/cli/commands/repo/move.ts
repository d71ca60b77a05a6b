import type { Command } from 'commander';
import { z } from 'zod';
import type { MoveRepoResult } from '../../../core/orchestrator-api.js';
import { emit, printLine } from '../../output.js';
import { parseOptions } from '../../parse-options.js';
import type { CliRuntime } from '../../runtime.js';
import {
  addRepoCallOptions,
  oneAddress,
  ONE_ADDRESS,
  orchestrator,
  repoCall,
  repoCallShape,
} from '../../verb-options.js';

export const optionsSchema = z.lazy(() =>
  z
    .object({ ...repoCallShape, to: z.string().min(1, 'must not be empty') })
    .refine(oneAddress, ONE_ADDRESS),
);
export type Options = z.infer<typeof optionsSchema>;

export const jsonSchema = z.lazy(() =>
  z.strictObject({ repo: z.string(), from: z.string(), to: z.string() }),
);

export function toJson(r: MoveRepoResult): z.infer<typeof jsonSchema> {
  return { repo: r.repo, from: r.from, to: r.to };
}

export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const result = await (await orchestrator(rt)).moveRepo({ ...repoCall(rt, opts), to: opts.to });
  emit(rt, result, {
    json: toJson,
    text: (r) => printLine(rt, `Moved repository '${r.repo}' from ${r.from} to ${r.to}`),
  });
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  const cmd = parent
    .command('move')
    .description('Move the repository directory and update its metadata (S3 copy untouched)')
    .requiredOption('--to <path>', 'new repository path');
  return addRepoCallOptions(cmd).action((raw, c: Command) =>
    runF(parseOptions(optionsSchema, raw, c), rt),
  );
}
