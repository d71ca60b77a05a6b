import { randomUUID } from 'node:crypto';
import { rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { Remote } from '../../aws/types.js';
import type { BorgCallContext, BorgClient } from '../../borg/types.js';
import type { BorgboiPaths } from '../../config/paths.js';
import type { Config } from '../../config/schema.js';
import { createHookRunner, type HookRunner } from '../../ops/hook-runner.js';
import type { FetchLike } from '../../ops/ping.js';
import type { LocalStore } from '../../storage/types.js';
import type { Clock } from '../clock.js';
import type { RepoCall } from '../orchestrator-api.js';
import type { Passphrase } from '../secret.js';
import type { Validator } from '../validator.js';

/** Everything the Orchestrator is built from (the lead wires the real parts in deps.ts). */
export interface OrchestratorDeps {
  borg: BorgClient;
  store: LocalStore;
  validator: Validator;
  clock: Clock;
  hostname: string;
  platform: NodeJS.Platform;
  cwd: string;
  config: Config;
  paths: BorgboiPaths;
  /** The online half, or null offline; called only by workflows that need it. */
  remote: () => Promise<Remote | null>;
  newId?: (() => string) | undefined;
  /** Where verifyS3 makes its scratch copy (default: the OS temp dir). */
  tmpDir?: string | undefined;
  /** Directory rename (tests inject EXDEV to exercise the cross-device move). */
  renameDir?: ((from: string, to: string) => Promise<void>) | undefined;
  /** Runs the configured hooks (default: execa, no shell, secrets removed from the env). */
  hooks?: HookRunner | undefined;
  /** Sends the monitoring pings (default: the global fetch). */
  fetch?: FetchLike | undefined;
}

/** What every workflow function receives: the deps with their defaults filled in. */
export interface WorkflowContext extends Readonly<OrchestratorDeps> {
  readonly remote: () => Promise<Remote | null>;
  readonly newId: () => string;
  readonly tmpDir: string;
  readonly renameDir: (from: string, to: string) => Promise<void>;
  readonly hooks: HookRunner;
  readonly fetch: FetchLike;
}

function memo<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= fn());
}

export function createContext(deps: OrchestratorDeps): WorkflowContext {
  return {
    ...deps,
    remote: memo(deps.remote),
    newId: deps.newId ?? randomUUID,
    tmpDir: deps.tmpDir ?? tmpdir(),
    renameDir: deps.renameDir ?? rename,
    hooks: deps.hooks ?? createHookRunner(),
    fetch: deps.fetch ?? ((input, init) => fetch(input, init)),
  };
}

/** The per-call borg context: passphrase pipe, observer handlers, abort signal, lock wait. */
export function borgContext(
  ctx: WorkflowContext,
  passphrase: Passphrase | null,
  call: Pick<RepoCall, 'observer' | 'signal'>,
  extra: Partial<BorgCallContext> = {},
): BorgCallContext {
  return {
    passphrase,
    handlers: call.observer?.borg,
    signal: call.signal,
    lockWait: ctx.config.borg.lock_wait,
    ...extra,
  };
}

export function nowIso(ctx: WorkflowContext): string {
  return ctx.clock.now().toISOString();
}
