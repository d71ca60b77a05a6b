import { BorgboiError, InterruptedError } from '../core/errors.js';
import type { Clock } from '../core/clock.js';
import { buildBreakLockArgs } from './args/repo.js';
import { buildBorgEnv, type PromptAnswers } from './env.js';
import { classifyOutcome } from './exit.js';
import { StaleLockPolicy } from './lock-policy.js';
import { startBorg, type BorgProcess, type InterruptPolicy, type RunOutcome } from './runner.js';
import type { BorgCallContext, BorgRunInfo } from './types.js';
import {
  assertSupportedBorgVersion,
  borgMissingError,
  detectBorgVersion,
  isSupportedBorgVersion,
  type BorgVersion,
} from './version.js';

export interface CallerSettings {
  executable: string;
  env: Readonly<Record<string, string | undefined>>;
  hostname: string;
  lockWait: number;
  graceMs: number;
  isAlive: (pid: number) => boolean;
  clock: Clock;
  onNotice?: ((message: string) => void) | undefined;
}

/** One borg invocation as a client method describes it. */
export interface CallSpec {
  /** Builds argv for a given `--lock-wait` (builders are pure, see args/). */
  args: (lockWait: number) => string[];
  ctx: BorgCallContext;
  /** The repository whose lock a lock-timeout refers to; enables the stale-lock retry. */
  repoPath?: string | undefined;
  interrupt?: InterruptPolicy | undefined;
  stdout?: 'capture' | 'ignore' | undefined;
  /** false for verbs that never open the key (config, break-lock, key export). */
  usesPassphrase?: boolean | undefined;
  answers?: PromptAnswers | undefined;
  cwd?: string | undefined;
  /** Keep borg's info-level messages (check report, prune list). */
  keepInfo?: boolean | undefined;
}

export interface Finished {
  info: BorgRunInfo;
  outcome: RunOutcome;
}

/**
 * Runs client calls: environment, passphrase pipe, the version check (from `--show-version`
 * on the first call, so no extra borg start), exit classification and the stale-lock retry.
 */
export class BorgCaller {
  #version: BorgVersion | null = null;
  #detecting: Promise<BorgVersion> | null = null;
  readonly #locks: StaleLockPolicy;

  constructor(private readonly s: CallerSettings) {
    this.#locks = new StaleLockPolicy(s, (repoPath, ctx) => this.breakLock(repoPath, ctx));
  }

  /** `borg --version` at most once, and not at all when a `--show-version` line told us. */
  async version(): Promise<BorgVersion> {
    if (!this.#version) {
      this.#detecting ??= detectBorgVersion(this.s.executable);
      this.#version = await this.#detecting;
    }
    return assertSupportedBorgVersion(this.#version, this.s.executable);
  }

  async breakLock(repoPath: string, ctx: BorgCallContext): Promise<void> {
    await this.run({
      args: () => buildBreakLockArgs(repoPath),
      ctx,
      usesPassphrase: false,
    });
  }

  start(spec: CallSpec, stdout: 'capture' | 'ignore' | 'stream'): BorgProcess {
    if (this.#version) assertSupportedBorgVersion(this.#version, this.s.executable);
    if (spec.ctx.signal?.aborted) throw new InterruptedError(abortName(spec.ctx.signal.reason));
    const args = spec.args(spec.ctx.lockWait ?? this.s.lockWait);
    const usePassphrase = spec.usesPassphrase !== false && spec.ctx.passphrase != null;
    return startBorg({
      executable: this.s.executable,
      args: this.#version ? args : withShowVersion(args),
      env: buildBorgEnv({
        base: this.s.env,
        withPassphraseFd: usePassphrase,
        answers: {
          relocated: spec.ctx.allowRelocated,
          unknownUnencrypted: spec.ctx.allowUnknownUnencrypted,
          ...spec.answers,
        },
      }),
      passphrase: usePassphrase ? spec.ctx.passphrase : null,
      cwd: spec.cwd,
      handlers: spec.ctx.handlers,
      signal: spec.ctx.signal,
      interrupt: spec.interrupt ?? 'terminate',
      stdout,
      keepInfo: spec.keepInfo,
      graceMs: this.s.graceMs,
      onVersion: (v) => {
        this.#version ??= v;
        return isSupportedBorgVersion(v);
      },
    });
  }

  /** Outcome → result, or the most useful error (missing/unsupported borg before borg's own). */
  async settle(spec: CallSpec, o: RunOutcome): Promise<BorgRunInfo> {
    if (o.spawnError === 'ENOENT') throw borgMissingError(this.s.executable);
    if (o.spawnError) {
      throw new BorgboiError(
        'borg-missing',
        `cannot run '${this.s.executable}' (${o.spawnError})`,
        {
          hint: 'check borg.executable_path and its permissions',
        },
      );
    }
    if (o.versionRejected && o.events.version) {
      assertSupportedBorgVersion(o.events.version, this.s.executable);
    }
    const command = spec.args(spec.ctx.lockWait ?? this.s.lockWait);
    try {
      return classifyOutcome(o, command);
    } catch (e) {
      // A failure before borg logged its version may be a borg that does not speak 1.x argv.
      if (!this.#version && !o.interruptedBy) await this.version();
      throw e;
    }
  }

  /** Runs to the end; a lock-timeout on a provably stale lock is cleared and retried once. */
  async run(spec: CallSpec): Promise<Finished> {
    const once = async (): Promise<Finished> => {
      const outcome = await this.start(spec, spec.stdout ?? 'ignore').done;
      return { info: await this.settle(spec, outcome), outcome };
    };
    return this.withLockRetry(spec, once);
  }

  /** `attempt` again once after a provably stale lock was broken (lock-policy.ts). */
  withLockRetry<T>(spec: CallSpec, attempt: () => Promise<T>): Promise<T> {
    return this.#locks.withRetry(spec, attempt);
  }

  /** Streams stdout chunks; borg is stopped when the consumer stops early. */
  async *stream(spec: CallSpec): AsyncGenerator<Buffer> {
    for (let attempt = 0; ; attempt += 1) {
      const proc = this.start(spec, 'stream');
      let yielded = false;
      let settled = false;
      try {
        for await (const chunk of proc.stdout!) {
          yielded = true;
          yield chunk as Buffer;
        }
        const outcome = await proc.done;
        settled = true;
        try {
          await this.settle(spec, outcome);
          return;
        } catch (e) {
          await this.#locks.recover(spec, e, attempt === 0 && !yielded);
        }
      } finally {
        if (!settled) await proc.stop();
      }
    }
  }
}

function abortName(reason: unknown): 'SIGINT' | 'SIGTERM' {
  return reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
}

/** `--show-version` right after `--log-json`: borg logs its version before doing anything. */
export function withShowVersion(args: readonly string[]): string[] {
  const i = args.indexOf('--log-json');
  return i < 0 ? [...args] : [...args.slice(0, i + 1), '--show-version', ...args.slice(i + 1)];
}
