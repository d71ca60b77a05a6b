import type { WorkflowObserver } from '../../core/orchestrator-api.js';
import type { RunStep } from '../../core/models/index.js';
import { formatDuration } from '../format.js';
import type { LogEvent } from '../json-shapes.js';
import { note } from '../output.js';
import type { CliRuntime } from '../runtime.js';
import { LiveLine } from './live-line.js';

/**
 * Not a TTY (cron, CI, pipes): one quiet line per finished step, `create ok 12.3 s`, and the
 * file list with `--list`. No progress redraws.
 */
export function createLinesObserver(
  rt: CliRuntime,
  opts: { listFiles: boolean; showRepo: boolean },
): WorkflowObserver {
  const err = (line: string) => void rt.io.stderr.write(`${line}\n`);
  return {
    stepFinished: ({ repo, step, result, durationMs, message }) => {
      const who = opts.showRepo ? `${repo}: ` : '';
      const took = result === 'skipped' ? '' : ` ${formatDuration(durationMs)}`;
      err(`${who}${step} ${result}${took}${message ? ` (${message})` : ''}`);
    },
    borg: opts.listFiles ? { onFileStatus: (e) => err(`${e.status} ${e.path}`) } : undefined,
    notice: (message) => note(rt, message),
  };
}

const LEVEL: Record<RunStep['result'], LogEvent['level']> = {
  ok: 'info',
  skipped: 'info',
  warning: 'warning',
  failed: 'error',
  interrupted: 'error',
};

/**
 * `--log-format json`: stderr carries one event per line with a fixed set of keys
 * `{time, level, event, repo, step, duration_ms, rc, message}`. Progress is sampled once a
 * second so a log collector is not flooded.
 */
export function createJsonLogObserver(
  rt: CliRuntime,
  opts: { listFiles: boolean; now: () => number },
): WorkflowObserver {
  const live = new LiveLine(opts.now);
  let current: { repo: string; step: string } | null = null;
  let lastProgress = 0;
  const emit = (e: Partial<LogEvent> & Pick<LogEvent, 'event' | 'level'>) => {
    const event: LogEvent = {
      time: new Date(opts.now()).toISOString(),
      level: e.level,
      event: e.event,
      repo: e.repo ?? current?.repo ?? null,
      step: e.step ?? current?.step ?? null,
      duration_ms: e.duration_ms ?? null,
      rc: e.rc ?? null,
      message: e.message ?? null,
    };
    rt.io.stderr.write(`${JSON.stringify(event)}\n`);
  };
  const progress = (message: string | null) => {
    const t = opts.now();
    if (!message || t - lastProgress < 1000) return;
    lastProgress = t;
    emit({ event: 'progress', level: 'debug', message });
  };
  return {
    stepStarted: ({ repo, step }) => {
      current = { repo, step };
      live.reset();
      emit({ event: 'step_started', level: 'info' });
    },
    stepFinished: ({ repo, step, result, durationMs, message, borgRc }) => {
      emit({
        event: 'step_finished',
        level: LEVEL[result],
        repo,
        step,
        duration_ms: durationMs,
        rc: borgRc ?? null,
        message: message ?? result,
      });
      current = null;
    },
    borg: {
      onProgress: (e) => progress(live.borg(e)),
      onFileStatus: opts.listFiles
        ? (e) => emit({ event: 'file_status', level: 'info', message: `${e.status} ${e.path}` })
        : undefined,
      onLog: (e) => {
        if (e.levelname === 'WARNING' || e.levelname === 'ERROR' || e.levelname === 'CRITICAL') {
          const level = e.levelname === 'WARNING' ? 'warning' : 'error';
          emit({ event: 'borg_log', level, message: e.message });
        }
      },
    },
    s3: (p) => progress(live.s3(p)),
    notice: (message) => emit({ event: 'notice', level: 'info', message }),
  };
}
