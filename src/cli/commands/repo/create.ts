import { Option, type Command } from 'commander';
import { z } from 'zod';
import type { CreateRepoResult } from '../../../core/orchestrator-api.js';
import { repoJson, repoJsonSchema } from '../../json-shapes.js';
import { emit, note, printLine } from '../../output.js';
import { parseOptions } from '../../parse-options.js';
import { startProgress } from '../../progress/index.js';
import type { CliRuntime } from '../../runtime.js';
import { printWarnings } from '../../text-blocks.js';
import { orchestrator, passphraseRequest, passphraseShape } from '../../verb-options.js';

export const optionsSchema = z.lazy(() =>
  z.object({
    path: z.string().min(1, 'must not be empty'),
    backupTarget: z.string().min(1, 'must not be empty'),
    name: z.string().min(1, 'must not be empty'),
    passphrase: passphraseShape.passphrase,
    passphraseFile: passphraseShape.passphraseFile,
    encryption: z.enum(['repokey', 'repokey-blake2', 'none']).optional(),
    quota: z.string().min(1, 'must not be empty').optional(),
  }),
);
export type Options = z.infer<typeof optionsSchema>;

export const jsonSchema = z.lazy(() =>
  z.strictObject({
    repo: repoJsonSchema,
    passphrase_source: z
      .enum(['cli', 'passphrase-file-flag', 'key-file', 'env', 'config', 'generated'])
      .nullable(),
    key_file: z.string().nullable(),
    warnings: z.array(z.string()),
  }),
);

export function toJson(r: CreateRepoResult): z.infer<typeof jsonSchema> {
  return {
    repo: repoJson(r.repo),
    passphrase_source: r.passphraseSource,
    key_file: r.keyFile,
    warnings: r.warnings,
  };
}

export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const orch = await orchestrator(rt);
  const progress = await startProgress(rt);
  let result: CreateRepoResult;
  try {
    result = await orch.createRepo({
      name: opts.name,
      path: opts.path,
      backupTarget: opts.backupTarget,
      encryption: opts.encryption,
      quota: opts.quota,
      passphrase: passphraseRequest(rt, opts),
      observer: progress.observer,
      signal: rt.signal,
    });
  } finally {
    progress.stop();
  }
  emit(rt, result, { json: toJson, text: (r) => renderText(rt, r) });
}

function renderText(rt: CliRuntime, r: CreateRepoResult): void {
  printWarnings(rt, r.warnings);
  const mode = r.repo.metadata?.encryption.mode ?? 'unknown encryption';
  printLine(
    rt,
    `Created repository '${r.repo.name}' at ${r.repo.path} (${mode}), backing up ${r.repo.backup_target}`,
  );
  if (r.passphraseSource === 'generated' && r.keyFile) {
    note(
      rt,
      `A new passphrase was generated and saved to ${r.keyFile} (mode 0600). Keep a copy elsewhere, with the key: 'borgboi repo export-key -n ${r.repo.name} --paper'.`,
    );
  }
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  return parent
    .command('create')
    .description('Create a new borg repository and register it')
    .requiredOption('-p, --path <path>', 'where the repository goes (created if missing)')
    .requiredOption('-b, --backup-target <dir>', 'the directory to back up')
    .requiredOption('-n, --name <name>', 'repository name (letters, digits, - and _)')
    .option('--passphrase-file <file>', 'read the new passphrase from this file')
    .option('--passphrase <value>', 'deprecated: visible to other users; use --passphrase-file')
    .addOption(
      new Option(
        '--encryption <mode>',
        'borg encryption mode (default: config borg.encryption)',
      ).choices(['repokey', 'repokey-blake2', 'none']),
    )
    .option('--quota <size>', 'borg storage quota, e.g. 100G (default: config borg.storage_quota)')
    .action((raw, cmd: Command) => runF(parseOptions(optionsSchema, raw, cmd), rt));
}
