import type { Command } from 'commander';
import { z } from 'zod';
import {
  archiveInfoSchema,
  cacheInfoSchema,
  encryptionInfoSchema,
} from '../../../core/models/index.js';
import type { ArchiveInfoResult } from '../../../core/orchestrator-api.js';
import { formatBytes, formatDuration, formatTimestamp } from '../../format.js';
import { emit, printLine } from '../../output.js';
import { parseOptions } from '../../parse-options.js';
import type { CliRuntime } from '../../runtime.js';
import { formatCount, renderPairs } from '../../text-blocks.js';
import {
  addRepoCallOptions,
  oneAddress,
  ONE_ADDRESS,
  orchestrator,
  repoCall,
  repoCallShape,
  requiredString,
} from '../../verb-options.js';

export const optionsSchema = z.lazy(() =>
  z.object({ ...repoCallShape, archive: requiredString() }).refine(oneAddress, ONE_ADDRESS),
);
export type Options = z.infer<typeof optionsSchema>;

export const jsonSchema = z.lazy(() =>
  z.strictObject({
    repo: z.string(),
    archive: archiveInfoSchema,
    cache: cacheInfoSchema,
    encryption: encryptionInfoSchema,
  }),
);

export function toJson(r: ArchiveInfoResult): z.infer<typeof jsonSchema> {
  return { repo: r.repo, archive: r.archive, cache: r.cache, encryption: r.encryption };
}

export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const result = await (
    await orchestrator(rt)
  ).archiveInfo({
    ...repoCall(rt, opts),
    archive: opts.archive,
  });
  emit(rt, result, { json: toJson, text: (r) => printLine(rt, renderText(r)) });
}

export function renderText(r: ArchiveInfoResult): string {
  const a = r.archive;
  return renderPairs([
    ['Archive', a.name],
    ['Repository', r.repo],
    ['ID', a.id],
    ['Host', a.hostname ?? null],
    ['User', a.username ?? null],
    ['Started', formatTimestamp(a.start)],
    ['Ended', formatTimestamp(a.end)],
    ['Duration', formatDuration(a.duration * 1000)],
    ['Files', formatCount(a.stats.nfiles)],
    ['Original size', formatBytes(a.stats.original_size)],
    ['Compressed size', formatBytes(a.stats.compressed_size)],
    ['Deduplicated size', formatBytes(a.stats.deduplicated_size)],
    ['Comment', a.comment || null],
    ['Command line', a.command_line?.join(' ') ?? null],
    ['Encryption', r.encryption.mode],
  ]);
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  const cmd = parent
    .command('info')
    .description('Show one archive: times, sizes, files, command line')
    .option('-a, --archive <name>', 'archive name');
  return addRepoCallOptions(cmd).action((raw, c: Command) =>
    runF(parseOptions(optionsSchema, raw, c), rt),
  );
}
