import { hostname as osHostname } from 'node:os';
import { resolve } from 'node:path';
import { detectBorgVersion, type BorgVersion } from '../borg/version.js';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { systemClock, type Clock } from './clock.js';
import type { OrchestratorApi } from './orchestrator-api.js';

/** What createDeps needs from the CLI (parsed global flags) and the process. */
export interface DepsInput {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  signal: AbortSignal;
  configFile?: string | undefined;
  offlineFlag?: boolean | undefined;
}

/**
 * The production object graph, gh-Factory style: cheap members eagerly, costly or fallible
 * ones as memoized thunks so a command only builds (and only fails on) what it uses.
 */
export interface Deps {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly platform: NodeJS.Platform;
  readonly hostname: string;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  /** Effective uid (root vs user units). */
  readonly uid: number;
  /** Absolute node binary and borgboi entry script: what a timer or cron job must run. */
  readonly executable: { readonly node: string; readonly script: string };
  config(): Promise<LoadedConfig>;
  borgVersion(): Promise<BorgVersion>;
  /** The workflows every verb calls (built on first use: config, store, borg, remote). */
  orchestrator(): Promise<OrchestratorApi>;
}

function memo<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= fn());
}

export function createDeps(input: DepsInput): Deps {
  const config = memo(() =>
    loadConfig({
      env: input.env,
      cwd: input.cwd,
      platform: process.platform,
      explicitFile: input.configFile,
      offlineFlag: input.offlineFlag,
    }),
  );
  const borgVersion = memo(async () =>
    detectBorgVersion((await config()).config.borg.executable_path),
  );
  return {
    env: input.env,
    cwd: input.cwd,
    platform: process.platform,
    hostname: osHostname(),
    clock: systemClock,
    signal: input.signal,
    uid: process.getuid?.() ?? -1,
    executable: { node: process.execPath, script: resolve(input.cwd, process.argv[1] ?? '') },
    config,
    borgVersion,
    // TODO(lead): production wiring of the Orchestrator (store, borg client, remote) on merge.
    orchestrator: () => {
      throw new Error("orchestrator wiring lands with the lead's merge");
    },
  };
}
