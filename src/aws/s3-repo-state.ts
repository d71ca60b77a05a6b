import { GetObjectCommand } from '@aws-sdk/client-s3';
import { BorgboiError } from '../core/errors.js';
import { awsCall } from './errors.js';
import { decodeMsgpack } from './msgpack-read.js';
import type { DownloadEntry } from './s3-download.js';
import { s3Ctx, type S3Target } from './s3-listing.js';

/**
 * Which objects of a mirrored prefix make up the newest committed repository state.
 *
 * The mirror never deletes (spec §9), so after borg compacts, S3 keeps the old index files and
 * segments borg has since removed. Restoring those brings back objects whose DELETE tags were
 * compacted away: `borg check` of such a copy reports "committed index: <not found>" and fails
 * (the quirk borgboi-python.md §12.4 says to fix). borg's own `hints.N` lists every segment of
 * transaction N (`segments`: segment → live entries, DELETE-only segments included), and
 * segment N holds its commit; nothing else belongs to that state.
 */

const STATE_FILE = /^(index|hints|integrity)\.(\d+)$/;
const SEGMENT = /^data\/\d+\/(\d+)$/;

/** The highest N whose index.N, hints.N and integrity.N are all present, or null. */
export function newestCompleteState(rels: readonly string[]): number | null {
  const parts = new Map<number, Set<string>>();
  for (const rel of rels) {
    const m = STATE_FILE.exec(rel);
    if (!m) continue;
    const n = Number(m[2]);
    const set = parts.get(n) ?? new Set<string>();
    set.add(m[1]!);
    parts.set(n, set);
  }
  const complete = [...parts].filter(([, s]) => s.size === 3).map(([n]) => n);
  return complete.length === 0 ? null : Math.max(...complete);
}

/** Segment numbers of `hints.N` (msgpack `{segments: {n: count}, …}`), or null if unreadable. */
export function hintsSegments(bytes: Uint8Array): Set<number> | null {
  let doc: unknown;
  try {
    doc = decodeMsgpack(bytes);
  } catch {
    return null;
  }
  const segments = (doc as { segments?: unknown } | null)?.segments;
  if (segments === null || typeof segments !== 'object' || Array.isArray(segments)) return null;
  const nums = Object.keys(segments).map(Number);
  return nums.every(Number.isInteger) ? new Set(nums) : null;
}

/** Keeps the files of state n; segments listed by hints (and the commit segment n) only. */
export function filterToState(
  entries: readonly DownloadEntry[],
  n: number,
  segments: ReadonlySet<number>,
): DownloadEntry[] {
  return entries.filter((e) => {
    const state = STATE_FILE.exec(e.rel);
    if (state) return Number(state[2]) === n;
    const seg = SEGMENT.exec(e.rel);
    if (seg) return Number(seg[1]) === n || segments.has(Number(seg[1]));
    return true;
  });
}

async function readObject(t: S3Target, key: string, signal?: AbortSignal): Promise<Uint8Array> {
  const out = await awsCall(s3Ctx(t, `download s3://${t.bucket}/${key}`), signal, () =>
    t.client.send(new GetObjectCommand({ Bucket: t.bucket, Key: key }), { abortSignal: signal }),
  );
  return out.Body!.transformToByteArray();
}

/**
 * The entries to restore: the newest complete state only. A prefix without a readable state
 * (not a borg repo, or hints we cannot parse) is restored whole, as before. A segment the
 * state needs but S3 lacks means the copy is incomplete: refused before anything is written.
 */
export async function committedEntries(
  t: S3Target,
  root: string,
  entries: readonly DownloadEntry[],
  signal?: AbortSignal,
): Promise<DownloadEntry[]> {
  const n = newestCompleteState(entries.map((e) => e.rel));
  if (n === null) return [...entries];
  const segments = hintsSegments(await readObject(t, `${root}hints.${n}`, signal));
  if (segments === null) return [...entries];
  const kept = filterToState(entries, n, segments);
  const have = new Set(kept.flatMap((e) => SEGMENT.exec(e.rel)?.[1] ?? []).map(Number));
  const missing = [...segments].filter((s) => !have.has(s)).sort((a, b) => a - b);
  if (missing.length > 0) {
    throw new BorgboiError(
      'aws',
      `the S3 copy s3://${t.bucket}/${root} is incomplete: transaction ${n} needs segment(s) ${missing.slice(0, 5).join(', ')} that S3 does not hold`,
      { hint: "run 'borgboi s3 sync' from the host that holds the repository, then restore again" },
    );
  }
  return kept;
}
