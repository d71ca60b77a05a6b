import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { archiveItemSchema, type ArchiveItem } from '../../../core/models/index.js';
import type { TextSink } from '../../io.js';
import { note } from '../../output.js';
import { parseOptions } from '../../parse-options.js';
import type { CliRuntime } from '../../runtime.js';
import {
  addRepoCallOptions,
  oneAddress,
  ONE_ADDRESS,
  orchestrator,
  repoCall,
  repoCallShape,
  requiredString,
} from '../../verb-options.js';
import { BatchedWriter, itemLine, withOutputFile } from './contents-writer.js';

export const optionsSchema = z.lazy(() =>
  z
    .object({
      ...repoCallShape,
      archive: requiredString(),
      // Python borgboi's default value `stdout` means "no file".
      output: z
        .string()
        .min(1, 'must not be empty')
        .optional()
        .transform((o) => (o === 'stdout' || o === '-' ? undefined : o)),
    })
    .refine(oneAddress, ONE_ADDRESS),
);
export type Options = z.infer<typeof optionsSchema>;

/**
 * Written as a stream: `items` (every item of the archive) only when no `-o FILE` was given;
 * with `-o`, the file gets one path per line and the document says where and how many.
 */
export const jsonSchema = z.lazy(() =>
  z.strictObject({
    repo: z.string(),
    archive: z.string(),
    output: z.string().nullable(),
    items: z.array(archiveItemSchema).optional(),
    count: z.number().int(),
  }),
);

/** Writes every item as a line; returns how many. */
async function writeItems(
  first: IteratorResult<ArchiveItem>,
  rest: AsyncIterator<ArchiveItem>,
  sink: TextSink,
  format: (i: ArchiveItem, n: number) => string,
): Promise<number> {
  const out = new BatchedWriter(sink);
  let n = 0;
  for (let r = first; !r.done; r = await rest.next()) await out.line(format(r.value, n++));
  await out.flush();
  return n;
}

export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const orch = await orchestrator(rt);
  const { repo, archive, items } = await orch.archiveContents({
    ...repoCall(rt, opts),
    archive: opts.archive,
  });
  const it = items[Symbol.asyncIterator]();
  // Read the first item before printing anything: most failures (passphrase, missing archive)
  // happen here and then surface as one clean error instead of a half-written document.
  const first = await it.next();
  const head = (output: string | null) =>
    `{"repo":${JSON.stringify(repo)},"archive":${JSON.stringify(archive)},"output":${JSON.stringify(output)}`;
  if (opts.output) {
    const file = resolve(rt.cwd, opts.output);
    const count = await withOutputFile(file, (sink) => writeItems(first, it, sink, (i) => i.path));
    if (rt.globals.json) rt.io.stdout.write(`${head(file)},"count":${count}}\n`);
    else note(rt, `Wrote ${count} paths of '${archive}' to ${file}`);
    return;
  }
  if (!rt.globals.json) {
    await writeItems(first, it, rt.io.stdout, itemLine);
    return;
  }
  rt.io.stdout.write(`${head(null)},"items":[`);
  const count = await writeItems(
    first,
    it,
    rt.io.stdout,
    (i, n) => `${n ? ',' : ''}${JSON.stringify(i)}`,
  );
  rt.io.stdout.write(`],"count":${count}}\n`);
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  const cmd = parent
    .command('contents')
    .description('List the files of an archive (streamed; -o writes one path per line)')
    .option('-a, --archive <name>', 'archive name')
    .option('-o, --output <file>', "write the paths to this file instead of stdout ('-' = stdout)");
  return addRepoCallOptions(cmd).action((raw, c: Command) =>
    runF(parseOptions(optionsSchema, raw, c), rt),
  );
}
