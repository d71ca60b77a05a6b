import type { Command } from 'commander';
import { z } from 'zod';
import { archiveSchema } from '../../../core/models/index.js';
import type { ListArchivesResult } from '../../../core/orchestrator-api.js';
import { formatAge, formatTimestamp, renderTable } from '../../format.js';
import { emit, note, printLine } from '../../output.js';
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
  z.object({ ...repoCallShape }).refine(oneAddress, ONE_ADDRESS),
);
export type Options = z.infer<typeof optionsSchema>;

export const jsonSchema = z.lazy(() =>
  z.strictObject({
    repo: z.string(),
    archives: z.array(
      archiveSchema.pick({ name: true, id: true, start: true, time: true }).strict(),
    ),
  }),
);

export function toJson(r: ListArchivesResult): z.infer<typeof jsonSchema> {
  return {
    repo: r.repo,
    archives: r.archives.map((a) => ({ name: a.name, id: a.id, start: a.start, time: a.time })),
  };
}

export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const result = await (await orchestrator(rt)).listArchives(repoCall(rt, opts));
  emit(rt, result, { json: toJson, text: (r) => renderText(rt, r) });
}

function renderText(rt: CliRuntime, r: ListArchivesResult): void {
  if (r.archives.length === 0) {
    note(rt, `No archives in '${r.repo}' yet; make one with 'borgboi backup run -n ${r.repo}'.`);
    return;
  }
  const now = rt.deps().clock.now();
  printLine(
    rt,
    renderTable(r.archives, [
      { header: 'Name', value: (a) => a.name },
      { header: 'Created', value: (a) => formatTimestamp(a.start) },
      { header: 'Age', value: (a) => formatAge(a.start, now) },
      { header: 'ID', value: (a) => a.id.slice(0, 16) },
    ]),
  );
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  const cmd = parent.command('list').description("List a repository's archives, newest first");
  return addRepoCallOptions(cmd).action((raw, c: Command) =>
    runF(parseOptions(optionsSchema, raw, c), rt),
  );
}
