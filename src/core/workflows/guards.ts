import {
  BorgboiError,
  ExitCode,
  InterruptedError,
  NotFoundError,
  UsageError,
  ValidationError,
  isBorgError,
  isBorgboiError,
} from '../errors.js';
import type { Remote } from '../../aws/types.js';
import type { Repository } from '../models/index.js';
import type { WorkflowContext } from './context.js';

/** Typed errors the workflows share, so every message and hint reads the same. */

export function repoNotFound(name: string): NotFoundError {
  return new NotFoundError(`repository '${name}' not found`, `see 'borgboi repo list'`);
}

export function alreadyExists(message: string, hint: string): BorgboiError {
  return new BorgboiError('already-exists', message, { hint });
}

/** Destructive calls need the CLI's confirmation (a prompt or --yes) first. */
export function requireConfirmed(confirmed: boolean | undefined, what: string): void {
  if (confirmed === true) return;
  throw new BorgboiError('confirmation-required', `${what} needs confirmation`, {
    hint: 'answer the prompt, or pass --yes when there is no terminal',
  });
}

/** The remote, or the one clear error every S3/table verb gives offline (exit 2). */
export async function requireRemote(ctx: WorkflowContext, verb: string): Promise<Remote> {
  const remote = await ctx.remote();
  if (remote) return remote;
  throw new UsageError(`${verb} needs online mode`, 'pass --online or set offline: false');
}

/** Borg can only work on repos of this host; records of other hosts come from a shared table. */
export function requireLocal(ctx: WorkflowContext, repo: Repository): void {
  if (repo.hostname === ctx.hostname) return;
  throw new ValidationError(
    [
      `repository '${repo.name}' belongs to host '${repo.hostname}', not to this host '${ctx.hostname}'`,
    ],
    `run this on ${repo.hostname}, or copy it here with 'borgboi s3 restore -n ${repo.name}'`,
  );
}

/** Whether a failure was an interrupt (the abort signal fired or borg died of SIGINT/SIGTERM). */
export function isInterrupt(err: unknown, signal: AbortSignal | undefined): boolean {
  if (signal?.aborted) return true;
  if (isBorgboiError(err) && err.code === 'interrupted') return true;
  return isBorgError(err) && err.kind === 'interrupted';
}

/** 130 for SIGINT, 143 for SIGTERM, derived from the abort reason or borg's signal. */
export function interruptExitCode(err: unknown, signal: AbortSignal | undefined): number {
  const reason: unknown = signal?.reason;
  if (reason instanceof InterruptedError) return reason.exitCode;
  if (reason === 'SIGTERM') return ExitCode.sigterm;
  if (err instanceof InterruptedError) return err.exitCode;
  if (isBorgError(err) && err.signal === 'SIGTERM') return ExitCode.sigterm;
  return ExitCode.sigint;
}

export function interruptedError(err: unknown, signal: AbortSignal | undefined): BorgboiError {
  if (err instanceof InterruptedError) return err;
  const code = interruptExitCode(err, signal);
  return new InterruptedError(code === ExitCode.sigterm ? 'SIGTERM' : 'SIGINT', err);
}

/** Stops a workflow between steps once the user pressed Ctrl-C. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw interruptedError(undefined, signal);
}

/** The `{code, message, hint}` an error shows in results and run records (never a secret). */
export function errorView(err: unknown): { code: string; message: string; hint?: string } {
  if (isBorgboiError(err)) {
    return err.hint === undefined
      ? { code: err.code, message: err.message }
      : { code: err.code, message: err.message, hint: err.hint };
  }
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}

export function exitCodeOf(err: unknown): number {
  return isBorgboiError(err) ? err.exitCode : ExitCode.failure;
}
