import { hostname as osHostname } from 'node:os';
import { join, resolve } from 'node:path';
import type { BorgClient } from '../borg/types.js';
import type { BorgVersion } from '../borg/version.js';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { makeWhich } from '../config/which.js';
import type { LocalStore } from '../storage/types.js';
import { systemClock, type Clock } from './clock.js';
import { lazyBorgClient } from './lazy-borg.js';
import type { OrchestratorApi } from './orchestrator-api.js';

/** What createDeps needs from the CLI (parsed global flags) and the process. */
export interface DepsInput {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  signal: AbortSignal;
  configFile?: string | undefined;
  offlineFlag?: boolean | undefined;
  /** Where things done on the user's behalf are reported (e.g. a provably stale lock cleared). */
  onNotice?: ((message: string) => void) | undefined;
}

/**
 * The production object graph, gh-Factory style: cheap members eagerly, costly or fallible
 * ones as memoized thunks so a command only builds (and only fails on) what it uses. The
 * costly modules are imported dynamically, so `--version` or `--help` never parse them and the
 * offline CLI never loads the AWS SDK.
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
  /** The local store (index, passphrases, exclusions, run log, S3 stats cache). */
  store(): Promise<LocalStore>;
  /** The workflows every verb calls (built on first use: config, store, borg, remote). */
  orchestrator(): Promise<OrchestratorApi>;
}

function memo<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= fn());
}

export function createDeps(input: DepsInput): Deps {
  const hostname = osHostname();
  const uid = process.getuid?.() ?? -1;
  const config = memo(() =>
    loadConfig({
      env: input.env,
      cwd: input.cwd,
      platform: process.platform,
      explicitFile: input.configFile,
      offlineFlag: input.offlineFlag,
    }),
  );
  const borgVersion = memo(async () => {
    const { config: cfg, paths } = await config();
    const { cachedBorgVersion } = await import('../borg/version-cache.js');
    const executable = cfg.borg.executable_path;
    return cachedBorgVersion({
      executable,
      resolved: makeWhich(input.env.PATH, input.cwd)(executable),
      cacheFile: join(paths.cacheDir, 'borg-version.json'),
      now: Date.now(),
    });
  });
  const validator = memo(async () => (await import('./validator.js')).createValidator());
  const store = memo(async () => {
    const [{ config: cfg, paths }, { createLocalStore }, v] = await Promise.all([
      config(),
      import('../storage/index.js'),
      validator(),
    ]);
    return createLocalStore({
      baseDir: paths.baseDir,
      config: cfg,
      env: input.env,
      hostname,
      uid,
      validatePattern: (p) => v.exclusionPattern(p),
    });
  });
  const borg = memo(async (): Promise<BorgClient> => {
    const [{ config: cfg }, { createBorgClient }] = await Promise.all([
      config(),
      import('../borg/client.js'),
    ]);
    return createBorgClient({
      executable: cfg.borg.executable_path,
      env: input.env,
      hostname,
      lockWait: cfg.borg.lock_wait,
      pid: process.pid,
      onNotice: input.onNotice,
    });
  });
  const orchestrator = memo(async (): Promise<OrchestratorApi> => {
    const [loaded, s, v, { Orchestrator }] = await Promise.all([
      config(),
      store(),
      validator(),
      import('./orchestrator.js'),
    ]);
    // Built on the first borg call: verbs that run no borg never load the client.
    const b = lazyBorgClient(borg);
    const remote = async () => {
      if (loaded.config.offline) return null;
      const { createRemote } = await import('../aws/index.js');
      return createRemote({ config: loaded.config, env: input.env, hostname });
    };
    return new Orchestrator({
      borg: b,
      store: s,
      validator: v,
      clock: systemClock,
      hostname,
      platform: process.platform,
      cwd: input.cwd,
      config: loaded.config,
      paths: loaded.paths,
      remote,
    });
  });
  return {
    env: input.env,
    cwd: input.cwd,
    platform: process.platform,
    hostname,
    clock: systemClock,
    signal: input.signal,
    uid,
    executable: { node: process.execPath, script: resolve(input.cwd, process.argv[1] ?? '') },
    config,
    borgVersion,
    store,
    orchestrator,
  };
}
