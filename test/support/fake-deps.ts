import { fixedClock, type Clock } from '../../src/core/clock.js';
import type { Deps } from '../../src/core/deps.js';
import type { OrchestratorApi } from '../../src/core/orchestrator-api.js';
import { borgboiPaths } from '../../src/config/paths.js';
import { makeConfigSchema } from '../../src/config/schema.js';

/** Deps for CLI tests: default config, a fixed clock and the given (fake) orchestrator. */
export function fakeDeps(
  orch: OrchestratorApi,
  opts: { env?: Record<string, string>; clock?: Clock; config?: Record<string, unknown> } = {},
): Deps {
  const paths = borgboiPaths('/home/test');
  const config = makeConfigSchema(paths.baseDir).parse(opts.config ?? {});
  return {
    env: opts.env ?? {},
    cwd: '/work',
    platform: 'linux',
    hostname: 'testhost',
    uid: 0,
    executable: { node: '/usr/bin/node', script: '/opt/borgboi/bin/borgboi.js' },
    clock: opts.clock ?? fixedClock('2026-11-27T06:00:00Z'),
    signal: new AbortController().signal,
    config: async () => ({ config, paths, file: null, sources: {}, envNames: {}, warnings: [] }),
    borgVersion: async () => ({ raw: '1.2.4', major: 1, minor: 2, patch: 4 }),
    orchestrator: async () => orch,
  };
}
