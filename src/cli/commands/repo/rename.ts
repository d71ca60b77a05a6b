import type { Command } from 'commander';
import { z } from 'zod';
import type { RenameRepoResult } from '../../../core/orchestrator-api.js';
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
  z.strictObject({
    from: z.string(),
    to: z.string(),
    moved: z.array(z.string()),
    s3_moved: z.number().nullable(),
  }),
);

export function toJson(r: RenameRepoResult): z.infer<typeof jsonSchema> {
  return { from: r.from, to: r.to, moved: r.moved, s3_moved: r.s3Moved };
}

export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const result = await (await orchestrator(rt)).renameRepo({ ...repoCall(rt, opts), to: opts.to });
  emit(rt, result, {
    json: toJson,
    text: (r) => {
      const what = r.moved.length ? ` (${r.moved.join(', ')})` : '';
      const s3 = r.s3Moved === null ? '' : `; ${r.s3Moved} S3 objects moved`;
      printLine(rt, `Renamed repository '${r.from}' to '${r.to}'${what}${s3}`);
    },
  });
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  const cmd = parent
    .command('rename')
    .description('Rename a repository: metadata, exclusions, passphrase file, S3 prefix')
    .requiredOption('--to <name>', 'new repository name');
  return addRepoCallOptions(cmd).action((raw, c: Command) =>
    runF(parseOptions(optionsSchema, raw, c), rt),
  );
}
