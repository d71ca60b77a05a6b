import { resolve } from 'node:path';
import type { BorgCallContext } from '../../borg/types.js';
import type { ExistingPassphraseSource } from '../../storage/types.js';
import { NotFoundError, UsageError } from '../errors.js';
import type { Repository } from '../models/index.js';
import type { RepoCall, RepoRef } from '../orchestrator-api.js';
import type { Passphrase } from '../secret.js';
import { borgContext, type WorkflowContext } from './context.js';
import { repoNotFound, requireLocal } from './guards.js';

/** A repo looked up and unlocked: what every borg-touching workflow starts from. */
export interface OpenedRepo {
  repo: Repository;
  passphrase: Passphrase | null;
  source: ExistingPassphraseSource;
  /** Notices of the passphrase resolution (already sent to the observer). */
  warnings: string[];
  /** The borg call context for this repo and call. */
  borg(extra?: Partial<BorgCallContext>): BorgCallContext;
}

/** Candidate spellings of a path as stored: resolved absolute first, then as typed. */
export function pathCandidates(ctx: WorkflowContext, path: string): string[] {
  const abs = resolve(ctx.cwd, path);
  const trimmed = abs.length > 1 ? abs.replace(/\/+$/, '') : abs;
  return [...new Set([trimmed, abs, path])];
}

async function byPath(ctx: WorkflowContext, path: string): Promise<Repository | null> {
  for (const p of pathCandidates(ctx, path)) {
    const repo = await ctx.store.metadata.getByPath(p, ctx.hostname);
    if (repo) return repo;
  }
  return null;
}

async function defaultRepo(ctx: WorkflowContext): Promise<Repository> {
  const repos = await ctx.store.metadata.list({ hostname: ctx.hostname });
  const [only] = repos;
  if (repos.length === 1 && only) return only;
  if (repos.length === 0) {
    throw new NotFoundError(
      `no repository is registered on this host (${ctx.hostname})`,
      `create one with 'borgboi repo create' or name one with -n NAME`,
    );
  }
  const names = repos.map((r) => r.name).join(', ');
  throw new UsageError(
    `this host has ${repos.length} repositories (${names}); say which one`,
    'pass -n NAME or -p PATH',
  );
}

/** Name | path (+ this hostname) | this host's only repo. */
export async function resolveRepo(ctx: WorkflowContext, ref: RepoRef): Promise<Repository> {
  if (ref.kind === 'default') return defaultRepo(ctx);
  if (ref.kind === 'name') {
    const repo = await ctx.store.metadata.getByName(ref.name);
    if (!repo) throw repoNotFound(ref.name);
    return repo;
  }
  const repo = await byPath(ctx, ref.path);
  if (!repo) {
    throw new NotFoundError(
      `no repository is registered at ${resolve(ctx.cwd, ref.path)} on ${ctx.hostname}`,
      `see 'borgboi repo list', or register it with 'borgboi repo import'`,
    );
  }
  return repo;
}

/** Resolves the passphrase of a known repo; a legacy DB value moved to a key file is saved. */
export async function unlockRepo(
  ctx: WorkflowContext,
  repo: Repository,
  call: Pick<RepoCall, 'passphrase' | 'observer' | 'signal'>,
): Promise<OpenedRepo> {
  const resolved = await ctx.store.passphrases.resolveExisting(repo, call.passphrase ?? {});
  let current = repo;
  const warnings = [...resolved.warnings];
  if (resolved.migratedRepo) {
    current = resolved.migratedRepo;
    await ctx.store.metadata.upsert(current);
    warnings.push(
      `moved the passphrase of '${repo.name}' from the metadata into ${current.passphrase_file_path ?? 'its key file'}`,
    );
  }
  for (const w of warnings) call.observer?.notice?.(w);
  const passphrase = resolved.passphrase;
  return {
    repo: current,
    passphrase,
    source: resolved.source,
    warnings,
    borg: (extra) => borgContext(ctx, passphrase, call, extra),
  };
}

/** resolveRepo + must be on this host + unlockRepo: the start of most workflows. */
export async function openRepo(ctx: WorkflowContext, call: RepoCall): Promise<OpenedRepo> {
  const repo = await resolveRepo(ctx, call.ref);
  requireLocal(ctx, repo);
  return unlockRepo(ctx, repo, call);
}
