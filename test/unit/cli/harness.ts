import { Readable } from 'node:stream';
import { Command, CommanderError } from 'commander';
import { expect } from 'vitest';
import { ExitCode } from '../../../src/core/errors.js';
import { createTestIo, type TestIo } from '../../../src/cli/io.js';
import { renderError } from '../../../src/cli/render-error.js';
import { runCli } from '../../../src/cli/run-cli.js';
import { CliRuntime } from '../../../src/cli/runtime.js';
import { fakeDeps } from '../../support/fake-deps.js';
import { createFakeOrchestrator, type FakeOrchestrator } from '../../support/fake-orchestrator.js';

export interface RunOptions {
  orch?: FakeOrchestrator;
  /** stdin, stdout and stderr all terminals. */
  tty?: boolean;
  /** Typed at the prompt (implies a stdin stream). */
  stdin?: string;
  env?: Record<string, string>;
  cwd?: string;
  config?: Record<string, unknown>;
}

export interface RunResult {
  code: number;
  /** stdout and stderr without colour and cursor codes (rawErr keeps them). */
  out: string;
  err: string;
  rawErr: string;
  orch: FakeOrchestrator;
  io: TestIo;
}

/** The whole CLI (real program, real verbs) against the fake orchestrator. */
export async function runCmd(argv: string[], o: RunOptions = {}): Promise<RunResult> {
  const orch = o.orch ?? createFakeOrchestrator();
  const tty = o.tty ?? false;
  const io = createTestIo({ isStdinTTY: tty, isStdoutTTY: tty, isStderrTTY: tty, columns: 120 });
  if (o.stdin !== undefined) io.stdin = Readable.from([o.stdin]);
  const env = o.env ?? {};
  const code = await runCli(argv, {
    io,
    env,
    cwd: o.cwd ?? '/work',
    signal: new AbortController().signal,
    makeDeps: () => fakeDeps(orch, { env, config: o.config }),
  });
  return { code, out: stripAnsi(io.out()), err: stripAnsi(io.err()), rawErr: io.err(), orch, io };
}

// eslint-disable-next-line no-control-regex -- colour and cursor codes (CSI sequences)
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
export const stripAnsi = (s: string) => s.replace(ANSI, '');

type Register<T> = (
  parent: Command,
  rt: CliRuntime,
  runF?: (opts: T, rt: CliRuntime) => Promise<void>,
) => Command;

/**
 * Parses argv with one verb registered under a bare root and a spying runF: the options the
 * verb would run with, or the exit code and message of the usage error. Nothing runs.
 */
export async function parseVerb<T>(
  register: Register<T>,
  argv: string[],
): Promise<{ opts: T | undefined; code: number; err: string }> {
  const io = createTestIo();
  const rt = new CliRuntime({
    io,
    env: {},
    cwd: '/work',
    signal: new AbortController().signal,
    makeDeps: () => fakeDeps(createFakeOrchestrator()),
  });
  const program = new Command('borgboi').exitOverride().configureOutput({
    writeOut: () => undefined,
    writeErr: () => undefined,
    outputError: () => undefined,
  });
  let opts: T | undefined;
  register(program, rt, async (o) => void (opts = o));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return { opts, code: ExitCode.ok, err: io.err() };
  } catch (e) {
    if (e instanceof CommanderError) return { opts, code: ExitCode.usage, err: e.message };
    const code = renderError(rt, e);
    return { opts, code, err: io.err() };
  }
}

/** The one JSON document on stdout (fails the test when there is anything else). */
export function onlyJson(out: string): unknown {
  return JSON.parse(out);
}

/** Each expected key has this value in the parsed options (undefined = not given). */
export function expectOpts(opts: unknown, expected: Record<string, unknown>): void {
  expect(opts, 'the verb did not run').toBeDefined();
  const actual = opts as Record<string, unknown>;
  const picked = Object.fromEntries(Object.keys(expected).map((k) => [k, actual[k]]));
  expect(picked).toStrictEqual(expected);
}
