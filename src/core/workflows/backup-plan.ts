import { isAbsolute, relative, resolve } from 'node:path';
import type { Config } from '../../config/schema.js';
import { ValidationError } from '../errors.js';
import {
  backupOptionsSchema,
  DEFAULT_RETENTION,
  retentionPolicySchema,
  type Repository,
  type ResolvedBackupOptions,
  type RetentionPolicy,
} from '../models/index.js';
import type { WorkflowContext } from './context.js';

export type RetentionSource = 'repo' | 'config' | 'default';

/** Prune policy: the repo's own retention > config borg.retention > 7/4/6/0. */
export function effectiveRetention(
  repo: Repository,
  config: Config,
): { policy: RetentionPolicy; source: RetentionSource } {
  if (repo.retention) return { policy: repo.retention, source: 'repo' };
  const fromConfig = retentionPolicySchema.safeParse(config.borg.retention);
  if (!fromConfig.success) return { policy: DEFAULT_RETENTION, source: 'default' };
  const same = (Object.keys(DEFAULT_RETENTION) as (keyof RetentionPolicy)[]).every(
    (k) => fromConfig.data[k] === DEFAULT_RETENTION[k],
  );
  return { policy: fromConfig.data, source: same ? 'default' : 'config' };
}

/** Python's archive name: UTC `YYYY-MM-DD_HH:MM:SS`. */
export function archiveNameFor(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', '_');
}

/**
 * The moment an archive is named after: borg's `--timestamp` (UTC, yyyy-mm-ddThh:mm:ss) when
 * given, so dated archives made in one second get distinct names; else now.
 */
export function archiveMoment(now: Date, timestamp: string | undefined): Date {
  if (!timestamp) return now;
  const zoned = /(Z|[+-]\d\d:?\d\d)$/.test(timestamp) ? timestamp : `${timestamp}Z`;
  const t = Date.parse(zoned);
  return Number.isNaN(t) ? now : new Date(t);
}

/** True when dir lies inside (or is) parent. */
export function isInside(dir: string, parent: string): boolean {
  const rel = relative(parent, dir);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

export interface CreatePlanInput {
  repo: Repository;
  archiveName: string;
  excludeFrom: string;
  listFiles?: boolean | undefined;
  timestamp?: string | undefined;
  dryRun?: boolean | undefined;
}

/** The `borg create` of a backup: config compression, caches/nodump, exclusions, checkpoints. */
export function createOptions(ctx: WorkflowContext, input: CreatePlanInput): ResolvedBackupOptions {
  const { repo } = input;
  const target = resolve(ctx.cwd, repo.backup_target);
  const repoPath = resolve(ctx.cwd, repo.path);
  const interval = ctx.config.borg.checkpoint_interval;
  return backupOptionsSchema.parse({
    repoPath,
    archiveName: input.archiveName,
    sources: [target],
    compression: ctx.config.borg.compression,
    excludeFrom: input.excludeFrom,
    excludeCaches: true,
    excludeNodump: true,
    excludePatterns: isInside(repoPath, target) ? [`pp:${repoPath}`] : [],
    checkpointInterval: interval > 0 ? interval : undefined,
    timestamp: input.timestamp,
    listFiles: input.listFiles ?? false,
    dryRun: input.dryRun ?? false,
  });
}

/**
 * Pre-flight of every `borg create`: the config's compression is one borg accepts and the
 * repo's exclusions file exists and holds only valid patterns (a hand-edited bad regex makes
 * borg die in argparse with rc 1 and no JSON). Returns the `--exclude-from` file.
 */
export async function preflightCreate(ctx: WorkflowContext, name: string): Promise<string> {
  try {
    ctx.validator.compression(ctx.config.borg.compression);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    throw new ValidationError(
      [`config borg.compression: ${e.message}`],
      "fix borg.compression in the config (or BORGBOI_BORG__COMPRESSION); 'borgboi config validate' checks it",
    );
  }
  return requireExclusions(ctx, name);
}

/** The `--exclude-from` file of a repo; a backup without one is refused (spec §8). */
export async function requireExclusions(ctx: WorkflowContext, name: string): Promise<string> {
  const file = await ctx.store.exclusions.effectiveFile(name);
  if (!file) {
    throw new ValidationError(
      [`repository '${name}' has no exclusions file (${ctx.store.exclusions.repoFile(name)})`],
      `add a pattern with 'borgboi exclusions add -n ${name} PATTERN' or copy a file with 'borgboi exclusions create -n ${name} --from FILE'`,
    );
  }
  const { lines } = await ctx.store.exclusions.show(name);
  try {
    ctx.validator.exclusionFile(lines);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    throw new ValidationError(
      [`the exclusions file ${file} of '${name}' has invalid patterns: ${e.issues.join('; ')}`],
      `fix them with 'borgboi exclusions edit -n ${name}', or drop a line with 'borgboi exclusions remove -n ${name} LINE'`,
    );
  }
  return file;
}
