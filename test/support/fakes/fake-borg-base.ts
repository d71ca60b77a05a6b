import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BorgCallContext, BorgRunInfo, BorgWarning } from '../../../src/borg/types.js';
import type { Clock } from '../../../src/core/clock.js';
import { BorgError, type BorgErrorKind } from '../../../src/core/errors.js';
import { hexId, type FakeRepoState } from './fake-borg-model.js';

export type FakeVerb =
  | 'init'
  | 'create'
  | 'prune'
  | 'compact'
  | 'check'
  | 'list'
  | 'list-contents'
  | 'info'
  | 'archive-info'
  | 'diff'
  | 'extract'
  | 'extract-file'
  | 'delete-archive'
  | 'delete-repo'
  | 'recreate'
  | 'export-key'
  | 'config-get'
  | 'config-set'
  | 'break-lock'
  | 'lock';

/** One recorded BorgClient call: tests assert the exact sequence and what each call got. */
export interface FakeCall {
  verb: FakeVerb;
  repo: string;
  archive?: string | undefined;
  opts?: unknown;
  /** The revealed passphrase the call carried (to prove the right one is piped). */
  passphrase: string | null;
  allowRelocated: boolean;
  allowUnknownUnencrypted: boolean;
  lockWait: number | undefined;
  handlers: BorgCallContext['handlers'];
}

interface Failure {
  kind: BorgErrorKind;
  message: string;
  times: number;
}

/**
 * Bookkeeping of the fake BorgClient: call log, injected failures and rc-1 warnings per verb,
 * hooks, and repo state located through a `config` file written into the real repo dir (so a
 * real `mv` of the directory moves the repo, as with borg).
 */
export class FakeBorgBase {
  readonly calls: FakeCall[] = [];
  protected readonly states = new Map<string, FakeRepoState>();
  private readonly failures = new Map<FakeVerb, Failure>();
  private readonly warns = new Map<FakeVerb, string[]>();
  private readonly hooks = new Map<FakeVerb, (call: FakeCall) => void | Promise<void>>();

  constructor(protected readonly clock: Clock) {}

  /** The next `times` calls of verb fail like borg rc 2 (kind picks the BorgError kind). */
  failOn(verb: FakeVerb, kind: BorgErrorKind = 'unknown', times = Infinity, message?: string) {
    this.failures.set(verb, { kind, times, message: message ?? `borg ${verb} failed (fake rc 2)` });
  }

  /** Every call of verb finishes with rc 1 and these warnings. */
  warnOn(verb: FakeVerb, ...messages: string[]): void {
    this.warns.set(verb, messages);
  }

  /** Runs before the call does anything (e.g. abort a controller to simulate Ctrl-C). */
  onCall(verb: FakeVerb, hook: (call: FakeCall) => void | Promise<void>): void {
    this.hooks.set(verb, hook);
  }

  verbs(): FakeVerb[] {
    return this.calls.map((c) => c.verb);
  }

  /** The repo state behind a directory, or undefined when it is not a (fake) borg repo. */
  stateAt(path: string): FakeRepoState | undefined {
    const file = join(path, 'config');
    if (!existsSync(file)) return undefined;
    const id = /^id = (\w+)$/m.exec(readFileSync(file, 'utf8'))?.[1];
    return id ? this.states.get(id) : undefined;
  }

  /** Makes a repo on disk without a recorded call (for import / restore tests). */
  async seedRepo(
    path: string,
    opts: {
      encryption?: FakeRepoState['encryption'];
      passphrase?: string | null;
      known?: boolean;
    } = {},
  ): Promise<FakeRepoState> {
    const encryption = opts.encryption ?? 'repokey';
    const state: FakeRepoState = {
      id: hexId(),
      encryption,
      passphrase: encryption === 'none' ? null : (opts.passphrase ?? 'seeded-passphrase'),
      location: path,
      known: opts.known ?? true,
      archives: [],
      config: new Map([['storage_quota', '0']]),
      corrupt: false,
      locked: false,
    };
    await mkdir(join(path, 'data'), { recursive: true });
    await writeFile(join(path, 'README'), 'This is a Borg Backup repository.\n');
    await writeFile(join(path, 'config'), `[repository]\nversion = 1\nid = ${state.id}\n`);
    this.states.set(state.id, state);
    return state;
  }

  protected forget(state: FakeRepoState): void {
    this.states.delete(state.id);
  }

  protected async record(
    verb: FakeVerb,
    repo: string,
    ctx: BorgCallContext,
    extra: Pick<FakeCall, 'archive' | 'opts'> = {},
  ): Promise<void> {
    const call: FakeCall = {
      verb,
      repo,
      ...extra,
      passphrase: ctx.passphrase ? ctx.passphrase.reveal() : null,
      allowRelocated: ctx.allowRelocated ?? false,
      allowUnknownUnencrypted: ctx.allowUnknownUnencrypted ?? false,
      lockWait: ctx.lockWait,
      handlers: ctx.handlers,
    };
    this.calls.push(call);
    await this.hooks.get(verb)?.(call);
    if (ctx.signal?.aborted) throw this.error(verb, repo, 'interrupted', 'borg was interrupted');
    const failure = this.failures.get(verb);
    if (failure && failure.times > 0) {
      failure.times -= 1;
      throw this.error(verb, repo, failure.kind, failure.message);
    }
  }

  /** Opens the repo like borg: exists, passphrase right, location known (or allowed). */
  protected open(verb: FakeVerb, path: string, ctx: BorgCallContext): FakeRepoState {
    const state = this.stateAt(path);
    if (!state) {
      const kind = existsSync(path) ? 'not-a-repo' : 'repo-missing';
      throw this.error(verb, path, kind, `Repository ${path} does not exist.`);
    }
    if (state.encryption !== 'none') {
      const given = ctx.passphrase?.reveal();
      if (given === undefined) throw this.error(verb, path, 'passphrase-missing', 'no passphrase');
      if (given !== state.passphrase) {
        throw this.error(verb, path, 'passphrase-wrong', 'passphrase supplied … is incorrect.');
      }
    } else if (!state.known) {
      if (!ctx.allowUnknownUnencrypted) {
        throw this.error(verb, path, 'aborted', 'Cache initialization aborted');
      }
      state.known = true;
    }
    if (state.location !== path) {
      if (!ctx.allowRelocated)
        throw this.error(verb, path, 'relocated', 'Repository access aborted');
      state.location = path;
    }
    return state;
  }

  protected info(verb: FakeVerb): BorgRunInfo {
    const messages = this.warns.get(verb) ?? [];
    const warnings: BorgWarning[] = messages.map((message) => ({ message }));
    return { rc: warnings.length > 0 ? 1 : 0, warnings, durationMs: 0 };
  }

  protected error(verb: string, repo: string, kind: BorgErrorKind, message: string): BorgError {
    return new BorgError(message, {
      kind,
      rc: kind === 'interrupted' ? null : 2,
      signal: kind === 'interrupted' ? 'SIGINT' : null,
      command: [verb, repo],
      stderrTail: [message],
    });
  }
}
