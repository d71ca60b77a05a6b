import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { z } from 'zod';
import { runBorg, type BorgRun } from './borg-fixtures.js';
import { runBorgboi, type CliResult, type RunCliOptions } from './cli.js';

/**
 * One user's world for the e2e tests: a temp dir that is BORGBOI_HOME and HOME (so borg's
 * cache and security dirs land there too, never in the real ~/.cache/borg), with the built
 * CLI and raw borg run against it.
 */
/** argv, or one string split on single spaces (for arguments without spaces). */
export type Args = string | readonly string[];
const argv = (args: Args): readonly string[] => (typeof args === 'string' ? args.split(' ') : args);

export interface E2eHome {
  root: string;
  env: Record<string, string>;
  run(args: Args, opts?: RunCliOptions): Promise<CliResult>;
  /** Runs with `--json`, expects `code`, parses stdout strictly with the verb's schema. */
  json<S extends z.ZodType>(
    schema: S,
    args: Args,
    code?: number,
    opts?: RunCliOptions,
  ): Promise<z.infer<S>>;
  passphrase(repo: string): string;
  /** Raw borg as the repo's owner would run it (the passphrase from borgboi's key file). */
  borg(repo: string, args: readonly string[]): Promise<BorgRun>;
  /** An executable `sh` script in the home, e.g. a borg wrapper for `borg.executable_path`. */
  script(name: string, body: string): string;
  cleanup(): void;
}

export function e2eHome(extraEnv: Record<string, string> = {}): E2eHome {
  const root = mkdtempSync(join(tmpdir(), 'bb-e2e-'));
  const env = { BORGBOI_HOME: root, HOME: root, ...extraEnv };
  const run = (args: Args, opts: RunCliOptions = {}) =>
    runBorgboi(argv(args), { ...opts, env: { ...env, ...opts.env } });
  const passphrase = (repo: string) =>
    readFileSync(join(root, '.borgboi', 'passphrases', `${repo}.key`), 'utf8');
  return {
    root,
    env,
    run,
    async json(schema, args, code = 0, opts) {
      const r = await run([...argv(args), '--json'], opts);
      expect(r.code, `borgboi ${argv(args).join(' ')} --json\n${r.stderr}`).toBe(code);
      return schema.parse(JSON.parse(r.stdout));
    },
    passphrase,
    borg: (repo, args) =>
      runBorg(args, {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        LANG: 'C.UTF-8',
        HOME: root,
        BORG_PASSPHRASE: passphrase(repo),
      }),
    script(name, body) {
      const file = join(root, name);
      writeFileSync(file, `#!/bin/sh\n${body}\n`);
      chmodSync(file, 0o755);
      return file;
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Asserts a CLI run's exit code, showing its stderr when it differs. */
export function expectCode(r: CliResult, code: number, what = 'borgboi'): CliResult {
  expect(r.code, `${what}: exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`).toBe(code);
  return r;
}

/**
 * Replaces what legitimately differs between two equivalent runs (durations, times, ages,
 * archive ids, run ids) with placeholders, and `swap` pairs (e.g. a second repo's name and
 * path) with the first one's, so two outputs can be compared as text.
 */
export function normalize(text: string, swap: Array<[string, string]> = []): string {
  let out = text;
  for (const [from, to] of swap) out = out.split(from).join(to);
  return out
    .replace(/\d{4}-\d\d-\d\d[ T_]\d\d:\d\d(:\d\d(\.\d+)?)?( UTC|Z)?/g, '<time>')
    .replace(/\b[0-9a-f]{16,64}\b/g, '<id>')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, '<uuid>')
    .replace(/\b\d+(\.\d+)? (ms|s|m|h)\b/g, '<t>')
    .replace(/\b(just now|\d+[smhd]( \d+[smhd])? ago)\b/g, '<age>')
    .replace(/ {2,}/g, '  ');
}
