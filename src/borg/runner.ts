import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { Readable, Writable } from 'node:stream';
import type { Passphrase } from '../core/secret.js';
import { EventCollector } from './collector.js';
import { LineSplitter } from './events.js';
import type { OutputHandlers } from './types.js';
import type { BorgVersion } from './version.js';

/**
 * The one place borg is started. No shell; stdin `ignore` (an open stdin makes borg wait at a
 * prompt); its own session (`detached`) so a terminal's Ctrl-C reaches only borgboi, which
 * forwards it, and so borg has no controlling terminal to ask a passphrase on; the passphrase
 * on fd 3, written and closed at once (borg reads it to EOF, borg-1.2.md §2).
 */

/**
 * How an abort stops borg. `checkpoint` (create, recreate): SIGINT, which writes a checkpoint
 * and exits; `terminate` (verbs that ignore a first SIGINT): SIGTERM at once. Each escalates
 * after the grace period (SIGTERM, then SIGKILL) if borg is still running.
 */
export type InterruptPolicy = 'checkpoint' | 'terminate';
type Step = 'SIGINT' | 'SIGTERM' | 'SIGKILL';

export interface RunSpec {
  executable: string;
  args: readonly string[];
  env: Record<string, string>;
  passphrase?: Passphrase | null | undefined;
  cwd?: string | undefined;
  handlers?: OutputHandlers | undefined;
  signal?: AbortSignal | undefined;
  interrupt: InterruptPolicy;
  /** capture: collect stdout (JSON, key text); stream: the caller reads `stdout`. */
  stdout: 'capture' | 'stream' | 'ignore';
  keepInfo?: boolean | undefined;
  graceMs: number;
  /** Called once with the `--show-version` version; false stops borg at once. */
  onVersion?: ((v: BorgVersion) => boolean) | undefined;
}

export interface RunOutcome {
  rc: number | null;
  signal: string | null;
  /** Set when borg could not be started at all (e.g. ENOENT). */
  spawnError: string | null;
  stdout: string;
  events: EventCollector;
  interruptedBy: 'SIGINT' | 'SIGTERM' | null;
  /** The caller stopped borg on purpose (consumer went away); not an error. */
  stopped: boolean;
  versionRejected: boolean;
  durationMs: number;
}

export interface BorgProcess {
  readonly stdout: Readable | null;
  readonly done: Promise<RunOutcome>;
  /** SIGTERM (then SIGKILL after the grace period); resolves when borg has exited. */
  stop(): Promise<RunOutcome>;
}

function abortSignalName(reason: unknown): 'SIGINT' | 'SIGTERM' {
  return reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
}

function stopPlan(policy: InterruptPolicy, reason: 'SIGINT' | 'SIGTERM'): Step[] {
  if (policy === 'checkpoint' && reason === 'SIGINT') return ['SIGINT', 'SIGTERM', 'SIGKILL'];
  return ['SIGTERM', 'SIGKILL'];
}

function streamEnded(stream: Readable | null | undefined): Promise<void> {
  if (!stream) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
  });
}

interface Exit {
  rc: number | null;
  signal: string | null;
  /** Set when borg could not be started at all (e.g. ENOENT). */
  spawnError: string | null;
}

/**
 * node:child_process, not execa (docs/decisions.md "Borg: spawned with node:child_process"):
 * the runner uses none of execa's extras, and loading execa plus its per-start setup cost a
 * tenth of an unchanged daily's own time.
 */
function spawnBorg(spec: RunSpec): { child: ChildProcess; exit: Promise<Exit> } {
  const withFd = spec.passphrase != null;
  const child = spawn(spec.executable, [...spec.args], {
    env: spec.env,
    cwd: spec.cwd,
    stdio: [
      'ignore',
      spec.stdout === 'ignore' ? 'ignore' : 'pipe',
      'pipe',
      ...(withFd ? (['pipe'] as const) : []),
    ],
    detached: true,
  });
  const exit = new Promise<Exit>((resolve) => {
    child.once('exit', (rc, signal) => resolve({ rc, signal, spawnError: null }));
    child.once('error', (e: NodeJS.ErrnoException) => {
      // After a start, 'error' only means a signal could not be sent; 'exit' still follows.
      if (child.pid === undefined)
        resolve({ rc: null, signal: null, spawnError: e.code ?? e.message });
    });
  });
  if (withFd) {
    const fd = child.stdio[3] as Writable;
    // borg closes fd 3 unread when it fails before opening the key: ECONNRESET is expected.
    fd.on('error', () => {});
    fd.end(spec.passphrase!.reveal());
  }
  return { child, exit };
}

/** One running borg: its output parsed as it arrives, its stop plan, its outcome. */
class BorgRun implements BorgProcess {
  readonly stdout: Readable | null;
  readonly done: Promise<RunOutcome>;
  readonly #spec: RunSpec;
  readonly #sub: ChildProcess;
  readonly #exit: Promise<Exit>;
  readonly #events: EventCollector;
  readonly #started = performance.now();
  readonly #timers: NodeJS.Timeout[] = [];
  #interruptedBy: RunOutcome['interruptedBy'] = null;
  #stopped = false;
  #versionRejected = false;
  #exited = false;
  #captured = '';

  constructor(spec: RunSpec) {
    this.#spec = spec;
    this.#events = new EventCollector(spec.handlers, spec.keepInfo);
    ({ child: this.#sub, exit: this.#exit } = spawnBorg(spec));
    this.stdout = spec.stdout === 'stream' ? (this.#sub.stdout ?? null) : null;
    const reading = [this.#readStderr(), this.#captureStdout()];
    if (spec.signal?.aborted) this.#onAbort();
    else spec.signal?.addEventListener('abort', this.#onAbort, { once: true });
    this.done = this.#finish(reading);
  }

  stop(): Promise<RunOutcome> {
    if (!this.#exited) {
      this.#stopped = true;
      this.#escalate(['SIGTERM', 'SIGKILL']);
    }
    return this.done;
  }

  readonly #onAbort = (): void => {
    this.#interruptedBy = abortSignalName(this.#spec.signal?.reason);
    this.#escalate(stopPlan(this.#spec.interrupt, this.#interruptedBy));
  };

  #perform(step: Step): void {
    if (this.#exited) return;
    this.#sub.kill(step);
  }

  #escalate(plan: Step[]): void {
    plan.forEach((step, i) => {
      if (i === 0) this.#perform(step);
      else this.#timers.push(setTimeout(() => this.#perform(step), this.#spec.graceMs * i));
    });
  }

  #onStderrLine = (line: string): void => {
    this.#events.line(line);
    const v = this.#events.version;
    if (v && this.#spec.onVersion && !this.#versionRejected && !this.#spec.onVersion(v)) {
      this.#versionRejected = true;
      this.#perform('SIGTERM');
    }
  };

  #readStderr(): Promise<void> {
    const lines = new LineSplitter();
    const stderr = this.#sub.stderr;
    stderr?.on('data', (chunk: Buffer) => lines.push(chunk).forEach(this.#onStderrLine));
    return streamEnded(stderr).then(() => lines.end().forEach(this.#onStderrLine));
  }

  #captureStdout(): Promise<void> {
    const stdout = this.#sub.stdout;
    if (this.#spec.stdout !== 'capture' || !stdout) return Promise.resolve();
    const onLine = this.#spec.handlers?.onStdout;
    const lines = new LineSplitter();
    stdout.setEncoding('utf8');
    stdout.on('data', (text: string) => {
      this.#captured += text;
      if (onLine) lines.push(text).forEach(onLine);
    });
    return streamEnded(stdout).then(() => onLine && lines.end().forEach(onLine));
  }

  async #finish(reading: Promise<unknown>[]): Promise<RunOutcome> {
    const r = await this.#exit;
    await Promise.all(reading);
    this.#exited = true;
    this.#timers.forEach(clearTimeout);
    this.#spec.signal?.removeEventListener('abort', this.#onAbort);
    return {
      ...r,
      stdout: this.#captured,
      events: this.#events,
      interruptedBy: this.#interruptedBy,
      stopped: this.#stopped,
      versionRejected: this.#versionRejected,
      durationMs: Math.round(performance.now() - this.#started),
    };
  }
}

export function startBorg(spec: RunSpec): BorgProcess {
  return new BorgRun(spec);
}
