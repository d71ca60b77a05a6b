import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type * as A from '../../../src/aws/types.js';
import { BorgboiError } from '../../../src/core/errors.js';
import { walkFiles } from '../../../src/core/workflows/fs-util.js';
import { MemoryMetadataStore } from './memory-metadata.js';

type S3Op = 'sync' | 'restore' | 'prefixStats' | 'bucketStats' | 'deletePrefix' | 'movePrefix';
const MODIFIED = '2026-01-02T03:04:05.000Z';
const under = (key: string, prefix: string) => key.startsWith(`${prefix}/`);

/** An S3 bucket as a map of key → bytes; mirrors real directories both ways. */
export class FakeS3 implements A.S3Mirror {
  readonly bucket = 'bb-test';
  readonly objects = new Map<string, Buffer>();
  readonly calls: Array<{ op: S3Op; prefix: string; local?: string }> = [];
  private readonly failures = new Map<S3Op, Error>();
  /** Runs at the start of sync (e.g. to see whether borg's lock is held). */
  onSync: ((localDir: string) => void) | null = null;

  failOn(op: S3Op, err: Error = new BorgboiError('aws', `fake S3 ${op} failed`)): void {
    this.failures.set(op, err);
  }

  private enter(op: S3Op, prefix: string, local?: string): void {
    this.calls.push({ op, prefix, ...(local === undefined ? {} : { local }) });
    const err = this.failures.get(op);
    if (err) throw err;
  }

  async sync(
    localDir: string,
    prefix: string,
    opts: A.TransferOptions & { delete?: boolean | undefined },
  ) {
    this.enter('sync', prefix, localDir);
    this.onSync?.(localDir);
    const uploaded: A.SyncPlanEntry[] = [];
    const seen = new Set<string>();
    let unchanged = 0;
    for await (const f of walkFiles(localDir)) {
      const key = `${prefix}/${f.rel}`;
      seen.add(key);
      const body = await readFile(f.abs);
      const old = this.objects.get(key);
      if (old?.equals(body)) unchanged += 1;
      else {
        uploaded.push({ key, size: body.length, reason: old ? 'changed' : 'new' });
        if (!opts.dryRun) this.objects.set(key, body);
      }
    }
    const deleted = opts.delete
      ? [...this.objects.keys()].filter((k) => under(k, prefix) && !seen.has(k))
      : [];
    if (!opts.dryRun) for (const k of deleted) this.objects.delete(k);
    const bytesUploaded = uploaded.reduce((n, u) => n + u.size, 0);
    opts.onProgress?.({
      phase: 'upload',
      filesDone: uploaded.length,
      filesTotal: uploaded.length,
      bytesDone: bytesUploaded,
      bytesTotal: bytesUploaded,
      key: null,
    });
    const remote = await this.prefixStats(prefix);
    return {
      bucket: this.bucket,
      prefix,
      dryRun: opts.dryRun ?? false,
      uploaded,
      deleted,
      unchanged,
      bytesUploaded,
      durationMs: 0,
      remote,
    };
  }

  async restore(
    prefix: string,
    targetDir: string,
    opts: A.TransferOptions,
  ): Promise<A.RestoreResult> {
    this.enter('restore', prefix, targetDir);
    let files = 0;
    let bytes = 0;
    let skipped = 0;
    for (const [key, body] of this.objects) {
      if (!under(key, prefix)) continue;
      const dest = join(targetDir, key.slice(prefix.length + 1));
      if (existsSync(dest) && statSync(dest).size === body.length) {
        skipped += 1;
        continue;
      }
      files += 1;
      bytes += body.length;
      if (opts.dryRun) continue;
      await mkdir(dirname(dest), { recursive: true });
      await writeFile(dest, body);
    }
    return {
      bucket: this.bucket,
      prefix,
      target: targetDir,
      dryRun: opts.dryRun ?? false,
      files,
      bytes,
      skipped,
      durationMs: 0,
    };
  }

  async prefixStats(prefix: string): Promise<A.PrefixStats> {
    this.enter('prefixStats', prefix);
    const sizes = [...this.objects].filter(([k]) => under(k, prefix)).map(([, b]) => b.length);
    return {
      total_size_bytes: sizes.reduce((a, b) => a + b, 0),
      object_count: sizes.length,
      last_modified: sizes.length ? MODIFIED : null,
    };
  }

  async bucketStats(): Promise<A.BucketStats> {
    this.enter('bucketStats', '');
    const byPrefix: Record<string, A.PrefixStats> = {};
    for (const [key, body] of this.objects) {
      const p = key.split('/')[0] ?? '';
      const s = (byPrefix[p] ??= { total_size_bytes: 0, object_count: 0, last_modified: MODIFIED });
      s.total_size_bytes += body.length;
      s.object_count += 1;
    }
    const total = Object.values(byPrefix).reduce(
      (t, s) => ({
        ...t,
        total_size_bytes: t.total_size_bytes + s.total_size_bytes,
        object_count: t.object_count + s.object_count,
      }),
      {
        total_size_bytes: 0,
        object_count: 0,
        last_modified: this.objects.size ? MODIFIED : null,
      } as A.PrefixStats,
    );
    const byStorageClass = {
      INTELLIGENT_TIERING: { bytes: total.total_size_bytes, objects: total.object_count },
    };
    return { bucket: this.bucket, byStorageClass, byPrefix, total };
  }

  async deletePrefix(prefix: string, opts: A.TransferOptions) {
    this.enter('deletePrefix', prefix);
    const keys = [...this.objects.keys()].filter((k) => under(k, prefix));
    if (!opts.dryRun) for (const k of keys) this.objects.delete(k);
    return { deleted: keys.length, keys };
  }

  async movePrefix(oldPrefix: string, newPrefix: string) {
    this.enter('movePrefix', oldPrefix);
    const keys = [...this.objects.keys()].filter((k) => under(k, oldPrefix));
    for (const k of keys) {
      this.objects.set(
        `${newPrefix}${k.slice(oldPrefix.length)}`,
        this.objects.get(k) ?? Buffer.alloc(0),
      );
      this.objects.delete(k);
    }
    return { moved: keys.length };
  }
}

/** The bb-repos table: a MetadataStore over every host, plus the scan `--all-hosts` uses. */
export class FakeTable extends MemoryMetadataStore {
  skipped: string[] = [];
  async scanAll() {
    return { repos: await this.list(), skipped: [...this.skipped] };
  }
}

export function createFakeRemote(): { remote: A.Remote; s3: FakeS3; table: FakeTable } {
  const s3 = new FakeS3();
  const table = new FakeTable();
  const migrateLegacyTable = async (opts: { from?: string | undefined; dryRun: boolean }) => ({
    from: opts.from ?? 'borgboi-repos',
    to: 'bb-repos',
    dryRun: opts.dryRun,
    rows: [],
  });
  return { remote: { s3, table, migrateLegacyTable }, s3, table };
}
