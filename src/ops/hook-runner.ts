/** One hook command to run: argv (no shell), extra environment, working dir, limits. */
export interface HookCommand {
  argv: readonly string[];
  /** Added to the inherited environment (BORGBOI_REPO, …). */
  env: Readonly<Record<string, string>>;
  cwd: string;
  timeoutMs: number;
  /** Ctrl-C: stops the command (SIGTERM, then SIGKILL). */
  signal?: AbortSignal | undefined;
}

export interface HookOutcome {
  /** null when it did not exit on its own (signal, timeout, could not start). */
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  canceled: boolean;
  /** Why it could not start (ENOENT, EACCES …), else null. */
  startError: string | null;
  /** Last lines of stdout and stderr, interleaved, each cut to TAIL_LINE_CHARS. */
  tail: string[];
}

/** Runs hook commands; injected so workflows are tested without processes. */
export interface HookRunner {
  run(cmd: HookCommand): Promise<HookOutcome>;
}

export const TAIL_LINES = 20;
export const TAIL_LINE_CHARS = 300;

/**
 * Environment names that may carry a passphrase: never passed on to a hook. Unset by name
 * (undefined), because the runner inherits the rest of the environment.
 */
export const SECRET_ENV_NAMES = [
  'BORG_PASSPHRASE',
  'BORG_NEW_PASSPHRASE',
  'BORG_PASSCOMMAND',
  'BORG_PASSPHRASE_FD',
  'BORGBOI_BORG__BORG_PASSPHRASE',
  'BORGBOI_BORG__BORG_NEW_PASSPHRASE',
] as const;

function scrubbed(): Record<string, undefined> {
  return Object.fromEntries(SECRET_ENV_NAMES.map((n) => [n, undefined]));
}

/** Keeps only the last `max` lines (memory stays bounded whatever a hook prints). */
export function pushTail(tail: string[], line: string, max = TAIL_LINES): void {
  tail.push(line.length > TAIL_LINE_CHARS ? `${line.slice(0, TAIL_LINE_CHARS)}…` : line);
  if (tail.length > max) tail.shift();
}

/** The production runner: execa without a shell, stdin closed, output streamed into a tail. */
export function createHookRunner(): HookRunner {
  return {
    async run(cmd) {
      const [file, ...args] = cmd.argv;
      // Imported on the first hook: most runs have none, and execa is a tenth of start-up.
      const { execa } = await import('execa');
      const sub = execa(file!, args, {
        cwd: cmd.cwd,
        env: { ...scrubbed(), ...cmd.env },
        extendEnv: true,
        stdin: 'ignore',
        all: true,
        buffer: false,
        reject: false,
        timeout: cmd.timeoutMs,
        cancelSignal: cmd.signal,
        forceKillAfterDelay: 5000,
      });
      const tail: string[] = [];
      try {
        for await (const line of sub.iterable({ from: 'all' })) pushTail(tail, String(line));
      } catch {
        // A process that could not start has no output; its result below says why.
      }
      const res = await sub;
      const startError =
        res.exitCode === undefined && !res.signal && !res.timedOut && !res.isCanceled
          ? (res.originalMessage ?? res.shortMessage ?? 'could not start')
          : null;
      return {
        exitCode: res.exitCode ?? null,
        signal: res.signal ?? null,
        timedOut: res.timedOut,
        canceled: res.isCanceled,
        startError,
        tail,
      };
    },
  };
}
