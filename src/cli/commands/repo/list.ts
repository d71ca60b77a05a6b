import type { Command } from 'commander';
import { z } from 'zod';
import type { ListReposResult } from '../../../core/orchestrator-api.js';
import { formatBytes, formatTimestamp, renderTable } from '../../format.js';
import { repoJson, repoJsonSchema } from '../../json-shapes.js';
import { emit, note, printLine, warn } from '../../output.js';
import { parseOptions } from '../../parse-options.js';
import type { CliRuntime } from '../../runtime.js';
import { orchestrator } from '../../verb-options.js';

export const optionsSchema = z.lazy(() => z.object({ allHosts: z.boolean().default(false) }));
export type Options = z.infer<typeof optionsSchema>;

export const jsonSchema = z.lazy(() =>
  z.strictObject({
    repos: z.array(repoJsonSchema),
    source: z.enum(['local', 'table']),
    skipped: z.array(z.string()),
  }),
);

export function toJson(r: ListReposResult): z.infer<typeof jsonSchema> {
  return { repos: r.repos.map(repoJson), source: r.source, skipped: r.skipped };
}

export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const result = await (await orchestrator(rt)).listRepos({ allHosts: opts.allHosts });
  emit(rt, result, { json: toJson, text: (r) => renderText(rt, r) });
}

function renderText(rt: CliRuntime, r: ListReposResult): void {
  for (const s of r.skipped) warn(rt, `skipped an unreadable table item: ${s}`);
  if (r.repos.length === 0) {
    note(rt, "No repositories yet; create one with 'borgboi repo create -p PATH -b DIR -n NAME'.");
    return;
  }
  printLine(
    rt,
    renderTable(r.repos, [
      { header: 'Name', value: (x) => x.name },
      { header: 'Path', value: (x) => x.path },
      { header: 'Host', value: (x) => x.hostname },
      { header: 'Last backup', value: (x) => formatTimestamp(x.last_backup) },
      {
        header: 'Size',
        value: (x) => formatBytes(x.metadata?.cache.stats.unique_csize ?? null),
        align: 'right',
      },
      { header: 'Target', value: (x) => x.backup_target },
    ]),
  );
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  return parent
    .command('list')
    .description('List the repositories of this host (--all-hosts: every host, online)')
    .option('--all-hosts', 'every host in the DynamoDB table (online)')
    .action((raw, cmd: Command) => runF(parseOptions(optionsSchema, raw, cmd), rt));
}
