import { pushTail, type HookOutcome, type HookRunner } from './hook-runner.js';

/** A hook may run for an hour (a database dump before the backup); then it is stopped. */
export const HOOK_TIMEOUT_MS = 60 * 60_000;

/** What `{repo}`, `{archive}`, `{result}` (and BORGBOI_REPO/ARCHIVE/RESULT) stand for. */
export interface HookVars {
  repo: string;
  /** null before the archive exists (before_backup) or when none was made: `{archive}` → ''. */
  archive: string | null;
  /** `running` for before_backup, else the run's result (success, warning, partial, failed, interrupted). */
  result: string;
}

const PLACEHOLDER = /\{(repo|archive|result)\}/g;

/** Substitutes the placeholders inside each argument; other braces stay as written. */
export function substitute(argv: readonly string[], vars: HookVars): string[] {
  const value = { repo: vars.repo, archive: vars.archive ?? '', result: vars.result };
  return argv.map((arg) => arg.replace(PLACEHOLDER, (_, k: keyof typeof value) => value[k]));
}

/** The variables a hook gets besides the inherited environment (never a passphrase). */
export function hookEnv(vars: HookVars): Record<string, string> {
  return {
    BORGBOI_REPO: vars.repo,
    BORGBOI_ARCHIVE: vars.archive ?? '',
    BORGBOI_RESULT: vars.result,
  };
}

/** `sh -c 'echo x'` style text of an argv, for messages (cut to stay one readable line). */
export function commandText(argv: readonly string[]): string {
  const text = argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a}'`)).join(' ');
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

/** Null when the hook succeeded, else one line saying how it failed. */
export function hookFailure(
  argv: readonly string[],
  out: HookOutcome,
  timeoutMs: number,
): string | null {
  if (out.exitCode === 0) return null;
  const cmd = commandText(argv);
  const last = out.tail.at(-1);
  const said = last ? ` (last output: ${last})` : '';
  if (out.startError) return `hook ${cmd} could not start: ${out.startError}`;
  if (out.timedOut) return `hook ${cmd} timed out after ${Math.round(timeoutMs / 1000)} s${said}`;
  if (out.canceled) return `hook ${cmd} was stopped by the interrupt`;
  if (out.signal) return `hook ${cmd} was killed by ${out.signal}${said}`;
  return `hook ${cmd} exited with ${out.exitCode}${said}`;
}

export interface HookListOptions {
  cwd: string;
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
  /** before_backup: the first failure stops the list. Other lists run every command. */
  stopOnFailure: boolean;
}

export interface HookListResult {
  ran: number;
  /** One line per failed command (see hookFailure). */
  failures: string[];
  /** Tail of the output of every command of the list, each block headed by `$ command`. */
  output: string[];
  canceled: boolean;
}

/** Runs one configured list (e.g. hooks.before_backup) in order, with the run's placeholders. */
export async function runHookList(
  runner: HookRunner,
  commands: readonly (readonly string[])[],
  vars: HookVars,
  opts: HookListOptions,
): Promise<HookListResult> {
  const timeoutMs = opts.timeoutMs ?? HOOK_TIMEOUT_MS;
  const res: HookListResult = { ran: 0, failures: [], output: [], canceled: false };
  const env = hookEnv(vars);
  for (const raw of commands) {
    const argv = substitute(raw, vars);
    const out = await runner.run({ argv, env, cwd: opts.cwd, timeoutMs, signal: opts.signal });
    res.ran += 1;
    pushTail(res.output, `$ ${commandText(argv)}`);
    for (const line of out.tail) pushTail(res.output, line);
    const failure = hookFailure(argv, out, timeoutMs);
    if (!failure) continue;
    res.failures.push(failure);
    res.canceled ||= out.canceled;
    if (opts.stopOnFailure || out.canceled) break;
  }
  return res;
}
