import { Chalk, type ChalkInstance } from 'chalk';
import type { Deps } from '../core/deps.js';
import { DEFAULT_GLOBALS, globalOptionsSchema, type GlobalOptions } from './global-options.js';
import type { IoStreams } from './io.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface RuntimeInput {
  io: IoStreams;
  env: Env;
  cwd: string;
  signal: AbortSignal;
  /** Builds the dependency graph once the global flags are known (tests pass fakes). */
  makeDeps: (globals: GlobalOptions, rt: CliRuntime) => Deps;
}

/** Per-invocation state shared by the verbs: streams, parsed global flags, lazy deps. */
export class CliRuntime {
  readonly io: IoStreams;
  readonly env: Env;
  readonly cwd: string;
  readonly signal: AbortSignal;
  globals: GlobalOptions = DEFAULT_GLOBALS;
  /** Exit code a verb asks for without throwing (e.g. status --max-age finding stale repos). */
  exitCode = 0;
  private readonly makeDeps: RuntimeInput['makeDeps'];
  private depsCache: Deps | undefined;
  private styleCache: ChalkInstance | undefined;

  constructor(input: RuntimeInput) {
    this.io = input.io;
    this.env = input.env;
    this.cwd = input.cwd;
    this.signal = input.signal;
    this.makeDeps = input.makeDeps;
  }

  setGlobals(raw: Record<string, unknown>): void {
    this.globals = globalOptionsSchema.parse(raw);
    this.styleCache = undefined;
  }

  deps(): Deps {
    return (this.depsCache ??= this.makeDeps(this.globals, this));
  }

  /** Colours only on a TTY, never with NO_COLOR, --no-color, --json or JSON logs. */
  get colorEnabled(): boolean {
    const g = this.globals;
    if (!g.color || g.json || this.env.NO_COLOR !== undefined) return false;
    if (this.env.FORCE_COLOR && this.env.FORCE_COLOR !== '0') return true;
    return this.io.isStderrTTY || this.io.isStdoutTTY;
  }

  get style(): ChalkInstance {
    return (this.styleCache ??= new Chalk({ level: this.colorEnabled ? 1 : 0 }));
  }

  /** Prompts are possible only with a TTY on stdin and stderr, and not in --json mode. */
  get canPrompt(): boolean {
    return this.io.isStdinTTY && this.io.isStderrTTY && !this.globals.json;
  }
}
