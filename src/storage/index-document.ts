import { createHash } from 'node:crypto';
import { z } from 'zod';
import { repositorySchema, type Repository } from '../core/models/index.js';
import { corruptIndexError, newerVersionError } from './store-errors.js';

/**
 * Format version of `data/repositories.json` written by this borgboi. Bump it (with an
 * IndexMigration) whenever the meaning of a stored record changes.
 */
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
const HEADER = /^\{"version":(\d+),"checksum":"([0-9a-f]{64})","repositories":\[\n/;
const FOOTER = ']}\n';

let fingerprint: string | undefined;

/**
 * Identifies the record schema's shape. A file whose checksum covers this fingerprint was
 * written from records zod had just validated against the same schema, so loading it can skip
 * re-validating 10,000 records (the store-scale bar); any edit or schema change falls back to
 * full validation.
 */
function schemaFingerprint(): string {
  fingerprint ??= sha256(
    JSON.stringify(z.toJSONSchema(repositorySchema, { unrepresentable: 'any', io: 'output' })),
  );
  return fingerprint;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** Over the record lines as UTF-8 bytes (hashing the file's bytes avoids re-encoding 9 MB). */
const checksumOf = (version: number, body: string | Uint8Array) =>
  createHash('sha256').update(`${version}\n${schemaFingerprint()}\n`).update(body).digest('hex');

export interface ParsedIndex {
  repositories: Repository[];
  /** The version found on disk when it was older than INDEX_VERSION (upgraded in memory). */
  upgradedFrom: number | null;
  /** How the records were checked: our own checksum, or the zod schema (edited/old files). */
  validatedBy: 'checksum' | 'schema';
}

export interface ParseContext {
  file: string;
  /** The `.bak` path when one exists (named in the error). */
  backup: string | null;
  version?: number;
  migrations?: readonly IndexMigration[];
}

/** Parses and validates an index file; every problem is a `store-corrupt` error. */
export function parseIndex(data: string | Buffer, ctx: ParseContext): ParsedIndex {
  const version = ctx.version ?? INDEX_VERSION;
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  const text = typeof data === 'string' ? data : data.toString('utf8');
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
  const upgradedFrom = found < version ? found : null;
  if (upgradedFrom === null && hasValidChecksum(bytes, version)) {
    const repositories = env.data.repositories as Repository[];
    return { repositories, upgradedFrom, validatedBy: 'checksum' };
  }
  const doc = upgrade(env.data, found, version, ctx.migrations ?? INDEX_MIGRATIONS, ctx);
  const repos = repositoriesSchema.safeParse(doc.repositories);
  if (!repos.success) {
    const issue = repos.error.issues[0];
    const where = issue ? `repositories.${issue.path.join('.')}: ${issue.message}` : 'invalid';
    throw corruptIndexError(ctx.file, where, ctx.backup, repos.error);
  }
  return { repositories: repos.data, upgradedFrom, validatedBy: 'schema' };
}

function hasValidChecksum(bytes: Buffer, version: number): boolean {
  const head = HEADER.exec(bytes.subarray(0, 120).toString('latin1'));
  const end = bytes.length - FOOTER.length;
  if (!head || Number(head[1]) !== version || bytes.subarray(end).toString() !== FOOTER) {
    return false;
  }
  return checksumOf(version, bytes.subarray(head[0].length, end)) === head[2];
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
 * One record per line (compact for 10,000 repos, still readable and diffable) behind a header
 * with the checksum of the record lines. Records are schema-valid (validated on upsert).
 */
export function serializeIndex(repos: readonly Repository[], version = INDEX_VERSION): string {
  const body = repos.length === 0 ? '' : `${repos.map((r) => JSON.stringify(r)).join(',\n')}\n`;
  const header = `{"version":${version},"checksum":"${checksumOf(version, body)}","repositories":[\n`;
  return `${header}${body}${FOOTER}`;
}
