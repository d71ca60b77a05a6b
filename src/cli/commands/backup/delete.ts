import type { Command } from 'commander';
import { z } from 'zod';
import type { DeleteArchiveResult } from '../../../core/orchestrator-api.js';
import { emit, printLine } from '../../output.js';
import { parseOptions } from '../../parse-options.js';
import { repoRef } from '../../repo-address.js';
import type { CliRuntime } from '../../runtime.js';
import {
  addRepoCallOptions,
  confirmOrAbort,
  oneAddress,
  ONE_ADDRESS,
  orchestrator,
  repoCall,
  repoCallShape,
  requiredString,
} from '../../verb-options.js';

export const optionsSchema = z.lazy(() =>
  z
    .object({ ...repoCallShape, archive: requiredString(), dryRun: z.boolean().default(false) })
    .refine(oneAddress, ONE_ADDRESS),
);
export type Options = z.infer<typeof optionsSchema>;

export const jsonSchema = z.lazy(() =>
  z.strictObject({
    repo: z.string(),
    archive: z.string(),
    dry_run: z.boolean(),
    compacted: z.boolean(),
  }),
);

export function toJson(r: DeleteArchiveResult): z.infer<typeof jsonSchema> {
  return { repo: r.repo, archive: r.archive, dry_run: r.dryRun, compacted: r.compacted };
}

export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const orch = await orchestrator(rt);
  const repo = await orch.resolveRepo(repoRef(opts));
  if (!opts.dryRun) {
    await confirmOrAbort(
      rt,
      `Delete archive '${opts.archive}' from repository '${repo.name}'?`,
      `archive '${opts.archive}' was not deleted`,
    );
  }
  const result = await orch.deleteArchive({
    ...repoCall(rt, { ...opts, name: repo.name, path: undefined }),
    archive: opts.archive,
    dryRun: opts.dryRun,
    confirmed: !opts.dryRun,
  });
  emit(rt, result, {
    json: toJson,
    text: (r) => {
      const verb = r.dryRun ? 'Would delete' : 'Deleted';
      const compacted = r.compacted ? ' (space reclaimed by compact)' : '';
      printLine(rt, `${verb} archive '${r.archive}' from '${r.repo}'${compacted}`);
    },
  });
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  const cmd = parent
    .command('delete')
    .description('Delete one archive, then compact (asks first)')
    .option('-a, --archive <name>', 'archive name')
    .option('--dry-run', 'show what would be deleted');
  return addRepoCallOptions(cmd).action((raw, c: Command) =>
    runF(parseOptions(optionsSchema, raw, c), rt),
  );
}
