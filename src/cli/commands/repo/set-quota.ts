import type { Command } from 'commander';
import { z } from 'zod';
import type { SetQuotaResult } from '../../../core/orchestrator-api.js';
import { emit, printLine } from '../../output.js';
import { parseOptions } from '../../parse-options.js';
import type { CliRuntime } from '../../runtime.js';
import {
  addRepoCallOptions,
  oneAddress,
  ONE_ADDRESS,
  orchestrator,
  repoCall,
  onceOf,
  repoCallShape,
  requiredString,
} from '../../verb-options.js';

export const optionsSchema = z.lazy(() =>
  z
    .object({ ...repoCallShape, quota: requiredString('is required, e.g. 200G') })
    .refine(oneAddress, ONE_ADDRESS),
);
export type Options = z.infer<typeof optionsSchema>;

export const jsonSchema = z.lazy(() =>
  z.strictObject({
    repo: z.string(),
    quota: z.string(),
    previous: z.string().nullable(),
  }),
);

export function toJson(r: SetQuotaResult): z.infer<typeof jsonSchema> {
  return { repo: r.repo, quota: r.quota, previous: r.previous };
}

export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const result = await (
    await orchestrator(rt)
  ).setQuota({ ...repoCall(rt, opts), quota: opts.quota });
  emit(rt, result, {
    json: toJson,
    text: (r) =>
      printLine(rt, `Storage quota of '${r.repo}': ${r.quota} (was ${r.previous ?? 'unset'})`),
  });
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  const cmd = parent
    .command('set-quota')
    .description("Change the repository's borg storage quota (checked against disk space)")
    .argument('[quota]', 'new quota, e.g. 200G')
    .option('--quota <size>', 'the same as the argument (Python borgboi spelling)');
  return addRepoCallOptions(cmd).action((arg: string | undefined, raw, c: Command) =>
    runF(parseOptions(optionsSchema, { ...raw, quota: onceOf(c, 'quota', arg, raw.quota) }, c), rt),
  );
}
