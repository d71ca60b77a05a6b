import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixedClock } from '../../../src/core/clock.js';
import { borgboiPaths } from '../../../src/config/paths.js';
import { makeConfigSchema, type Config } from '../../../src/config/schema.js';
import type { Repository } from '../../../src/core/models/index.js';
import { Orchestrator, type OrchestratorDeps } from '../../../src/core/orchestrator.js';
import { useTempDirs } from '../temp.js';
import { FakeBorg } from './fake-borg.js';
import { createFakeRemote } from './fake-remote.js';
import { createValidator } from '../../../src/core/validator.js';
import { createMemoryStore, type MemoryStore } from './memory-store.js';

export const HOST = 'testhost';
export const NOW = '2026-03-01T02:03:04.000Z';
export const PASS = 'correct horse battery staple';

export interface HarnessOptions {
  online?: boolean;
  config?: Record<string, unknown>;
  env?: Record<string, string>;
  deps?: Partial<OrchestratorDeps>;
}

export interface Harness {
  orch: Orchestrator;
  borg: FakeBorg;
  store: MemoryStore;
  remote: ReturnType<typeof createFakeRemote>;
  online: boolean;
  clock: ReturnType<typeof fixedClock>;
  config: Config;
  paths: ReturnType<typeof borgboiPaths>;
  /** A temp dir: cwd of the orchestrator, holding `data/` (a backup target) and `repos/`. */
  root: string;
  target: string;
  /** createRepo through the orchestrator (passphrase PASS), then forgets the recorded calls. */
  addRepo(name: string, opts?: { target?: string; path?: string }): Promise<Repository>;
}

/** Registers the temp-dir cleanup for the file; returns the per-test harness factory. */
export function useHarness(): (opts?: HarnessOptions) => Harness {
  const tmp = useTempDirs();
  return (opts = {}) => {
    const root = tmp('bb-orch-');
    const paths = borgboiPaths(join(root, 'home'));
    const config = makeConfigSchema(paths.baseDir).parse(opts.config ?? {});
    const validator = createValidator();
    const clock = fixedClock(NOW);
    const borg = new FakeBorg(clock);
    const store = createMemoryStore({ paths, config, validator, env: opts.env });
    const remote = createFakeRemote();
    const online = opts.online ?? false;
    const target = join(root, 'data');
    writeSample(target);
    mkdirSync(join(root, 'repos'));
    let n = 0;
    const orch = new Orchestrator({
      borg,
      store,
      validator,
      clock,
      hostname: HOST,
      platform: 'linux',
      cwd: root,
      config,
      paths,
      remote: async () => (online ? remote.remote : null),
      newId: () => `run-${++n}`,
      tmpDir: root,
      ...opts.deps,
    });
    const addRepo: Harness['addRepo'] = async (name, o = {}) => {
      const res = await orch.createRepo({
        name,
        path: o.path ?? join(root, 'repos', name),
        backupTarget: o.target ?? target,
        passphrase: { cliValue: PASS },
      });
      borg.calls.length = 0;
      return res.repo;
    };
    return { orch, borg, store, remote, online, clock, config, paths, root, target, addRepo };
  };
}

export function writeSample(dir: string): void {
  mkdirSync(join(dir, 'docs'), { recursive: true });
  mkdirSync(join(dir, 'sub', 'deep'), { recursive: true });
  writeFileSync(join(dir, 'docs', 'a.txt'), 'alpha\n');
  writeFileSync(join(dir, 'docs', 'b.txt'), 'bravo bravo\n');
  writeFileSync(join(dir, 'sub', 'deep', 'c.bin'), Buffer.from([1, 2, 3, 4, 5]));
}
