import type { Command } from 'commander';
import { z } from 'zod';
import { retentionPolicySchema, type Repository } from '../../../core/models/index.js';
import { emit, printLine } from '../../output.js';
import { parseOptions } from '../../parse-options.js';
import { repoAddressShape, repoRef } from '../../repo-address.js';
import type { CliRuntime } from '../../runtime.js';
import { retentionText } from '../../text-blocks.js';
import {
  addRepoAddressOptions,
  intOption,
  oneAddress,
  ONE_ADDRESS,
  orchestrator,
} from '../../verb-options.js';

const keep = intOption(0, 10_000).optional();

export const optionsSchema = z.lazy(() =>
  z
    .object({
      ...repoAddressShape,
      daily: keep,
      weekly: keep,
      monthly: keep,
      yearly: keep,
      clear: z.boolean().default(false),
    })
    .refine(oneAddress, ONE_ADDRESS)
    .refine((o) => o.clear !== hasAny(o), {
      message: 'give --daily/--weekly/--monthly/--yearly, or --clear to use the config retention',
    }),
);
export type Options = z.infer<typeof optionsSchema>;

function hasAny(o: { daily?: number; weekly?: number; monthly?: number; yearly?: number }) {
  return [o.daily, o.weekly, o.monthly, o.yearly].some((v) => v !== undefined);
}

export const jsonSchema = z.lazy(() =>
  z.strictObject({
    repo: z.string(),
    retention: retentionPolicySchema.nullable(),
  }),
);

export function toJson(r: Repository): z.infer<typeof jsonSchema> {
  return { repo: r.name, retention: r.retention };
}

/** Values not given are 0: the policy printed afterwards is exactly what prune will use. */
export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const policy = opts.clear
    ? null
    : {
        keep_daily: opts.daily ?? 0,
        keep_weekly: opts.weekly ?? 0,
        keep_monthly: opts.monthly ?? 0,
        keep_yearly: opts.yearly ?? 0,
      };
  const repo = await (await orchestrator(rt)).setRetention({ ref: repoRef(opts), policy });
  emit(rt, repo, {
    json: toJson,
    text: (r) =>
      printLine(
        rt,
        r.retention
          ? `Retention of '${r.name}': ${retentionText(r.retention)}`
          : `Retention of '${r.name}' cleared: prune uses the config retention`,
      ),
  });
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  const cmd = parent
    .command('set-retention')
    .description('Set how many archives prune keeps for this repository (before config)')
    .option('--daily <n>', 'daily archives to keep')
    .option('--weekly <n>', 'weekly archives to keep')
    .option('--monthly <n>', 'monthly archives to keep')
    .option('--yearly <n>', 'yearly archives to keep')
    .option('--clear', 'remove the per-repo retention');
  return addRepoAddressOptions(cmd).action((raw, c: Command) =>
    runF(parseOptions(optionsSchema, raw, c), rt),
  );
}
