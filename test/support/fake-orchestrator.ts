import type { OrchestratorApi } from '../../src/core/orchestrator-api.js';
import { repoMethods } from './fake-repos.js';
import { s3Methods } from './fake-s3.js';
import { archiveMethods } from './fake-workflows.js';

export interface FakeCall {
  method: keyof OrchestratorApi;
  args: unknown[];
}

/** An OrchestratorApi that records every call and answers from real borg fixtures. */
export type FakeOrchestrator = OrchestratorApi & {
  calls: FakeCall[];
  /** Calls without observers and signals (functions that differ per run), for comparisons. */
  plainCalls(): Array<{ method: string; args: unknown }>;
};

export function createFakeOrchestrator(overrides: Partial<OrchestratorApi> = {}): FakeOrchestrator {
  const calls: FakeCall[] = [];
  const impl = { ...repoMethods(), ...archiveMethods(), ...s3Methods(), ...overrides } as Record<
    string,
    (...a: unknown[]) => unknown
  >;
  const api: Record<string, unknown> = {};
  for (const [method, fn] of Object.entries(impl)) {
    api[method] = (...args: unknown[]) => {
      calls.push({ method: method as keyof OrchestratorApi, args });
      return fn(...args);
    };
  }
  const plainCalls = () =>
    calls.map((c) => ({ method: c.method, args: JSON.parse(JSON.stringify(c.args, dropLive)) }));
  return Object.assign(api as unknown as OrchestratorApi, { calls, plainCalls });
}

function dropLive(key: string, value: unknown) {
  return key === 'observer' || key === 'signal' ? undefined : value;
}
