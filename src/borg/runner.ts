import { performance } from 'node:perf_hooks';
import type { Readable, Writable } from 'node:stream';
import { execa } from 'execa';
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
 * and exits; `terminate` (verbs that ignore a first SIGINT): SIGTERM at once; `close-stdin`
 * (with-lock): end the held command's input. Each escalates after the grace period
 * (SIGTERM, then SIGKILL) if borg is still running.
 */
export type InterruptPolicy = 'checkpoint' | 'terminate' | 'close-stdin';
type Step = 'SIGINT' | 'SIGTERM' | 'SIGKILL' | 'close-stdin';

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
  /** with-lock only: a stdin pipe for the held command (borg itself never prompts there). */
  stdinPipe?: boolean | undefined;
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
  readonly stdin: Writable | null;
  readonly done: Promise<RunOutcome>;
  /** SIGTERM (then SIGKILL after the grace period); resolves when borg has exited. */
  stop(): Promise<RunOutcome>;
}

function abortSignalName(reason: unknown): 'SIGINT' | 'SIGTERM' {
  return reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
}

function stopPlan(policy: InterruptPolicy, reason: 'SIGINT' | 'SIGTERM'): Step[] {
  if (policy === 'close-stdin') return ['close-stdin', 'SIGTERM', 'SIGKILL'];
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

export function startBorg(spec: RunSpec): BorgProcess {
  const started = performance.now();
  const events = new EventCollector(spec.handlers, spec.keepInfo);
  const withFd = spec.passphrase != null;
  const sub = execa(spec.executable, [...spec.args], {
    env: spec.env,
    extendEnv: false,
    cwd: spec.cwd,
    stdio: [
      spec.stdinPipe ? 'pipe' : 'ignore',
      spec.stdout === 'ignore' ? 'ignore' : 'pipe',
      'pipe',
      ...(withFd ? (['pipe'] as const) : []),
    ],
    buffer: false,
    reject: false,
    detached: true,
    forceKillAfterDelay: false,
  });
  if (withFd) {
    const fd = sub.stdio[3] as unknown as Writable;
    // borg closes fd 3 unread when it fails before opening the key: ECONNRESET is expected.
    fd.on('error', () => {});
    fd.end(spec.passphrase!.reveal());
  }

  let interruptedBy: RunOutcome['interruptedBy'] = null;
  let stopped = false;
  let versionRejected = false;
  let exited = false;
  const timers: NodeJS.Timeout[] = [];
  const perform = (step: Step): void => {
    if (exited) return;
    if (step === 'close-stdin') sub.stdin?.end();
    else sub.kill(step);
  };
  const escalate = (plan: Step[]): void => {
    plan.forEach((step, i) => {
      if (i === 0) perform(step);
      else timers.push(setTimeout(() => perform(step), spec.graceMs * i));
    });
  };
  const onAbort = (): void => {
    interruptedBy = abortSignalName(spec.signal?.reason);
    escalate(stopPlan(spec.interrupt, interruptedBy));
  };
  if (spec.signal?.aborted) onAbort();
  else spec.signal?.addEventListener('abort', onAbort, { once: true });

  const stderrLines = new LineSplitter();
  const onStderrLine = (line: string): void => {
    events.line(line);
    if (events.version && spec.onVersion && !versionRejected && !spec.onVersion(events.version)) {
      versionRejected = true;
      perform('SIGTERM');
    }
  };
  sub.stderr?.on('data', (chunk: Buffer) => stderrLines.push(chunk).forEach(onStderrLine));
  const stderrDone = streamEnded(sub.stderr);

  let stdout = '';
  const stdoutLines = new LineSplitter();
  let stdoutDone = Promise.resolve();
  if (spec.stdout === 'capture' && sub.stdout) {
    sub.stdout.setEncoding('utf8');
    sub.stdout.on('data', (text: string) => {
      stdout += text;
      if (spec.handlers?.onStdout) stdoutLines.push(text).forEach(spec.handlers.onStdout);
    });
    stdoutDone = streamEnded(sub.stdout);
  }

  const done = (async (): Promise<RunOutcome> => {
    const r = await sub;
    await Promise.all([stderrDone, stdoutDone]);
    exited = true;
    timers.forEach(clearTimeout);
    spec.signal?.removeEventListener('abort', onAbort);
    stderrLines.end().forEach(onStderrLine);
    if (spec.handlers?.onStdout) stdoutLines.end().forEach(spec.handlers.onStdout);
    const ran = r.exitCode !== undefined || r.signal !== undefined;
    return {
      rc: r.exitCode ?? null,
      signal: r.signal ?? null,
      spawnError: ran ? null : (r.code ?? r.shortMessage ?? 'spawn failed'),
      stdout,
      events,
      interruptedBy,
      stopped,
      versionRejected,
      durationMs: Math.round(performance.now() - started),
    };
  })();

  return {
    stdout: spec.stdout === 'stream' ? (sub.stdout ?? null) : null,
    stdin: sub.stdin ?? null,
    done,
    stop() {
      if (!exited) {
        stopped = true;
        escalate(['SIGTERM', 'SIGKILL']);
      }
      return done;
    },
  };
}
