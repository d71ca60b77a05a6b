import { repositorySchema, type Repository } from '../models/index.js';
import type { ImportRepoInput, ImportRepoResult } from '../orchestrator-api.js';
import { borgContext, type WorkflowContext } from './context.js';
import { insertUnique } from './create-repo.js';
import { osPlatform, writeThrough } from './records.js';
import { StepRecorder } from './steps.js';
import { assertUnique, validateAll } from './validate-input.js';

async function planImport(ctx: WorkflowContext, input: ImportRepoInput): Promise<Repository> {
  const v = ctx.validator;
  const { name, path } = validateAll({
    name: () => v.repoName(input.name),
    path: () => v.existingDir(input.path, ctx.cwd, 'repository path'),
  });
  const target = v.backupTarget(input.backupTarget, path, ctx.cwd);
  await assertUnique(ctx, name, path);
  return repositorySchema.parse({
    name,
    path,
    backup_target: target,
    hostname: ctx.hostname,
    os_platform: osPlatform(ctx),
    created_at: ctx.clock.now().toISOString(),
    passphrase: null,
    passphrase_migrated: true,
  });
}

/**
 * Registers an existing borg repo: `borg info` with the resolved passphrase proves access, a key
 * export (to memory) proves key access; the key file is written only for encrypted repos.
 */
export async function importRepo(
  ctx: WorkflowContext,
  input: ImportRepoInput,
): Promise<ImportRepoResult> {
  const draft = await planImport(ctx, input);
  const steps = new StepRecorder(ctx.clock, draft.name, input.observer, input.signal);
  const pp = ctx.store.passphrases;
  const resolved = await pp.resolveExisting(draft, input.passphrase ?? {});
  for (const w of resolved.warnings) input.observer?.notice?.(w);
  const bctx = borgContext(ctx, resolved.passphrase, input, {
    allowRelocated: true,
    allowUnknownUnencrypted: true,
  });
  const info = await steps.run('info', () => ctx.borg.repoInfo(draft.path, bctx));
  const encryption = info.result.encryption.mode;
  const encrypted = encryption !== 'none';
  if (encrypted)
    await steps.run('key', () => ctx.borg.exportKey(draft.path, { format: 'key' }, bctx));

  let keyFile: string | null = null;
  let wroteKey = false;
  if (encrypted && resolved.passphrase) {
    if (resolved.source === 'key-file') keyFile = pp.keyFilePath(draft.name);
    else {
      wroteKey = !(await pp.exists(draft.name));
      keyFile = await pp.save(draft.name, resolved.passphrase);
    }
  }
  const repo = repositorySchema.parse({
    ...draft,
    metadata: info.result,
    passphrase_file_path: keyFile,
  });
  try {
    await steps.run('metadata', () => insertUnique(ctx, repo));
  } catch (err) {
    if (wroteKey) await pp.remove(draft.name).catch(() => false);
    throw err;
  }
  const warnings = [...resolved.warnings, ...(await writeThrough(ctx, { upsert: repo }))];
  return { repo, encryption, keyFile, warnings };
}
