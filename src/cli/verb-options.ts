import { Option, type Command } from 'commander';
import { z } from 'zod';
import { BorgboiError, UsageError } from '../core/errors.js';
import type { OrchestratorApi, RepoCall, WorkflowObserver } from '../core/orchestrator-api.js';
import type { PassphraseRequest } from '../storage/types.js';
import { confirm } from './confirm.js';
import { warn } from './output.js';
import { commandPath } from './parse-options.js';
import { repoAddressShape, repoRef } from './repo-address.js';
import type { CliRuntime } from './runtime.js';

/** Option pieces shared by the verbs of every group (merged into each verb's zod schema). */

export const passphraseShape = {
  /** Deprecated `--passphrase VALUE`: first in precedence, warned about (argv is public). */
  passphrase: z.string().min(1, 'must not be empty').optional(),
  passphraseFile: z.string().min(1, 'must not be empty').optional(),
  passphraseEnv: z.boolean().default(false),
};

/** `-n/-p` addressing plus the passphrase flags: every verb that opens a repo. */
export const repoCallShape = { ...repoAddressShape, ...passphraseShape };

/** Refinement for schemas holding `name` and `path`: at most one of them. */
export function oneAddress(v: { name?: string | undefined; path?: string | undefined }): boolean {
  return v.name === undefined || v.path === undefined;
}
export const ONE_ADDRESS = { message: 'give either --name or --path, not both' };

export function addRepoAddressOptions(cmd: Command): Command {
  return cmd
    .option('-n, --name <name>', 'repository name')
    .option('-p, --path <path>', 'repository path (on this host)');
}

export function addPassphraseOptions(cmd: Command): Command {
  return cmd
    .option('--passphrase-file <file>', 'read the passphrase from this file')
    .option('--passphrase-env', 'allow BORG_PASSPHRASE from the environment')
    .addOption(
      new Option(
        '--passphrase <value>',
        'deprecated: visible to other users in the process list; use --passphrase-file',
      ),
    );
}

/** Both of the above: the flags of a verb that opens an existing repo. */
export function addRepoCallOptions(cmd: Command): Command {
  return addPassphraseOptions(addRepoAddressOptions(cmd));
}

/** Collects a repeatable option (`--exclude A --exclude B`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** A string flag or argument that must be given: "is required" instead of zod's type message. */
export function requiredString(missing = 'is required') {
  return z
    .string({ error: (iss) => (iss.input === undefined ? missing : undefined) })
    .min(1, 'must not be empty');
}

/** A whole number from a flag value, with the flag's own bounds. */
export function intOption(min: number, max = 1_000_000) {
  return z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be ${min} or more`)
    .max(max, `must be at most ${max}`);
}

export interface PassphraseFlags {
  passphrase?: string | undefined;
  passphraseFile?: string | undefined;
  passphraseEnv?: boolean | undefined;
}

/** The passphrase flags as the orchestrator's request; warns once about `--passphrase`. */
export function passphraseRequest(rt: CliRuntime, opts: PassphraseFlags): PassphraseRequest {
  if (opts.passphrase !== undefined) {
    warn(
      rt,
      '--passphrase puts the passphrase on the command line, where other users can read it (ps, shell history); use --passphrase-file FILE instead',
    );
  }
  return {
    cliValue: opts.passphrase,
    passphraseFile: opts.passphraseFile,
    allowEnv: opts.passphraseEnv ?? false,
  };
}

/** ref + passphrase + signal (+ observer) for a call that opens a repo. */
export function repoCall(
  rt: CliRuntime,
  opts: PassphraseFlags & { name?: string | undefined; path?: string | undefined },
  observer?: WorkflowObserver,
): RepoCall {
  return {
    ref: repoRef(opts),
    passphrase: passphraseRequest(rt, opts),
    observer,
    signal: rt.signal,
  };
}

export function orchestrator(rt: CliRuntime): Promise<OrchestratorApi> {
  return rt.deps().orchestrator();
}

/**
 * Asks before a destructive action (after the repo is resolved, so the question names it).
 * Declining is a failure (exit 1, code 'aborted'): a script must not take it for success.
 */
export async function confirmOrAbort(rt: CliRuntime, question: string, what: string) {
  if (await confirm(rt, question)) return;
  throw new BorgboiError('aborted', `aborted: ${what}`, {
    hint: 'nothing was changed; answer y (or pass --yes) to go ahead',
  });
}

/** A value given as an argument or as its flag (Python compatibility), but not both ways. */
export function onceOf<T>(cmd: Command, what: string, arg: T | undefined, flag: T | undefined) {
  if (arg !== undefined && flag !== undefined && arg !== flag) {
    throw new UsageError(
      `give the ${what} once, as an argument or as its flag`,
      `see '${commandPath(cmd)} --help'`,
    );
  }
  return arg ?? flag;
}
