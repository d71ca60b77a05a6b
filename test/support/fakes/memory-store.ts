import type { BorgboiPaths } from '../../../src/config/paths.js';
import type { Config } from '../../../src/config/schema.js';
import type { RunRecord } from '../../../src/core/models/index.js';
import type { Validator } from '../../../src/core/validator.js';
import type * as S from '../../../src/storage/types.js';
import { MemoryExclusions } from './memory-exclusions.js';
import { MemoryMetadataStore } from './memory-metadata.js';
import { MemoryPassphrases } from './memory-passphrases.js';

class MemoryS3Stats implements S.S3StatsCache {
  readonly map = new Map<string, S.S3StatsEntry>();
  async get(name: string) {
    return this.map.get(name) ?? null;
  }
  async all() {
    return Object.fromEntries([...this.map].sort(([a], [b]) => a.localeCompare(b)));
  }
  async set(name: string, entry: S.S3StatsEntry) {
    this.map.set(name, { ...entry });
  }
  async remove(name: string) {
    this.map.delete(name);
  }
  async rename(oldName: string, newName: string) {
    const e = this.map.get(oldName);
    if (!e) return;
    this.map.delete(oldName);
    this.map.set(newName, e);
  }
}

/** The run log as an array, oldest first; reads are newest first like data/runs.jsonl. */
class MemoryRunLog implements S.RunLog {
  readonly records: RunRecord[] = [];
  failAppend: Error | null = null;

  async append(record: RunRecord) {
    if (this.failAppend) throw this.failAppend;
    this.records.push(structuredClone(record));
  }
  async read(filter: { repo?: string; command?: string; limit?: number } = {}) {
    return [...this.records]
      .reverse()
      .filter((r) => filter.repo === undefined || r.repo === filter.repo)
      .filter((r) => filter.command === undefined || r.command === filter.command)
      .slice(0, filter.limit);
  }
  async last(repo: string, command?: string) {
    const rows = await this.read({ repo, command });
    return (command ? rows.find((r) => r.result !== 'running') : rows[0]) ?? null;
  }
}

export interface MemoryStore extends S.LocalStore {
  metadata: MemoryMetadataStore;
  passphrases: MemoryPassphrases;
  exclusions: MemoryExclusions;
  s3Stats: MemoryS3Stats;
  runLog: MemoryRunLog;
  migrateCalls: Array<{ dryRun: boolean }>;
  /** All state as one string: equal before and after = nothing changed. */
  dump(): string;
}

export interface MemoryStoreOptions {
  paths: BorgboiPaths;
  config: Config;
  validator: Validator;
  env?: Readonly<Record<string, string | undefined>>;
}

/** An in-memory LocalStore with the real store's rules (uniqueness, validation, precedence). */
export function createMemoryStore(opts: MemoryStoreOptions): MemoryStore {
  const metadata = new MemoryMetadataStore();
  const passphrases = new MemoryPassphrases(opts.paths.passphrasesDir, opts.env ?? {}, opts.config);
  const exclusions = new MemoryExclusions(opts.paths, opts.validator);
  const s3Stats = new MemoryS3Stats();
  const runLog = new MemoryRunLog();
  const migrateCalls: Array<{ dryRun: boolean }> = [];
  return {
    metadata,
    passphrases,
    exclusions,
    s3Stats,
    runLog,
    migrateCalls,
    async migrate(o) {
      migrateCalls.push(o);
      return { dryRun: o.dryRun, baseDir: opts.paths.baseDir, rows: [], warnings: [] };
    },
    dump: () =>
      JSON.stringify({
        metadata: metadata.dump(),
        keys: [...passphrases.keys],
        exclusions: [...exclusions.files],
        s3: [...s3Stats.map],
        runs: runLog.records,
      }),
  };
}
