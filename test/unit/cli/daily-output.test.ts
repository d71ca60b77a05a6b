import { describe, expect, it } from 'vitest';
import { logEventSchema } from '../../../src/cli/json-shapes.js';
import type { DailyResult } from '../../../src/core/orchestrator-api.js';
import { createFakeOrchestrator } from '../../support/fake-orchestrator.js';
import { runCmd } from './harness.js';

const partial: DailyResult = {
  repo: 'alpha',
  runId: 'run-1',
  result: 'partial',
  exitCode: 3,
  archive: 'alpha-2026-11-27T06:00:00',
  steps: [
    { name: 'create', result: 'warning', duration_ms: 9_829, borg_rc: 1 },
    { name: 'prune', result: 'ok', duration_ms: 420, borg_rc: 0 },
    {
      name: 'compact',
      result: 'failed',
      duration_ms: 310,
      borg_rc: 2,
      message: 'borg compact failed',
    },
  ],
  warnings: ['/does-not-exist: [Errno 2] No such file or directory'],
  error: { code: 'borg', message: 'borg compact failed (rc 2)', hint: 'see the borg output above' },
  stats: { original_size: 300600, compressed_size: 300893, deduplicated_size: 802, nfiles: 7 },
  durationMs: 10_600,
};

describe('backup daily: output and exit codes', () => {
  it('not a TTY: one quiet line per step on stderr, the summary on stdout', async () => {
    const r = await runCmd(['backup', 'daily', '-n', 'alpha']);
    expect(r.code).toBe(0);
    expect(r.err.split('\n')).toEqual([
      'create ok 9.8 s',
      'prune ok 420 ms',
      'compact ok 310 ms',
      'sync skipped (offline)',
      'info ok 250 ms',
      '',
    ]);
    expect(r.out).toContain("Daily backup of 'alpha': success");
    expect(r.out).toMatch(/Archive: +alpha-2026-11-26T06:00:00/);
    expect(r.out).toMatch(/Files: +7\n/);
    expect(r.out).toMatch(/Size: +294 KiB original, 294 KiB compressed, 802 B new/);
    expect(r.out).toMatch(
      /Steps: +create ok 9\.8 s, prune ok 420 ms, compact ok 310 ms, sync skipped, info ok 250 ms/,
    );
    expect(r.out).toMatch(/Took: +10\.9 s/);
  });

  it('a partial run exits 3 and names the failed step, the warning and the error', async () => {
    const orch = createFakeOrchestrator({ dailyBackup: async () => partial });
    const r = await runCmd(['backup', 'daily'], { orch });
    expect(r.code).toBe(3);
    expect(r.out).toContain("Daily backup of 'alpha': partial");
    expect(r.out).toContain('compact failed');
    expect(r.out).toMatch(/Warning: +\/does-not-exist: \[Errno 2\]/);
    expect(r.err).toContain('Error: borg compact failed (rc 2); see the borg output above');
  });

  it('--json: the run document, with the exit code of the run', async () => {
    const orch = createFakeOrchestrator({ dailyBackup: async () => partial });
    const r = await runCmd(['backup', 'daily', '--json'], { orch });
    expect(r.code).toBe(3);
    expect(JSON.parse(r.out)).toMatchObject({
      result: 'partial',
      exit_code: 3,
      error: { code: 'borg' },
    });
  });

  it('--all: a block per repo, a final count, the worst exit code', async () => {
    const orch = createFakeOrchestrator({
      dailyBackupAll: async () => ({
        results: [
          partial,
          { ...partial, repo: 'beta', result: 'success', exitCode: 0, error: null },
        ],
        exitCode: 3,
      }),
    });
    const r = await runCmd(['backup', 'daily', '--all'], { orch });
    expect(r.code).toBe(3);
    expect(r.out).toContain("Daily backup of 'alpha': partial");
    expect(r.out).toContain("Daily backup of 'beta': success");
    expect(r.out).toMatch(/2 repositories: 1 partial, 1 success\n$/);
  });

  it('the orchestrator gets the flags: --no-* and --list', async () => {
    const r = await runCmd([
      'backup',
      'daily',
      '-n',
      'alpha',
      '--no-s3-sync',
      '--no-prune',
      '--list',
    ]);
    expect(r.orch.calls[0]!.args[0]).toMatchObject({
      ref: { kind: 'name', name: 'alpha' },
      noS3Sync: true,
      noPrune: true,
      noCompact: false,
      listFiles: true,
    });
    expect(r.err).toContain('A /data/small/d00/f00000.txt\n');
  });

  it('on a TTY: spinners per step, a live line with rate and ETA from the previous run', async () => {
    const r = await runCmd(['backup', 'daily', '-n', 'alpha'], { tty: true });
    expect(r.code).toBe(0);
    expect(r.err).toContain('✔ Creating archive (9.8 s)');
    expect(r.err).toContain('✔ Compacting repository (310 ms)');
    expect(r.err).toContain('○ Syncing to S3 skipped: offline');
    expect(r.orch.calls.map((c) => c.method)).toEqual(['dailyBackup', 'previousRun']);
  });

  it('--quiet: nothing on stderr for a good run', async () => {
    const r = await runCmd(['backup', 'daily', '-q']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
  });

  it('--log-format json: stderr is one event per line with the fixed keys', async () => {
    const orch = createFakeOrchestrator({
      dailyBackup: async (i) => {
        i.observer?.stepStarted?.({ repo: 'alpha', step: 'compact' });
        i.observer?.stepFinished?.({
          repo: 'alpha',
          step: 'compact',
          result: 'failed',
          durationMs: 310,
          borgRc: 2,
        });
        return partial;
      },
    });
    const r = await runCmd(['backup', 'daily', '--log-format', 'json', '--list'], { orch });
    const events = r.err
      .trimEnd()
      .split('\n')
      .map((l) => logEventSchema.unwrap().strict().parse(JSON.parse(l)));
    expect(events.map((e) => e.event)).toEqual(['step_started', 'step_finished', 'daily_finished']);
    expect(events[1]).toMatchObject({
      level: 'error',
      repo: 'alpha',
      step: 'compact',
      duration_ms: 310,
      rc: 2,
    });
    expect(events[2]).toMatchObject({ level: 'error', rc: 3, duration_ms: 10_600 });
    for (const e of events) expect(Date.parse(e.time)).not.toBeNaN();
  });

  it('--log-format json with the fixture events: file_status and progress are events too', async () => {
    const r = await runCmd(['backup', 'daily', '--log-format', 'json', '--list']);
    const events = r.err
      .trimEnd()
      .split('\n')
      .map((l) => logEventSchema.parse(JSON.parse(l)));
    expect(events.filter((e) => e.event === 'file_status').length).toBe(12);
    expect(events.find((e) => e.event === 'step_finished' && e.step === 'create')).toMatchObject({
      rc: 0,
      duration_ms: 9829,
    });
  });
});
