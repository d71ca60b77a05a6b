import type { Command } from 'commander';
import { z } from 'zod';
import type { DailyAllResult, DailyResult } from '../../../core/orchestrator-api.js';
import { emit } from '../../output.js';
import { parseOptions } from '../../parse-options.js';
import { startProgress } from '../../progress/index.js';
import { repoRef } from '../../repo-address.js';
import type { CliRuntime } from '../../runtime.js';
import {
  addRepoCallOptions,
  oneAddress,
  ONE_ADDRESS,
  orchestrator,
  passphraseRequest,
  repoCallShape,
} from '../../verb-options.js';
import {
  dailyAllJson,
  dailyAllJsonSchema,
  dailyJson,
  dailyJsonSchema,
  logDaily,
  renderDailyAll,
  renderDailySummary,
} from './daily-summary.js';

export const optionsSchema = z.lazy(() =>
  z
    .object({
      ...repoCallShape,
      all: z.boolean().default(false),
      s3Sync: z.boolean().default(true),
      prune: z.boolean().default(true),
      compact: z.boolean().default(true),
      list: z.boolean().default(false),
      timestamp: z.string().min(1, 'must not be empty').optional(),
    })
    .refine(oneAddress, ONE_ADDRESS)
    .refine((o) => !(o.all && (o.name !== undefined || o.path !== undefined)), {
      message: '--all backs up every repository of this host; leave out --name/--path',
    }),
);
export type Options = z.infer<typeof optionsSchema>;

/** One repo: the run's document; `--all`: `{results: [...], exit_code}`. */
export const jsonSchema = z.lazy(() => z.union([dailyJsonSchema, dailyAllJsonSchema]));

export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const orch = await orchestrator(rt);
  const progress = await startProgress(rt, {
    listFiles: opts.list,
    showRepo: opts.all,
    previousRun: (repo) => orch.previousRun(repo, 'backup daily'),
  });
  const input = {
    passphrase: passphraseRequest(rt, opts),
    observer: progress.observer,
    signal: rt.signal,
    noS3Sync: !opts.s3Sync,
    noPrune: !opts.prune,
    noCompact: !opts.compact,
    listFiles: opts.list,
    timestamp: opts.timestamp,
  };
  let result: DailyResult | DailyAllResult;
  try {
    result = opts.all
      ? await orch.dailyBackupAll(input)
      : await orch.dailyBackup({ ...input, ref: repoRef(opts) });
  } finally {
    progress.stop();
  }
  rt.exitCode = result.exitCode;
  for (const r of 'results' in result ? result.results : [result]) logDaily(rt, r);
  if ('results' in result) {
    emit(rt, result, { json: dailyAllJson, text: (r) => renderDailyAll(rt, r) });
  } else {
    emit(rt, result, { json: dailyJson, text: (r) => renderDailySummary(rt, r) });
  }
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  const cmd = parent
    .command('daily')
    .description('The daily job: create → prune → compact → S3 sync → metadata (exit 3: partial)')
    .option('--all', 'every repository of this host (one failure does not stop the others)')
    .option('--no-s3-sync', 'skip the S3 sync')
    .option('--no-prune', 'skip prune')
    .option('--no-compact', 'skip compact')
    .option('--list', 'list the files as borg processes them')
    .option('--timestamp <time>', "archive time (borg --timestamp: ISO time or 'now')");
  return addRepoCallOptions(cmd).action((raw, c: Command) =>
    runF(parseOptions(optionsSchema, raw, c), rt),
  );
}
