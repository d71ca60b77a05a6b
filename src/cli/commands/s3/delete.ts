import type { Command } from 'commander';
import { z } from 'zod';
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
} from '../../verb-options.js';

export const optionsSchema = z.lazy(() =>
  z
    .object({ ...repoCallShape, dryRun: z.boolean().default(false) })
    .refine(oneAddress, ONE_ADDRESS),
);
export type Options = z.infer<typeof optionsSchema>;

export const jsonSchema = z.lazy(() =>
  z.strictObject({
    repo: z.string(),
    deleted: z.number().int(),
    keys: z.array(z.string()),
    dry_run: z.boolean(),
  }),
);

/** Unlike Python borgboi, a dry run does not ask: it changes nothing. */
export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const orch = await orchestrator(rt);
  const repo = await orch.resolveRepo(repoRef(opts));
  if (!opts.dryRun) {
    await confirmOrAbort(
      rt,
      `Delete the S3 copy of '${repo.name}' (every object under its prefix)?`,
      `the S3 copy of '${repo.name}' was not deleted`,
    );
  }
  const result = await orch.deleteFromS3({
    ...repoCall(rt, { ...opts, name: repo.name, path: undefined }),
    dryRun: opts.dryRun,
    confirmed: !opts.dryRun,
  });
  emit(rt, result, {
    json: (r) => ({ repo: r.repo, deleted: r.deleted, keys: r.keys, dry_run: r.dryRun }),
    text: (r) =>
      printLine(
        rt,
        `${r.dryRun ? 'Would delete' : 'Deleted'} ${r.deleted} S3 objects of '${r.repo}'`,
      ),
  });
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  const cmd = parent
    .command('delete')
    .description("Delete a repository's S3 copy (asks first; the local repo stays)")
    .option('--dry-run', 'list what would be deleted');
  return addRepoCallOptions(cmd).action((raw, c: Command) =>
    runF(parseOptions(optionsSchema, raw, c), rt),
  );
}
