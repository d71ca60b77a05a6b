import type { Command } from 'commander';
import { z } from 'zod';
import type { ExportKeyResult } from '../../../core/orchestrator-api.js';
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
    .object({
      ...repoCallShape,
      output: z.string().min(1, 'must not be empty').optional(),
      paper: z.boolean().default(false),
      qrHtml: z.boolean().default(false),
    })
    .refine(oneAddress, ONE_ADDRESS)
    .refine((o) => !(o.paper && o.qrHtml), {
      message: 'give either --paper or --qr-html, not both',
    }),
);
export type Options = z.infer<typeof optionsSchema>;

export const jsonSchema = z.lazy(() =>
  z.strictObject({
    repo: z.string(),
    file: z.string().nullable(),
    format: z.enum(['key', 'paper', 'qr-html']),
    /** Only with `-o -`: the exported key itself (it is useless without the passphrase). */
    text: z.string().nullable(),
  }),
);

export function toJson(r: ExportKeyResult): z.infer<typeof jsonSchema> {
  return { repo: r.repo, file: r.file, format: r.format, text: r.text };
}

export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const result = await (
    await orchestrator(rt)
  ).exportKey({
    ...repoCall(rt, opts),
    output: opts.output,
    paper: opts.paper,
    qrHtml: opts.qrHtml,
  });
  emit(rt, result, {
    json: toJson,
    text: (r) => {
      if (r.text !== null) rt.io.stdout.write(r.text.endsWith('\n') ? r.text : `${r.text}\n`);
      else printLine(rt, `Exported the ${r.format} key of '${r.repo}' to ${r.file}`);
    },
  });
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  const cmd = parent
    .command('export-key')
    .description(
      "Export the repository's borg key (keep it with the passphrase, apart from the repo)",
    )
    .option(
      '-o, --output <file>',
      "file to write ('-' = stdout; default <base>/{name}-encrypted-key-backup.txt)",
    )
    .option('--paper', 'paper format (typeable)')
    .option('--qr-html', 'HTML page with a QR code');
  return addRepoCallOptions(cmd).action((raw, c: Command) =>
    runF(parseOptions(optionsSchema, raw, c), rt),
  );
}
