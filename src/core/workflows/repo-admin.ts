import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { ValidationError } from '../errors.js';
import { retentionPolicySchema, type Repository } from '../models/index.js';
import type {
  ExportKeyInput,
  ExportKeyResult,
  ListReposResult,
  RepoCall,
  RepoInfoResult,
  SetQuotaResult,
  SetRetentionInput,
} from '../orchestrator-api.js';
import type { WorkflowContext } from './context.js';
import { effectiveRetention } from './backup-plan.js';
import { writeFileAtomic } from '../../storage/atomic-file.js';
import { requireRemote } from './guards.js';
import { mergeMetadata, updateRepo, writeThrough } from './records.js';
import { openRepo, resolveRepo } from './resolve.js';

export async function listRepos(
  ctx: WorkflowContext,
  input: { allHosts?: boolean | undefined },
): Promise<ListReposResult> {
  if (!input.allHosts) {
    return { repos: await ctx.store.metadata.list(), source: 'local', skipped: [] };
  }
  const remote = await requireRemote(ctx, "'repo list --all-hosts'");
  const { repos, skipped } = await remote.table.scanAll();
  return { repos, source: 'table', skipped };
}

/** Live `borg info` (+ archive count); the fresh stats are stored on the record too. */
export async function repoInfo(ctx: WorkflowContext, input: RepoCall): Promise<RepoInfoResult> {
  const opened = await openRepo(ctx, input);
  const { path, name } = opened.repo;
  const info = await ctx.borg.repoInfo(path, opened.borg());
  const list = await ctx.borg.listArchives(path, opened.borg());
  const repo = await updateRepo(ctx, name, (cur) => ({
    metadata: mergeMetadata(cur.metadata, info.result),
  }));
  return {
    repo,
    info: info.result,
    archiveCount: list.result.archives.length,
    s3: await ctx.store.s3Stats.get(name),
    retention: effectiveRetention(repo, ctx.config),
  };
}

/** `repo export-key`: default file is Python's `<base>/{name}-encrypted-key-backup.txt` (0600). */
export async function exportKey(
  ctx: WorkflowContext,
  input: ExportKeyInput,
): Promise<ExportKeyResult> {
  const format = input.qrHtml ? 'qr-html' : input.paper ? 'paper' : 'key';
  const opened = await openRepo(ctx, input);
  const { name, path } = opened.repo;
  if (opened.repo.metadata?.encryption.mode === 'none') {
    throw new ValidationError([
      `repository '${name}' is not encrypted, so it has no key to export`,
    ]);
  }
  const file = input.output
    ? resolve(ctx.cwd, input.output)
    : join(ctx.paths.baseDir, `${name}-encrypted-key-backup.txt`);
  if (input.output !== '-') {
    if (!isAbsolute(file)) throw new ValidationError([`cannot write the key to ${file}`]);
    // The default file is ours to replace; a file the user named may be anything of theirs.
    if (input.output && existsSync(file)) {
      throw new ValidationError(
        [`${file} already exists`],
        'choose another file with -o, or remove it first',
      );
    }
  }
  const res = await ctx.borg.exportKey(path, { format }, opened.borg());
  if (input.output === '-') return { repo: name, file: null, text: res.text, format };
  await writeFileAtomic(file, res.text, { mode: 0o600, dirMode: 0o700 });
  return { repo: name, file, text: null, format };
}

export async function setRetention(
  ctx: WorkflowContext,
  input: SetRetentionInput,
): Promise<Repository> {
  const policy = input.policy
    ? retentionPolicySchema.parse(ctx.validator.retention(input.policy))
    : null;
  const repo = await resolveRepo(ctx, input.ref);
  const saved = await updateRepo(ctx, repo.name, () => ({ retention: policy }));
  await writeThrough(ctx, { upsert: saved });
  return saved;
}

const UNITS: Record<string, number> = { '': 1, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15 };

/** borg's quota units are decimal (100G = 100000000000, borg-1.2.md §4). */
export function quotaBytes(quota: string): number {
  const m = /^(\d+(?:\.\d+)?)([KMGTP]?)$/i.exec(quota);
  if (!m) return Number.NaN;
  return Number(m[1]) * (UNITS[(m[2] ?? '').toUpperCase()] ?? Number.NaN);
}

/** `repo set-quota Q`: refused below what the repo already uses (borg would stop writing). */
export async function setQuota(
  ctx: WorkflowContext,
  input: RepoCall & { quota: string },
): Promise<SetQuotaResult> {
  const quota = ctx.validator.quota(input.quota);
  const opened = await openRepo(ctx, input);
  const used = opened.repo.metadata?.cache.stats.unique_csize ?? 0;
  if (quotaBytes(quota) < used) {
    throw new ValidationError(
      [`quota ${quota} is below the ${used} bytes '${opened.repo.name}' already uses`],
      'choose a larger quota, or prune and compact first',
    );
  }
  const { path } = opened.repo;
  const before = (await ctx.borg.getConfig(path, 'storage_quota', opened.borg())).trim();
  await ctx.borg.setConfig(path, 'storage_quota', quota, opened.borg());
  const previous = before === '' || before === '0' ? null : before;
  return { repo: opened.repo.name, quota, previous };
}
