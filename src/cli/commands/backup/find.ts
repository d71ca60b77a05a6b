import type { Command } from 'commander';
import { z } from 'zod';
import type { FindResult } from '../../../core/orchestrator-api.js';
import { formatBytes, formatTimestamp, renderTable } from '../../format.js';
import { emit, note, printLine } from '../../output.js';
import { parseOptions } from '../../parse-options.js';
import type { CliRuntime } from '../../runtime.js';
import { countOf } from '../../text-blocks.js';
import {
  addRepoCallOptions,
  intOption,
  oneAddress,
  ONE_ADDRESS,
  orchestrator,
  repoCall,
  repoCallShape,
  requiredString,
} from '../../verb-options.js';

export const optionsSchema = z.lazy(() =>
  z
    .object({
      ...repoCallShape,
      glob: requiredString('is required, e.g. "home/*/notes.txt" or "**/*.pdf"'),
      limit: intOption(1).optional(),
    })
    .refine(oneAddress, ONE_ADDRESS),
);
export type Options = z.infer<typeof optionsSchema>;

export const jsonSchema = z.lazy(() =>
  z.strictObject({
    repo: z.string(),
    glob: z.string(),
    archives_searched: z.number().int(),
    matches: z.array(
      z.strictObject({
        archive: z.string(),
        start: z.string(),
        path: z.string(),
        type: z.string(),
        size: z.number(),
        mtime: z.string(),
      }),
    ),
  }),
);

export function toJson(r: FindResult): z.infer<typeof jsonSchema> {
  return {
    repo: r.repo,
    glob: r.glob,
    archives_searched: r.archivesSearched,
    matches: r.matches.map(({ archive, start, path, type, size, mtime }) => ({
      archive,
      start,
      path,
      type,
      size,
      mtime,
    })),
  };
}

export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const result = await (
    await orchestrator(rt)
  ).findInArchives({
    ...repoCall(rt, opts),
    glob: opts.glob,
    limit: opts.limit,
  });
  emit(rt, result, { json: toJson, text: (r) => renderText(rt, r) });
}

function renderText(rt: CliRuntime, r: FindResult): void {
  if (r.matches.length === 0) {
    note(rt, `No path matching '${r.glob}' in ${r.archivesSearched} archives of '${r.repo}'.`);
    return;
  }
  printLine(
    rt,
    renderTable(r.matches, [
      { header: 'Archive', value: (m) => m.archive },
      { header: 'Created', value: (m) => formatTimestamp(m.start) },
      { header: 'Size', value: (m) => formatBytes(m.size), align: 'right' },
      { header: 'Modified', value: (m) => formatTimestamp(m.mtime) },
      { header: 'Path', value: (m) => m.path },
    ]),
  );
  const m = r.matches[0]!;
  note(
    rt,
    `${countOf(r.matches.length, 'match', 'matches')} in ${countOf(r.archivesSearched, 'archive', 'archives')}. Restore one with: borgboi backup restore -n ${r.repo} -a ${m.archive} --path-in-archive ${m.path}`,
  );
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  const cmd = parent
    .command('find')
    .description('Find which archives hold a path (shell glob), newest first')
    .argument('<glob>', 'glob over archive paths (no leading slash), e.g. "**/*.pdf"')
    .option('--limit <n>', 'search only the newest N archives');
  return addRepoCallOptions(cmd).action((glob: string, raw, c: Command) =>
    runF(parseOptions(optionsSchema, { ...raw, glob }, c), rt),
  );
}
