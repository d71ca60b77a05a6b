import type { S3Client } from '@aws-sdk/client-s3';
import { bucketStats, movePrefix, prefixStats } from './s3-admin.js';
import { deletePrefix } from './s3-delete.js';
import type { S3Target } from './s3-listing.js';
import { restorePrefix, type RestoreOptions } from './s3-restore.js';
import { syncDir } from './s3-sync.js';
import { Semaphore } from './task-pool.js';
import type { S3Mirror, TransferOptions } from './types.js';

export interface S3MirrorOptions {
  client: S3Client | (() => S3Client);
  bucket: string;
  storageClass: string;
  concurrency: number;
  partSizeMb: number;
  /** Attempts per request (the SDK clients get the same number). */
  maxAttempts?: number | undefined;
  region?: string | undefined;
  endpoint?: string | undefined;
}

const MiB = 1024 * 1024;
/** Multipart part buffers held at once across all uploads (RSS bar: 200 MiB). */
const PART_BUFFER_BUDGET = 96 * MiB;

/**
 * lib-storage holds up to queueSize parts in flight plus the one it is assembling, per upload;
 * both numbers are chosen so that all multipart uploads together stay within the budget.
 */
export function multipartLimits(partSize: number): { queueSize: number; slots: number } {
  const queueSize = Math.max(1, Math.min(4, Math.floor(PART_BUFFER_BUDGET / partSize / 2) - 1));
  const slots = Math.max(1, Math.floor(PART_BUFFER_BUDGET / ((queueSize + 1) * partSize)));
  return { queueSize, slots };
}

/** The borg-aware S3 mirror (see s3-sync.ts / s3-restore.ts for the rules). */
export class SdkS3Mirror implements S3Mirror {
  readonly bucket: string;
  readonly #o: S3MirrorOptions;
  readonly #slots: Semaphore;
  readonly #queueSize: number;
  #target: S3Target | undefined;

  constructor(o: S3MirrorOptions) {
    this.bucket = o.bucket;
    this.#o = o;
    const { queueSize, slots } = multipartLimits(o.partSizeMb * MiB);
    this.#queueSize = queueSize;
    this.#slots = new Semaphore(slots);
  }

  /** The client is created on first use only. */
  get #t(): S3Target {
    const c = this.#o.client;
    this.#target ??= {
      client: typeof c === 'function' ? c() : c,
      bucket: this.bucket,
      region: this.#o.region,
      endpoint: this.#o.endpoint,
    };
    return this.#target;
  }

  sync(localDir: string, prefix: string, opts: TransferOptions & { delete?: boolean }) {
    const upload = {
      storageClass: this.#o.storageClass,
      partSize: this.#o.partSizeMb * MiB,
      queueSize: this.#queueSize,
      multipartSlots: this.#slots,
      maxAttempts: this.#o.maxAttempts ?? 3,
    };
    return syncDir(
      { target: this.#t, upload, concurrency: this.#o.concurrency },
      localDir,
      prefix,
      {
        ...opts,
      },
    );
  }

  restore(prefix: string, targetDir: string, opts: RestoreOptions) {
    return restorePrefix(this.#t, this.#o.concurrency, prefix, targetDir, opts);
  }

  prefixStats(prefix: string, opts?: TransferOptions) {
    return prefixStats(this.#t, prefix, opts);
  }

  bucketStats(opts?: TransferOptions) {
    return bucketStats(this.#t, opts);
  }

  deletePrefix(prefix: string, opts: TransferOptions) {
    return deletePrefix(this.#t, prefix, this.#o.concurrency, opts);
  }

  movePrefix(oldPrefix: string, newPrefix: string, opts: TransferOptions) {
    const { storageClass, concurrency } = this.#o;
    return movePrefix(this.#t, storageClass, concurrency, oldPrefix, newPrefix, opts);
  }
}
