import type { HookCommand, HookOutcome, HookRunner } from '../../../src/ops/hook-runner.js';
import type { FetchLike } from '../../../src/ops/ping.js';

const ok: HookOutcome = {
  exitCode: 0,
  signal: null,
  timedOut: false,
  canceled: false,
  startError: null,
  tail: [],
};

/**
 * A HookRunner that records every command (argv after substitution, env, cwd, timeout) and
 * answers from a script keyed by the program (argv[0]); unscripted programs exit 0.
 */
export class FakeHookRunner implements HookRunner {
  readonly calls: HookCommand[] = [];
  private readonly script = new Map<string, Partial<HookOutcome>>();

  /** Every run of `program` ends like this (e.g. `{ exitCode: 3, tail: ['disk full'] }`). */
  answer(program: string, outcome: Partial<HookOutcome>): void {
    this.script.set(program, outcome);
  }

  async run(cmd: HookCommand): Promise<HookOutcome> {
    this.calls.push({ ...cmd, argv: [...cmd.argv], env: { ...cmd.env } });
    return { ...ok, tail: [`ran ${cmd.argv.join(' ')}`], ...this.script.get(cmd.argv[0]!) };
  }

  /** argv of each call, in order. */
  argvs(): string[][] {
    return this.calls.map((c) => [...c.argv]);
  }
}

export interface PingCall {
  url: string;
  method: string;
  body: string | null;
}

/** A fetch that records pings and answers 200, or what `answer` scripts (a status or an error). */
export class FakeFetch {
  readonly calls: PingCall[] = [];
  private next: Array<number | Error> = [];

  /** The following requests answer these statuses / throw these errors, in order. */
  answer(...replies: Array<number | Error>): void {
    this.next.push(...replies);
  }

  readonly fetch: FetchLike = async (url, init) => {
    const body = typeof init.body === 'string' ? init.body : null;
    this.calls.push({ url, method: init.method ?? 'GET', body });
    const reply = this.next.shift() ?? 200;
    if (reply instanceof Error) throw reply;
    return new Response(reply === 204 ? null : 'OK', { status: reply });
  };

  /** The ping kinds seen: 'start', 'success' or 'fail', from the URL suffix. */
  kinds(): string[] {
    return this.calls.map((c) =>
      c.url.endsWith('/start') ? 'start' : c.url.endsWith('/fail') ? 'fail' : 'success',
    );
  }
}
