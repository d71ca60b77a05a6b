import type { Command } from 'commander';
import { z } from 'zod';
import { retentionPolicySchema } from '../../../core/models/index.js';
import type { PruneRepoResult } from '../../../core/orchestrator-api.js';
import type { PruneArchiveLine } from '../../../borg/types.js';
import { formatTimestamp } from '../../format.js';
import { borgWarningJsonSchema, borgWarningsJson } from '../../json-shapes.js';
import { emit, printLine } from '../../output.js';
import { parseOptions } from '../../parse-options.js';
import { startProgress } from '../../progress/index.js';
import type { CliRuntime } from '../../runtime.js';
import { printWarnings, retentionText } from '../../text-blocks.js';
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
    .object({ ...repoCallShape, dryRun: z.boolean().default(false) })
    .refine(oneAddress, ONE_ADDRESS),
);
export type Options = z.infer<typeof optionsSchema>;

const lineSchema = z.lazy(() =>
  z.strictObject({
    name: z.string(),
    rule: z.string().nullable(),
    time: z.string(),
    id: z.string(),
  }),
);

export const jsonSchema = z.lazy(() =>
  z.strictObject({
    repo: z.string(),
    policy: retentionPolicySchema,
    policy_source: z.enum(['repo', 'config', 'default']),
    dry_run: z.boolean(),
    kept: z.array(lineSchema),
    pruned: z.array(lineSchema),
    warnings: z.array(borgWarningJsonSchema),
  }),
);

const line = ({ name, rule, time, id }: PruneArchiveLine) => ({ name, rule, time, id });

export function toJson(r: PruneRepoResult): z.infer<typeof jsonSchema> {
  return {
    repo: r.repo,
    policy: r.policy,
    policy_source: r.policySource,
    dry_run: r.prune.dryRun,
    kept: r.prune.kept.map(line),
    pruned: r.prune.pruned.map(line),
    warnings: borgWarningsJson(r.prune.warnings),
  };
}

export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const orch = await orchestrator(rt);
  const progress = await startProgress(rt);
  let result: PruneRepoResult;
  try {
    result = await orch.pruneRepo({
      ...repoCall(rt, opts, progress.observer),
      dryRun: opts.dryRun,
    });
  } finally {
    progress.stop();
  }
  emit(rt, result, { json: toJson, text: (r) => renderText(rt, r) });
}

function renderText(rt: CliRuntime, r: PruneRepoResult): void {
  printWarnings(rt, r.prune.warnings);
  printLine(rt, `Retention of '${r.repo}': ${retentionText(r.policy)} (${r.policySource})`);
  for (const k of r.prune.kept) {
    printLine(rt, `  keep   ${k.name}  ${formatTimestamp(k.time)}  (${k.rule ?? 'kept'})`);
  }
  const verb = r.prune.dryRun ? 'would prune' : 'pruned';
  for (const p of r.prune.pruned)
    printLine(rt, `  ${verb.padEnd(6)} ${p.name}  ${formatTimestamp(p.time)}`);
  printLine(rt, `${r.prune.kept.length} kept, ${r.prune.pruned.length} ${verb}`);
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  const cmd = parent
    .command('prune')
    .description('Delete archives the retention policy no longer keeps (repo > config > 7/4/6/0)')
    .option('--dry-run', 'show what would be pruned');
  return addRepoCallOptions(cmd).action((raw, c: Command) =>
    runF(parseOptions(optionsSchema, raw, c), rt),
  );
}
