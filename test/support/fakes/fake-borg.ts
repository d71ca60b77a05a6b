import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type * as B from '../../../src/borg/types.js';
import type { BorgVersion } from '../../../src/borg/version.js';
import type {
  CreateResult,
  ResolvedBackupOptions,
  ResolvedRestoreOptions,
  RetentionPolicy,
} from '../../../src/core/models/index.js';
import { FakeBorgReads, under } from './fake-borg-reads.js';
import { hexId, naiveIso, pruneSplit, snapshot, type FakeArchive } from './fake-borg-model.js';

/**
 * An in-memory BorgClient over real directories (see FakeBorgBase for the bookkeeping): the
 * writing verbs; reads come from FakeBorgReads.
 */
export class FakeBorg extends FakeBorgReads implements B.BorgClient {
  async version(): Promise<BorgVersion> {
    return { raw: '1.2.4', major: 1, minor: 2, patch: 4 };
  }

  async init(path: string, opts: B.InitOptions, ctx: B.BorgCallContext): Promise<B.BorgRunInfo> {
    await this.record('init', path, ctx, { opts });
    if (!existsSync(dirname(path))) {
      const message = `The parent path of the repo directory [${path}] does not exist.`;
      throw this.error('init', path, 'unknown', message);
    }
    if (existsSync(path) && (await readdir(path)).length > 0) {
      throw this.error('init', path, 'repo-exists', `A repository already exists at ${path}.`);
    }
    if (opts.encryption !== 'none' && !ctx.passphrase) {
      throw this.error('init', path, 'passphrase-missing', 'can not acquire a passphrase');
    }
    const state = await this.seedRepo(path, {
      encryption: opts.encryption,
      passphrase: ctx.passphrase?.reveal() ?? null,
    });
    if (opts.storageQuota) state.config.set('storage_quota', opts.storageQuota);
    if (opts.additionalFreeSpace)
      state.config.set('additional_free_space', opts.additionalFreeSpace);
    return this.info('init');
  }

  async create(opts: ResolvedBackupOptions, ctx: B.BorgCallContext) {
    await this.record('create', opts.repoPath, ctx, { archive: opts.archiveName, opts });
    const state = this.open('create', opts.repoPath, ctx);
    if (state.archives.some((a) => a.name === opts.archiveName)) {
      throw this.error(
        'create',
        opts.repoPath,
        'archive-exists',
        `Archive ${opts.archiveName} already exists`,
      );
    }
    const excludes = opts.excludePatterns.filter((p) => p.startsWith('pp:')).map((p) => p.slice(3));
    const snap = await snapshot(opts.sources, excludes);
    const start = opts.timestamp
      ? `${opts.timestamp.slice(0, 19)}.000000`
      : naiveIso(this.clock.now());
    const archive: FakeArchive = { name: opts.archiveName, id: hexId(), start, ...snap };
    if (!opts.dryRun) state.archives.push(archive);
    const info = this.info('create');
    const warnings = [
      ...snap.missing.map((m) => ({
        message: `${m}: [Errno 2] No such file or directory: '${m}'`,
      })),
      ...info.warnings,
    ];
    const result: CreateResult = {
      archive: this.archiveInfoOf(archive),
      ...this.repoInfoOf(state, opts.repoPath),
    };
    return { rc: warnings.length > 0 ? (1 as const) : info.rc, warnings, durationMs: 0, result };
  }

  async prune(
    path: string,
    policy: RetentionPolicy,
    opts: { dryRun?: boolean | undefined },
    ctx: B.BorgCallContext,
  ) {
    await this.record('prune', path, ctx, { opts: { policy, ...opts } });
    const state = this.open('prune', path, ctx);
    const split = pruneSplit(state.archives, policy);
    if (!opts.dryRun) {
      const gone = new Set(split.pruned.map((p) => p.id));
      state.archives = state.archives.filter((a) => !gone.has(a.id));
    }
    return { ...this.info('prune'), dryRun: opts.dryRun ?? false, ...split };
  }

  async compact(path: string, ctx: B.BorgCallContext): Promise<B.BorgRunInfo> {
    await this.record('compact', path, ctx);
    this.open('compact', path, ctx);
    return this.info('compact');
  }

  async check(
    path: string,
    opts: { kind: B.CheckKind; repair?: boolean | undefined },
    ctx: B.BorgCallContext,
  ) {
    await this.record('check', path, ctx, { opts });
    const state = this.open('check', path, ctx);
    const bad = state.corrupt && !opts.repair;
    if (opts.repair) state.corrupt = false;
    const problems = bad
      ? ['Data integrity error: Segment entry checksum mismatch [segment 26, offset 8]']
      : [];
    const report = ['Starting repository check', bad ? 'errors found.' : 'no problems found.'];
    return {
      ...this.info('check'),
      rc: bad ? (1 as const) : this.info('check').rc,
      ok: !bad,
      problems,
      report,
    };
  }

  async extract(opts: ResolvedRestoreOptions, ctx: B.BorgCallContext): Promise<B.BorgRunInfo> {
    await this.record('extract', opts.repoPath, ctx, { archive: opts.archiveName, opts });
    const a = this.archive(
      'extract',
      this.open('extract', opts.repoPath, ctx),
      opts.repoPath,
      opts.archiveName,
    );
    if (!existsSync(opts.target))
      throw this.error('extract', opts.repoPath, 'unknown', `cwd ${opts.target} missing`);
    if (opts.dryRun) return this.info('extract');
    for (const item of a.items) {
      if (!under(item.path, opts.paths)) continue;
      const dest = join(opts.target, item.path);
      if (item.type === 'd') await mkdir(dest, { recursive: true });
      else if (item.type === '-') {
        await mkdir(dirname(dest), { recursive: true });
        await writeFile(dest, a.contents.get(item.path) ?? '');
      }
    }
    return this.info('extract');
  }

  async deleteArchive(
    path: string,
    archive: string,
    opts: { dryRun?: boolean | undefined },
    ctx: B.BorgCallContext,
  ) {
    await this.record('delete-archive', path, ctx, { archive, opts });
    const state = this.open('delete-archive', path, ctx);
    const a = this.archive('delete-archive', state, path, archive);
    if (!opts.dryRun) state.archives = state.archives.filter((x) => x !== a);
    return this.info('delete-archive');
  }

  async deleteRepo(path: string, opts: { dryRun?: boolean | undefined }, ctx: B.BorgCallContext) {
    await this.record('delete-repo', path, ctx, { opts });
    const state = this.open('delete-repo', path, ctx);
    if (!opts.dryRun) {
      await rm(path, { recursive: true, force: true });
      this.forget(state);
    }
    return this.info('delete-repo');
  }

  async recreate(path: string, archive: string, opts: B.RecreateOptions, ctx: B.BorgCallContext) {
    await this.record('recreate', path, ctx, { archive, opts });
    const a = this.archive('recreate', this.open('recreate', path, ctx), path, archive);
    if (!opts.dryRun) a.id = hexId();
    return this.info('recreate');
  }

  async setConfig(path: string, key: string, value: string, ctx: B.BorgCallContext): Promise<void> {
    await this.record('config-set', path, ctx, { opts: { key, value } });
    this.open('config-set', path, ctx).config.set(key, value);
  }

  async breakLock(path: string, ctx: B.BorgCallContext): Promise<void> {
    await this.record('break-lock', path, ctx);
  }

  async acquireLock(path: string, ctx: B.BorgCallContext): Promise<B.HeldLock> {
    await this.record('lock', path, ctx);
    const state = this.open('lock', path, ctx);
    state.locked = true;
    return { release: async () => void (state.locked = false) };
  }
}
