import { z } from 'zod';
import { repositorySchema, type Repository } from '../core/models/index.js';
import { corruptIndexError, newerVersionError } from './store-errors.js';

/** Format version of `data/repositories.json` written by this borgboi. */
export const INDEX_VERSION = 1;

/** Upgrades a parsed document of version `from` to `from + 1` (pure; no I/O). */
export interface IndexMigration {
  from: number;
  up(doc: Record<string, unknown>): Record<string, unknown>;
}

/** Every format change gets an entry here; a document is upgraded step by step on load. */
export const INDEX_MIGRATIONS: readonly IndexMigration[] = [];

const envelopeSchema = z.looseObject({ version: z.number().int().positive() });
const repositoriesSchema = z.array(repositorySchema);

export interface ParsedIndex {
  repositories: Repository[];
  /** The version found on disk when it was older than INDEX_VERSION (upgraded in memory). */
  upgradedFrom: number | null;
}

export interface ParseContext {
  file: string;
  /** The `.bak` path when one exists (named in the error). */
  backup: string | null;
  version?: number;
  migrations?: readonly IndexMigration[];
}

/** Parses and validates an index file's text; every problem is a `store-corrupt` error. */
export function parseIndex(text: string, ctx: ParseContext): ParsedIndex {
  const version = ctx.version ?? INDEX_VERSION;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw corruptIndexError(ctx.file, `not valid JSON (${(e as Error).message})`, ctx.backup, e);
  }
  const env = envelopeSchema.safeParse(raw);
  if (!env.success) {
    throw corruptIndexError(ctx.file, 'no numeric "version" field', ctx.backup);
  }
  const found = env.data.version;
  if (found > version) throw newerVersionError(ctx.file, found, version);
  const doc = upgrade(env.data, found, version, ctx.migrations ?? INDEX_MIGRATIONS, ctx);
  const repos = repositoriesSchema.safeParse(doc.repositories);
  if (!repos.success) {
    const issue = repos.error.issues[0];
    const where = issue ? `repositories.${issue.path.join('.')}: ${issue.message}` : 'invalid';
    throw corruptIndexError(ctx.file, where, ctx.backup, repos.error);
  }
  return { repositories: repos.data, upgradedFrom: found < version ? found : null };
}

function upgrade(
  doc: Record<string, unknown>,
  from: number,
  to: number,
  migrations: readonly IndexMigration[],
  ctx: ParseContext,
): Record<string, unknown> {
  let current = doc;
  for (let v = from; v < to; v++) {
    const step = migrations.find((m) => m.from === v);
    if (!step) throw corruptIndexError(ctx.file, `no upgrade from version ${v}`, ctx.backup);
    current = step.up(current);
  }
  return current;
}

/**
 * One record per line: compact enough for 10,000 repos, still readable and diffable.
 * Records are already schema-valid (validated on upsert).
 */
export function serializeIndex(repos: readonly Repository[], version = INDEX_VERSION): string {
  if (repos.length === 0) return `{"version":${version},"repositories":[]}\n`;
  const lines = repos.map((r) => JSON.stringify(r));
  return `{"version":${version},"repositories":[\n${lines.join(',\n')}\n]}\n`;
}
