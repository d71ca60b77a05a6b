import { stat } from 'node:fs/promises';
import type { z } from 'zod';
import { systemClock } from '../core/clock.js';
import { BorgboiError, UsageError } from '../core/errors.js';
import {
  archiveInfoResultSchema,
  archiveItemSchema,
  archiveListSchema,
  createResultSchema,
  diffEntrySchema,
  repoInfoSchema,
  type ResolvedBackupOptions,
  type ResolvedRestoreOptions,
  type RetentionPolicy,
} from '../core/models/index.js';
import type { CheckArgsOptions, PruneArgsOptions } from './args/maintenance.js';
import type { DeleteArgsOptions } from './args/repo.js';
import { BorgCaller, type CallSpec } from './call.js';
import { heldLockAcquirer } from './held-lock.js';
import { initRepo } from './init.js';
import { parseJsonLines, parseJsonOutput, splitLines } from './json.js';
import { procPidAlive } from './locks.js';
import { checkFindings, parsePruneList } from './results.js';
import { verbSpecs as specs } from './specs.js';
import type {
  BorgCallContext as Ctx,
  BorgClient,
  BorgClientOptions,
  BorgRunInfo,
  DiffOptions,
  HeldLock,
  InitOptions,
  KeyExportOptions,
  ListContentsOptions,
  RecreateOptions,
} from './types.js';
import type { BorgVersion } from './version.js';

const DEFAULT_GRACE_MS = 15_000;

/** The production BorgClient: every borg command through one runner (see docs/decisions.md). */
export function createBorgClient(opts: BorgClientOptions): BorgClient {
  const isAlive = opts.isProcessAlive ?? procPidAlive;
  const caller = new BorgCaller({
    executable: opts.executable,
    env: opts.env,
    hostname: opts.hostname,
    lockWait: opts.lockWait,
    graceMs: opts.interruptGraceMs ?? DEFAULT_GRACE_MS,
    isAlive,
    clock: opts.clock ?? systemClock,
    onNotice: opts.onNotice,
  });
  const acquireLock = heldLockAcquirer(caller, {
    hostname: opts.hostname,
    env: opts.env,
    lockWait: opts.lockWait,
    isAlive,
    pid: opts.pid,
    hostId: opts.lockHostId,
  });
  return new BorgCliClient(caller, acquireLock);
}

/** Shapes results; how each verb runs is in specs.ts, how borg runs in call.ts/runner.ts. */
class BorgCliClient implements BorgClient {
  constructor(
    private readonly caller: BorgCaller,
    readonly acquireLock: (repoPath: string, ctx: Ctx) => Promise<HeldLock>,
  ) {}

  private async run(spec: CallSpec): Promise<BorgRunInfo> {
    return (await this.caller.run(spec)).info;
  }

  private async capture(spec: CallSpec): Promise<{ info: BorgRunInfo; stdout: string }> {
    const { info, outcome } = await this.caller.run({ ...spec, stdout: 'capture' });
    return { info, stdout: outcome.stdout };
  }

  /** Runs a `--json` verb and validates its stdout. */
  private async json<S extends z.ZodType>(spec: CallSpec, schema: S, what: string) {
    const { info, stdout } = await this.capture(spec);
    return { ...info, result: parseJsonOutput(schema, stdout, what) as z.output<S> };
  }

  private jsonLines<S extends z.ZodType>(spec: CallSpec, schema: S, what: string) {
    return parseJsonLines(splitLines(this.caller.stream(spec)), schema, what);
  }

  version(): Promise<BorgVersion> {
    return this.caller.version();
  }

  init(repoPath: string, o: InitOptions, ctx: Ctx): Promise<BorgRunInfo> {
    return initRepo(this.caller, repoPath, o, ctx);
  }

  async create(o: ResolvedBackupOptions, ctx: Ctx) {
    if (o.dryRun) {
      throw new UsageError(
        'borg create --dry-run makes no archive, so it has no result to report',
        'run the backup without --dry-run, or list the sources with --list',
      );
    }
    return this.json(specs.create(o, ctx), createResultSchema, 'create');
  }

  async prune(repoPath: string, policy: RetentionPolicy, o: PruneArgsOptions, ctx: Ctx) {
    const { info, outcome } = await this.caller.run(specs.prune(repoPath, policy, o, ctx));
    return { ...info, dryRun: o.dryRun ?? false, ...parsePruneList(outcome.events.infoLines) };
  }

  compact(repoPath: string, ctx: Ctx): Promise<BorgRunInfo> {
    return this.run(specs.compact(repoPath, ctx));
  }

  async check(repoPath: string, o: CheckArgsOptions, ctx: Ctx) {
    const { info, outcome } = await this.caller.run(specs.check(repoPath, o, ctx));
    // For check, rc 1 means "errors found", not a harmless warning.
    return { ...info, ok: info.rc === 0, ...checkFindings(outcome.events) };
  }

  listArchives(repoPath: string, ctx: Ctx) {
    return this.json(specs.listArchives(repoPath, ctx), archiveListSchema, 'list');
  }

  listContents(repoPath: string, archive: string, o: ListContentsOptions, ctx: Ctx) {
    const spec = specs.listContents(repoPath, archive, o, ctx);
    return this.jsonLines(spec, archiveItemSchema, 'list');
  }

  repoInfo(repoPath: string, ctx: Ctx) {
    return this.json(specs.info(repoPath, undefined, ctx), repoInfoSchema, 'info');
  }

  archiveInfo(repoPath: string, archive: string, ctx: Ctx) {
    return this.json(specs.info(repoPath, archive, ctx), archiveInfoResultSchema, 'info');
  }

  diff(repoPath: string, archive1: string, archive2: string, o: DiffOptions, ctx: Ctx) {
    const spec = specs.diff(repoPath, archive1, archive2, o, ctx);
    return this.jsonLines(spec, diffEntrySchema, 'diff');
  }

  async extract(o: ResolvedRestoreOptions, ctx: Ctx): Promise<BorgRunInfo> {
    const target = await stat(o.target).catch(() => null);
    if (!target?.isDirectory()) {
      throw new BorgboiError('not-found', `restore target ${o.target} is not a directory`, {
        hint: 'create the directory first or pass another --target',
      });
    }
    return this.run(specs.extract(o, ctx));
  }

  extractFile(repoPath: string, archive: string, path: string, ctx: Ctx) {
    return this.caller.stream(specs.extractFile(repoPath, archive, path, ctx));
  }

  deleteArchive(repoPath: string, archive: string, o: DeleteArgsOptions, ctx: Ctx) {
    return this.run(specs.deleteArchive(repoPath, archive, o, ctx));
  }

  deleteRepo(repoPath: string, o: DeleteArgsOptions, ctx: Ctx) {
    return this.run(specs.deleteRepo(repoPath, o, ctx));
  }

  recreate(repoPath: string, archive: string, o: RecreateOptions, ctx: Ctx) {
    return this.run(specs.recreate(repoPath, archive, o, ctx));
  }

  async exportKey(repoPath: string, o: KeyExportOptions, ctx: Ctx) {
    const { info, stdout } = await this.capture(specs.exportKey(repoPath, o, ctx));
    return { ...info, text: stdout };
  }

  async getConfig(repoPath: string, key: string, ctx: Ctx): Promise<string> {
    const { info, stdout } = await this.capture(specs.config(repoPath, key, undefined, ctx));
    // rc 1: "No option 'x' in section: 'repository'", i.e. not set.
    return info.rc === 1 ? '' : stdout.trim();
  }

  async setConfig(repoPath: string, key: string, value: string, ctx: Ctx): Promise<void> {
    await this.run(specs.config(repoPath, key, value, ctx));
  }

  breakLock(repoPath: string, ctx: Ctx): Promise<void> {
    return this.caller.breakLock(repoPath, ctx);
  }
}
