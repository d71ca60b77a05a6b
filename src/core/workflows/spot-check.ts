import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ValidationError } from '../errors.js';
import type { ArchiveItem } from '../models/index.js';
import type { SpotCheckResult } from '../orchestrator-api.js';
import type { WorkflowContext } from './context.js';
import { archivesOf } from './archives.js';
import { isInside } from './backup-plan.js';
import { sha256OfFile, sha256OfStream, walkFiles } from './fs-util.js';
import type { OpenedRepo } from './resolve.js';
import { archivePath } from './restore.js';

/** mulberry32: a tiny seeded PRNG, so the same seed samples the same files. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a string: the default seed is the archive name, stable per archive. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Reservoir sample of k regular files from a streamed listing (memory O(k)). */
async function sampleItems(items: AsyncIterable<ArchiveItem>, k: number, rnd: () => number) {
  const sample: ArchiveItem[] = [];
  let seen = 0;
  for await (const item of items) {
    if (item.type !== '-') continue;
    if (seen < k) sample.push(item);
    else {
      const j = Math.floor(rnd() * (seen + 1));
      if (j < k) sample[j] = item;
    }
    seen += 1;
  }
  return { sample, archiveFiles: seen };
}

async function compareOne(
  ctx: WorkflowContext,
  opened: OpenedRepo,
  archive: string,
  item: ArchiveItem,
): Promise<string | null> {
  const source = `/${item.path}`;
  const st = await stat(source).catch(() => null);
  if (!st?.isFile()) return 'missing from the source';
  if (st.size !== item.size) return `size differs (archive ${item.size} B, source ${st.size} B)`;
  const stream = ctx.borg.extractFile(opened.repo.path, archive, item.path, opened.borg());
  const [inArchive, inSource] = await Promise.all([sha256OfStream(stream), sha256OfFile(source)]);
  return inArchive === inSource ? null : 'content differs';
}

export interface SpotOptions {
  sampleSize?: number | undefined;
  seed?: number | undefined;
}

/**
 * Samples files of the latest archive (deterministically) and compares each with the backup
 * target: present, same size, same SHA-256. Fails when more than `tolerance` of the sample differ.
 */
export async function spotCheck(
  ctx: WorkflowContext,
  opened: OpenedRepo,
  opts: SpotOptions,
): Promise<SpotCheckResult & { ok: boolean; report: string[] }> {
  const conf = ctx.config.checks.find((c) => c.kind === 'spot');
  const size = opts.sampleSize ?? conf?.sample_size ?? 50;
  const tolerance = conf?.tolerance ?? 0;
  const [latest] = await archivesOf(ctx, opened);
  if (!latest) {
    throw new ValidationError(
      [`repository '${opened.repo.name}' has no archive to spot-check`],
      `make one with 'borgboi backup daily -n ${opened.repo.name}'`,
    );
  }
  const seed = opts.seed ?? seedOf(latest.name);
  const target = resolve(ctx.cwd, opened.repo.backup_target);
  const listing = ctx.borg.listContents(
    opened.repo.path,
    latest.name,
    { paths: [archivePath(target)] },
    opened.borg(),
  );
  const { sample, archiveFiles } = await sampleItems(listing, size, seededRandom(seed));
  const mismatched: SpotCheckResult['mismatched'] = [];
  for (const item of sample) {
    const reason = await compareOne(ctx, opened, latest.name, item);
    if (reason) mismatched.push({ path: `/${item.path}`, reason });
  }
  const sourceFiles = await countSource(target, resolve(ctx.cwd, opened.repo.path));
  const ok = mismatched.length <= tolerance * sample.length;
  const report = [
    `latest archive ${latest.name}`,
    `files: ${archiveFiles} in the archive, ${sourceFiles} in ${target} now`,
    `sampled ${sample.length} (seed ${seed}), ${mismatched.length} differ (tolerance ${tolerance})`,
  ];
  return { sampled: sample.length, mismatched, tolerance, ok, report };
}

async function countSource(target: string, repoPath: string): Promise<number> {
  const st = await stat(target).catch(() => null);
  if (!st?.isDirectory()) return st?.isFile() ? 1 : 0;
  let n = 0;
  const skip = (abs: string) => isInside(abs, repoPath);
  for await (const _ of walkFiles(target, skip)) n += 1;
  return n;
}
