import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../../src/borg/types.js';
import { createTestIo } from '../../../src/cli/io.js';
import { progressMode, startProgress } from '../../../src/cli/progress/index.js';
import {
  LiveLine,
  estimateEtaMs,
  fitLine,
  previousRunStats,
} from '../../../src/cli/progress/live-line.js';
import { CliRuntime } from '../../../src/cli/runtime.js';
import type { RunRecord } from '../../../src/core/models/index.js';
import { compactEvents, createEvents } from '../../support/recorded-borg.js';
import { fakeDeps } from '../../support/fake-deps.js';
import { createFakeOrchestrator } from '../../support/fake-orchestrator.js';
import { stripAnsi } from './harness.js';

const progressOf = (events: typeof createEvents) =>
  events.filter(
    (e): e is ProgressEvent => e.type.startsWith('progress') || e.type === 'archive_progress',
  );

describe('live progress line', () => {
  const previous = { originalSize: 1_018_001_986, createMs: 9_829 };

  it.each([
    ['no previous run', 1000, 10, null, null],
    ['early: the previous duration minus elapsed', 100, 1_000, previous, 9_729],
    ['half way after 5 s: 5 s more', 5_000, 509_000_993, previous, 5_000],
    ['past the previous size: unknown', 20_000, 2_000_000_000, previous, null],
  ])('ETA: %s', (_n, elapsed, done, prev, eta) => {
    expect(estimateEtaMs(elapsed, done, prev)).toBe(eta);
  });

  it('previousRunStats takes the create step and the original size', () => {
    const rec = {
      steps: [
        { name: 'prune', result: 'ok', duration_ms: 3 },
        { name: 'create', result: 'ok', duration_ms: 9_829 },
      ],
      stats: { original_size: 1_018_001_986, compressed_size: 0, deduplicated_size: 0, nfiles: 0 },
    } as RunRecord;
    expect(previousRunStats(rec)).toEqual(previous);
    expect(previousRunStats(null)).toBeNull();
    expect(previousRunStats({ ...rec, stats: null })).toBeNull();
  });

  it('borg create events (1 GiB fixture) → files, sizes, rate from borg times, ETA', () => {
    const live = new LiveLine(() => 0);
    live.previous = previous;
    const lines = progressOf(createEvents).map((e) => live.borg(e));
    const archive = lines.filter((l) => /^[\d,]+ files/.test(l ?? ''));
    expect(archive[0]).toBe('0 files  0 B read  0 B new  ETA 9.8 s');
    // 0.6 s after the first event: 14,294,892 bytes → ~22.7 MiB/s; ETA from the fraction read.
    expect(archive[3]).toMatch(
      /^1,680 files {2}13\.6 MiB read {2}10\.4 MiB new {2}22\.7 MiB\/s {2}ETA 9\.2 s$/,
    );
    // At the previous run's size no ETA is claimed any more.
    expect(archive.at(-1)).toBe('5,018 files  971 MiB read  961 MiB new  100 MiB/s');
    expect(lines).toContain('Initializing cache transaction: Reading config');
    expect(lines.at(-1)).toBeNull(); // finished events show nothing
  });

  it('progress_percent (compact) shows borg’s own message', () => {
    const live = new LiveLine(() => 0);
    const lines = progressOf(compactEvents).map((e) => live.borg(e));
    expect(lines).toContain(
      'Compacting segments  25%'.replace('  ', ' ').replace('segments 25', 'segments  25'),
    );
  });

  it('S3 progress: files, bytes, rate from the clock', () => {
    let t = 0;
    const live = new LiveLine(() => t);
    const p = { phase: 'upload' as const, filesTotal: 340, bytesTotal: 3 * 1024 ** 3, key: null };
    expect(live.s3({ ...p, filesDone: 0, bytesDone: 0 })).toBe(
      'upload 0/340 files  0 B / 3.00 GiB',
    );
    t = 2_000;
    expect(live.s3({ ...p, filesDone: 12, bytesDone: 80 * 1024 ** 2 })).toBe(
      'upload 12/340 files  80.0 MiB / 3.00 GiB  40.0 MiB/s',
    );
  });

  it('fitLine cuts to the terminal width', () => {
    expect(fitLine('x'.repeat(100), 40)).toBe(`${'x'.repeat(36)}…`);
    expect(fitLine('short', 40)).toBe('short');
  });
});

function runtime(opts: { tty: boolean; globals?: Record<string, unknown> }) {
  const io = createTestIo({ isStderrTTY: opts.tty, isStdinTTY: opts.tty, columns: 80 });
  const rt = new CliRuntime({
    io,
    env: {},
    cwd: '/',
    signal: new AbortController().signal,
    makeDeps: () => fakeDeps(createFakeOrchestrator()),
  });
  rt.setGlobals(opts.globals ?? {});
  return { rt, io };
}

describe('progress modes', () => {
  it.each([
    [true, {}, 'tty'],
    [false, {}, 'lines'],
    [true, { json: true }, 'lines'],
    [true, { quiet: true }, 'silent'],
    [false, { logFormat: 'json' }, 'json-log'],
    [true, { logFormat: 'json', quiet: true }, 'json-log'],
  ])('stderr TTY %s, globals %j → %s', (tty, globals, mode) => {
    expect(progressMode(runtime({ tty, globals }).rt)).toBe(mode);
  });

  it('the spinner keeps notices and file lines above it and stops cleanly', async () => {
    const { rt, io } = runtime({ tty: true });
    const p = await startProgress(rt, { listFiles: true });
    p.observer.stepStarted?.({ repo: 'alpha', step: 'create' });
    p.observer.notice?.('fixed permissions of alpha.key from 0644 to 0600');
    p.observer.borg?.onFileStatus?.({ type: 'file_status', status: 'A', path: '/data/a.txt' });
    p.observer.stepFinished?.({
      repo: 'alpha',
      step: 'create',
      result: 'warning',
      durationMs: 1_500,
    });
    p.stop();
    const text = stripAnsi(io.err());
    expect(text).toContain('fixed permissions of alpha.key from 0644 to 0600\n');
    expect(text).toContain('A /data/a.txt\n');
    expect(text).toContain('⚠ Creating archive warning (1.5 s)\n');
  });

  it('ui.show_progress: false turns the spinner into plain lines', async () => {
    const io = createTestIo({ isStderrTTY: true });
    const rt = new CliRuntime({
      io,
      env: {},
      cwd: '/',
      signal: new AbortController().signal,
      makeDeps: () =>
        fakeDeps(createFakeOrchestrator(), { config: { ui: { show_progress: false } } }),
    });
    const p = await startProgress(rt);
    p.observer.stepFinished?.({ repo: 'alpha', step: 'prune', result: 'ok', durationMs: 420 });
    expect(io.err()).toBe('prune ok 420 ms\n');
  });
});
