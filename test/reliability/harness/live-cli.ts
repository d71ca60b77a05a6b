import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { BIN, CODE_CACHE_HOME, type CliResult } from '../../support/cli.js';
import { descendantPids } from '../../support/secrets-audit.js';

/** One `--log-format json` stderr event (docs/json-output.md). */
export interface CliEvent {
  time: string;
  level: string;
  event: string;
  repo: string | null;
  step: string | null;
  duration_ms: number | null;
  rc: number | null;
  message: string | null;
}

export interface LiveRun {
  proc: ChildProcess;
  /** Events parsed from stderr so far, in arrival order. */
  readonly events: readonly CliEvent[];
  /** Settles with the first event matching pred, or null once the process has exited. */
  waitFor(pred: (e: CliEvent) => boolean): Promise<CliEvent | null>;
  /** The step started last and not finished yet, from the events seen so far. */
  activeStep(): string | null;
  done: Promise<CliResult>;
}

/**
 * Spawns the built borgboi like runBorgboi (clean env) but streams stderr, so a test can act
 * on the run's JSON events while it runs (pass `--log-format json` in args).
 */
export function startBorgboi(args: readonly string[], env: Record<string, string>): LiveRun {
  if (!existsSync(BIN)) throw new Error('bin/borgboi.js missing');
  const proc = spawn(process.execPath, [BIN, ...args], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      LANG: 'C.UTF-8',
      BORGBOI_CODE_CACHE: CODE_CACHE_HOME,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: CliEvent[] = [];
  const waiters: Array<{ pred: (e: CliEvent) => boolean; resolve: (e: CliEvent | null) => void }> =
    [];
  let stdout = '';
  let stderr = '';
  let exited = false;
  proc.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  const lines = createInterface({ input: proc.stderr! });
  lines.on('line', (line) => {
    stderr += `${line}\n`;
    let e: CliEvent;
    try {
      e = JSON.parse(line) as CliEvent;
    } catch {
      return;
    }
    events.push(e);
    for (const w of waiters.splice(0)) {
      if (w.pred(e)) w.resolve(e);
      else waiters.push(w);
    }
  });
  const done = new Promise<CliResult>((resolve, reject) => {
    proc.on('error', reject);
    proc.on('close', (code, signal) => {
      exited = true;
      for (const w of waiters.splice(0)) w.resolve(null);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    proc,
    events,
    done,
    waitFor(pred) {
      const seen = events.find(pred);
      if (seen) return Promise.resolve(seen);
      if (exited) return Promise.resolve(null);
      return new Promise((resolve) => waiters.push({ pred, resolve }));
    },
    activeStep() {
      let step: string | null = null;
      for (const e of events) {
        if (e.event === 'step_started') step = e.step;
        else if (e.event === 'step_finished' && e.step === step) step = null;
      }
      return step;
    },
  };
}

export type KillMode = 'borgboi' | 'tree';

/**
 * SIGKILL now. `borgboi`: only the borgboi process (an OOM kill; its borg runs on detached).
 * `tree`: borgboi and every descendant at once (a power cut as far as the repo is concerned).
 * Returns the descendants seen at that moment, so the test can prove they all end.
 */
export function killNow(run: LiveRun, mode: KillMode): number[] {
  const pid = run.proc.pid!;
  const kids = descendantPids(pid);
  run.proc.kill('SIGKILL');
  if (mode === 'tree') {
    for (const k of kids) {
      try {
        process.kill(k, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  return kids;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until none of pids is alive (zombies count as gone); false after timeoutMs. */
export async function waitGone(pids: readonly number[], timeoutMs: number): Promise<boolean> {
  const alive = (pid: number) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
    } catch {
      return false;
    }
  };
  const deadline = Date.now() + timeoutMs;
  while (pids.some(alive)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}
