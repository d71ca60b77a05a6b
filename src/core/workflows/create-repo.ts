import { existsSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { repositorySchema, type RepoInfo, type Repository } from '../models/index.js';
import type { CreateRepoInput, CreateRepoResult } from '../orchestrator-api.js';
import type { Passphrase } from '../secret.js';
import { borgContext, type WorkflowContext } from './context.js';
import { errorView } from './guards.js';
import { osPlatform, writeThrough } from './records.js';
import { StepRecorder } from './steps.js';
import { assertUnique, uniquenessError, validateAll } from './validate-input.js';

interface CreatePlan {
  name: string;
  path: string;
  target: string;
  quota: string;
  encryption: 'repokey' | 'repokey-blake2' | 'none';
}

async function planCreate(ctx: WorkflowContext, input: CreateRepoInput): Promise<CreatePlan> {
  const v = ctx.validator;
  const { name, path, quota } = validateAll({
    name: () => v.repoName(input.name),
    path: () => v.newRepoPath(input.path, ctx.cwd),
    quota: () => v.quota(input.quota ?? ctx.config.borg.storage_quota),
  });
  const target = v.backupTarget(input.backupTarget, path, ctx.cwd);
  osPlatform(ctx);
  await assertUnique(ctx, name, path);
  return { name, path, target, quota, encryption: input.encryption ?? ctx.config.borg.encryption };
}

const EXCLUSIONS_HEADER = (name: string) => [
  `# borg exclusion patterns for repository '${name}', one per line (borg help patterns)`,
  '# examples: sh:**/node_modules  sh:**/.cache  *.tmp  pp:/home/me/Downloads',
];

/**
 * borg init a new repo and register it: validate → passphrase → key file → init → exclusions
 * file → info → record. An init failure leaves nothing of ours behind.
 */
export async function createRepo(
  ctx: WorkflowContext,
  input: CreateRepoInput,
): Promise<CreateRepoResult> {
  const plan = await planCreate(ctx, input);
  const steps = new StepRecorder(ctx.clock, plan.name, input.observer, input.signal);
  const secret = await newSecret(ctx, plan, input);
  const bctx = borgContext(ctx, secret?.passphrase ?? null, input);
  const dirExisted = existsSync(plan.path);
  // borg 1.2 init refuses a missing parent; Python borgboi made it (mkdir -p), so do we.
  const madeParent = await mkdir(dirname(plan.path), { recursive: true });
  const undoParent = () => madeParent && rm(madeParent, { recursive: true, force: true });
  try {
    await steps.run('init', () =>
      ctx.borg.init(
        plan.path,
        {
          encryption: plan.encryption,
          storageQuota: plan.quota,
          additionalFreeSpace: ctx.config.borg.additional_free_space || undefined,
        },
        bctx,
      ),
    );
  } catch (err) {
    await dropNewKey(ctx, plan.name, secret);
    await undoParent();
    throw err;
  }
  const warnings = [...(secret?.warnings ?? [])];
  try {
    const repo = await registerNew(ctx, plan, secret?.keyFile ?? null, steps, bctx, warnings);
    warnings.push(...(await writeThrough(ctx, { upsert: repo })));
    return {
      repo,
      passphraseSource: secret?.source ?? null,
      keyFile: secret?.keyFile ?? null,
      warnings,
    };
  } catch (err) {
    await dropNewKey(ctx, plan.name, secret);
    await removeRepoDir(plan.path, dirExisted);
    await undoParent();
    throw err;
  }
}

type NewSecret = {
  passphrase: Passphrase;
  source: NonNullable<CreateRepoResult['passphraseSource']>;
  keyFile: string;
  keyExisted: boolean;
  warnings: string[];
};

/** Unencrypted repos have no passphrase; the others always get a key file (spec §6). */
async function newSecret(
  ctx: WorkflowContext,
  plan: CreatePlan,
  input: CreateRepoInput,
): Promise<NewSecret | null> {
  if (plan.encryption === 'none') return null;
  const pp = ctx.store.passphrases;
  const keyExisted = await pp.exists(plan.name);
  const resolved = await pp.resolveNew(plan.name, input.passphrase ?? {});
  for (const w of resolved.warnings) input.observer?.notice?.(w);
  const keyFile = await pp.save(plan.name, resolved.passphrase);
  return { ...resolved, keyFile, keyExisted };
}

async function dropNewKey(ctx: WorkflowContext, name: string, secret: NewSecret | null) {
  if (secret && !secret.keyExisted) await ctx.store.passphrases.remove(name).catch(() => false);
}

/** The path was absent or an empty dir before init, so everything in it now is borg's. */
async function removeRepoDir(path: string, existed: boolean): Promise<void> {
  if (!existed) return rm(path, { recursive: true, force: true });
  const entries = await readdir(path).catch(() => [] as string[]);
  await Promise.all(entries.map((e) => rm(join(path, e), { recursive: true, force: true })));
}

async function registerNew(
  ctx: WorkflowContext,
  plan: CreatePlan,
  keyFile: string | null,
  steps: StepRecorder,
  bctx: ReturnType<typeof borgContext>,
  warnings: string[],
): Promise<Repository> {
  if ((await ctx.store.exclusions.effectiveFile(plan.name)) === null) {
    await ctx.store.exclusions.write(plan.name, EXCLUSIONS_HEADER(plan.name));
  }
  let metadata: RepoInfo | null = null;
  try {
    metadata = (await steps.run('info', () => ctx.borg.repoInfo(plan.path, bctx))).result;
  } catch (err) {
    warnings.push(`could not read the new repository's stats (${errorView(err).message})`);
  }
  const repo = repositorySchema.parse({
    name: plan.name,
    path: plan.path,
    backup_target: plan.target,
    hostname: ctx.hostname,
    os_platform: osPlatform(ctx),
    created_at: ctx.clock.now().toISOString(),
    metadata,
    passphrase: null,
    passphrase_file_path: keyFile,
    passphrase_migrated: true,
  });
  await steps.run('metadata', () => insertUnique(ctx, repo));
  return repo;
}

/** Insert under the store lock, re-checking uniqueness (a concurrent create may have won). */
export async function insertUnique(ctx: WorkflowContext, repo: Repository): Promise<void> {
  await ctx.store.metadata.transaction((tx) => {
    const clash = uniquenessError(
      repo.name,
      repo.path,
      tx.getByName(repo.name),
      tx.getByPath(repo.path, repo.hostname),
    );
    if (clash) throw clash;
    tx.upsert(repo);
  });
}
