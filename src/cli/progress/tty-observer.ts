import type { WorkflowObserver } from '../../core/orchestrator-api.js';
import type { RunRecord } from '../../core/models/index.js';
import { formatDuration } from '../format.js';
import type { TextSink } from '../io.js';
import type { CliRuntime } from '../runtime.js';
import { LiveLine, fitLine, previousRunStats, stepLabel } from './live-line.js';

export interface TtyObserverOptions {
  listFiles: boolean;
  showRepo: boolean;
  previousRun?: ((repo: string) => Promise<RunRecord | null>) | undefined;
  now: () => number;
}

/**
 * The cursor calls ora makes, done with ANSI codes on any text sink, so the spinner draws on
 * the CLI's stderr (a real TTY in production, a buffer in tests) rather than on process.stderr.
 */
function ttyStream(sink: TextSink, columns: number): NodeJS.WritableStream {
  const esc = (s: string) => void sink.write(`\x1b[${s}`);
  return {
    isTTY: true,
    columns,
    write: (chunk: string) => (sink.write(chunk), true),
    cursorTo: (x: number) => esc(`${x + 1}G`),
    moveCursor: (dx: number, dy: number) => {
      if (dy < 0) esc(`${-dy}A`);
      if (dy > 0) esc(`${dy}B`);
      if (dx > 0) esc(`${dx}C`);
      if (dx < 0) esc(`${-dx}D`);
    },
    clearLine: (dir: number) => esc(dir === 1 ? '0K' : dir === -1 ? '1K' : '2K'),
  } as unknown as NodeJS.WritableStream;
}

const SYMBOLS = {
  ok: ['✔', 'green'],
  warning: ['⚠', 'yellow'],
  failed: ['✖', 'red'],
  interrupted: ['✖', 'red'],
  skipped: ['○', 'gray'],
} as const;

/** An ora spinner per workflow step with a live progress line (ora redraws ≤ 10 times a second). */
export async function createTtyObserver(
  rt: CliRuntime,
  opts: TtyObserverOptions,
): Promise<{ observer: WorkflowObserver; stop(): void }> {
  const { default: ora } = await import('ora');
  const spinner = ora({
    stream: ttyStream(rt.io.stderr, rt.io.columns),
    isEnabled: true,
    discardStdin: false,
    interval: 100,
    color: rt.colorEnabled ? 'cyan' : false,
  });
  const live = new LiveLine(opts.now);
  const fetched = new Set<string>();
  let label = '';
  const title = (repo: string, step: string) =>
    opts.showRepo ? `${repo}: ${stepLabel(step)}` : stepLabel(step);
  const show = (status: string | null) => {
    if (status) spinner.text = fitLine(`${label}  ${status}`, rt.io.columns);
  };
  /** Prints a full line above the spinner without breaking it. */
  const above = (line: string) => {
    spinner.clear();
    rt.io.stderr.write(`${line}\n`);
    if (spinner.isSpinning) spinner.render();
  };
  const loadPrevious = (repo: string) => {
    if (!opts.previousRun || fetched.has(repo)) return;
    fetched.add(repo);
    opts.previousRun(repo).then(
      (r) => void (live.previous = previousRunStats(r)),
      () => undefined, // no ETA without a previous run; the backup itself is unaffected
    );
  };

  const observer: WorkflowObserver = {
    stepStarted: ({ repo, step }) => {
      live.reset();
      if (step === 'create') loadPrevious(repo);
      label = title(repo, step);
      spinner.start(label);
    },
    stepFinished: ({ repo, step, result, durationMs, message }) => {
      const [symbol, color] = SYMBOLS[result];
      const detail = result === 'ok' ? '' : ` ${result}`;
      const why = message ? `: ${message}` : '';
      const took = result === 'skipped' ? '' : ` (${formatDuration(durationMs)})`;
      spinner.stopAndPersist({
        symbol: rt.style[color](symbol),
        text: `${title(repo, step)}${detail}${took}${why}`,
      });
    },
    borg: {
      onProgress: (e) => show(live.borg(e)),
      onFileStatus: opts.listFiles ? (e) => above(`${e.status} ${e.path}`) : undefined,
    },
    s3: (p) => show(live.s3(p)),
    notice: (message) => above(message),
  };
  return { observer, stop: () => void (spinner.isSpinning && spinner.stop()) };
}
