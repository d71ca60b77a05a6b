import type { Command } from 'commander';
import { z } from 'zod';
import type { ImportRepoResult } from '../../../core/orchestrator-api.js';
import { repoJson, repoJsonSchema } from '../../json-shapes.js';
import { emit, printLine } from '../../output.js';
import { parseOptions } from '../../parse-options.js';
import { startProgress } from '../../progress/index.js';
import type { CliRuntime } from '../../runtime.js';
import { printWarnings } from '../../text-blocks.js';
import {
  addPassphraseOptions,
  orchestrator,
  passphraseRequest,
  passphraseShape,
} from '../../verb-options.js';

export const optionsSchema = z.lazy(() =>
  z.object({
    path: z.string().min(1, 'must not be empty'),
    backupTarget: z.string().min(1, 'must not be empty'),
    name: z.string().min(1, 'must not be empty'),
    ...passphraseShape,
  }),
);
export type Options = z.infer<typeof optionsSchema>;

export const jsonSchema = z.lazy(() =>
  z.strictObject({
    repo: repoJsonSchema,
    encryption: z.string(),
    key_file: z.string().nullable(),
    warnings: z.array(z.string()),
  }),
);

export function toJson(r: ImportRepoResult): z.infer<typeof jsonSchema> {
  return {
    repo: repoJson(r.repo),
    encryption: r.encryption,
    key_file: r.keyFile,
    warnings: r.warnings,
  };
}

export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const orch = await orchestrator(rt);
  const progress = await startProgress(rt);
  let result: ImportRepoResult;
  try {
    result = await orch.importRepo({
      name: opts.name,
      path: opts.path,
      backupTarget: opts.backupTarget,
      passphrase: passphraseRequest(rt, opts),
      observer: progress.observer,
      signal: rt.signal,
    });
  } finally {
    progress.stop();
  }
  emit(rt, result, {
    json: toJson,
    text: (r) => {
      printWarnings(rt, r.warnings);
      const key = r.keyFile ? `; passphrase kept in ${r.keyFile}` : '';
      printLine(
        rt,
        `Imported repository '${r.repo.name}' at ${r.repo.path} (${r.encryption})${key}`,
      );
    },
  });
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  const cmd = parent
    .command('import')
    .description('Register an existing borg repository (checks that the passphrase opens it)')
    .requiredOption('-p, --path <path>', 'the existing repository')
    .requiredOption('-b, --backup-target <dir>', 'the directory its backups come from')
    .requiredOption('-n, --name <name>', 'name to register it under');
  return addPassphraseOptions(cmd).action((raw, c: Command) =>
    runF(parseOptions(optionsSchema, raw, c), rt),
  );
}
