import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../test/support/temp.js';
import { fixedClock } from '../core/clock.js';
import { CRON_MARKER } from './cron.js';
import type { SchedulerContext } from './installed.js';
import { nodeScheduleFs, type CommandResult, type ScheduleRunner } from './runner.js';
import { installCron, installSystemd, removeSchedule, showSchedule } from './scheduler.js';
import type { ScheduleSpec } from './systemd-units.js';

const tmp = useTempDirs();

/**
 * Stands in for systemctl and crontab (neither can run in a test container): records every
 * call, keeps the crontab in memory, and answers systemctl with canned results.
 */
function fakeRunner(
  opts: { crontab?: string | null; systemctl?: Record<string, CommandResult> } = {},
) {
  let crontab = opts.crontab === undefined ? '' : opts.crontab;
  const calls: string[] = [];
  const ok = (stdout = ''): CommandResult => ({ exitCode: 0, stdout, stderr: '', missing: false });
  const runner: ScheduleRunner = {
    async run(command, args, input) {
      calls.push([command, ...args].join(' '));
      if (command === 'crontab') {
        if (crontab === null) return { exitCode: null, stdout: '', stderr: '', missing: true };
        if (args[0] === '-l')
          return crontab === ''
            ? { ...ok(), exitCode: 1, stderr: 'no crontab for root' }
            : ok(crontab);
        crontab = input ?? '';
        return ok();
      }
      const key = args.filter((a) => a !== '--user').join(' ');
      return opts.systemctl?.[key] ?? ok();
    },
  };
  return { runner, calls, crontab: () => crontab };
}

const spec: ScheduleSpec = {
  nodePath: '/usr/bin/node',
  cliPath: '/opt/borgboi/bin/borgboi.js',
  globalArgs: [],
  time: { hour: 2, minute: 30 },
  randomizedDelaySec: 1800,
  env: {},
  scope: 'system',
};

function context(runner: ScheduleRunner, over: Partial<SchedulerContext> = {}): SchedulerContext {
  const clock = fixedClock('2026-11-26T12:00:00Z');
  return {
    unitDir: tmp(),
    scope: 'system',
    manageSystemd: true,
    runner,
    fs: nodeScheduleFs,
    now: clock.now,
    ...over,
  };
}

describe('systemd install / show / remove', () => {
  it('writes both units, reloads and enables the timer, reports systemctl next run', async () => {
    const fake = fakeRunner({
      systemctl: {
        'show borgboi-daily.timer --property=NextElapseUSecRealtime --value --timestamp=unix': {
          exitCode: 0,
          stdout: '@1796178600\n',
          stderr: '',
          missing: false,
        },
      },
    });
    const ctx = context(fake.runner);
    const r = await installSystemd(ctx, spec);
    expect(r).toMatchObject({
      kind: 'systemd',
      enabled: true,
      next: { at: '2026-12-02T02:30:00.000Z', source: 'systemctl' },
    });
    expect(readdirSync(ctx.unitDir).sort()).toEqual([
      'borgboi-daily.service',
      'borgboi-daily.timer',
    ]);
    expect(fake.calls.filter((c) => c.startsWith('systemctl'))).toEqual([
      'systemctl daemon-reload',
      'systemctl enable --now borgboi-daily.timer',
      'systemctl show borgboi-daily.timer --property=NextElapseUSecRealtime --value --timestamp=unix',
    ]);

    const shown = await showSchedule(ctx);
    expect(shown.systemd).toMatchObject({
      onCalendar: '*-*-* 02:30:00',
      randomizedDelay: '30min',
      next: { source: 'systemctl' },
    });
    expect(shown.cron).toBeNull();

    expect((await removeSchedule(ctx, ['systemd', 'cron'])).removed).toHaveLength(2);
    expect(readdirSync(ctx.unitDir)).toEqual([]);
    expect(fake.calls.slice(-2)).toEqual([
      'systemctl disable --now borgboi-daily.timer',
      'systemctl daemon-reload',
    ]);
  });

  it('--user scope passes --user to systemctl and notes lingering', async () => {
    const fake = fakeRunner();
    const r = await installSystemd(context(fake.runner, { scope: 'user' }), {
      ...spec,
      scope: 'user',
    });
    expect(fake.calls).toContain('systemctl --user enable --now borgboi-daily.timer');
    expect(r.notes).toEqual([expect.stringMatching(/loginctl enable-linger/)]);
  });

  it('with --unit-dir only writes files and computes the next run', async () => {
    const fake = fakeRunner();
    const ctx = context(fake.runner, { manageSystemd: false });
    const r = await installSystemd(ctx, spec);
    expect(r.enabled).toBe(false);
    expect(r.next.source).toBe('computed');
    expect(new Date(r.next.at!).getHours()).toBe(2);
    expect(fake.calls.some((c) => c.startsWith('systemctl'))).toBe(false);
    expect(r.notes[0]).toMatch(
      /enable them with: systemctl daemon-reload && systemctl enable --now borgboi-daily.timer/,
    );
  });

  it('rolls the files back when systemctl fails, and says why', async () => {
    const down: CommandResult = {
      exitCode: 1,
      stdout: '',
      stderr:
        "System has not been booted with systemd as init system (PID 1). Can't operate.\nFailed to connect to bus: Host is down",
      missing: false,
    };
    const ctx = context(fakeRunner({ systemctl: { 'daemon-reload': down } }).runner);
    await expect(installSystemd(ctx, spec)).rejects.toMatchObject({
      exitCode: 1,
      message: 'systemctl daemon-reload failed: Failed to connect to bus: Host is down',
      hint: expect.stringMatching(/use --cron, or --unit-dir/),
    });
    expect(readdirSync(ctx.unitDir)).toEqual([]);
  });

  it.each([
    [
      'a timer',
      async (ctx: SchedulerContext) => void (await installSystemd(ctx, spec)),
      /systemd timer .*borgboi-daily.timer/,
    ],
    [
      'a crontab entry',
      async (ctx: SchedulerContext) =>
        void (await installCron(ctx, spec, {
          logFile: join(ctx.unitDir, 'l.log'),
          random: () => 0,
        })),
      /\(the crontab\)/,
    ],
  ])(
    'refuses a second schedule when %s exists (either kind), changing nothing',
    async (_name, first, where) => {
      const fake = fakeRunner();
      const ctx = context(fake.runner);
      await first(ctx);
      const files = readdirSync(ctx.unitDir).sort();
      const tab = fake.crontab();
      for (const again of [
        () => installSystemd(ctx, spec),
        () => installCron(ctx, spec, { logFile: '/x.log', random: () => 0 }),
      ]) {
        await expect(again()).rejects.toMatchObject({
          code: 'already-exists',
          exitCode: 2,
          message: expect.stringMatching(where),
        });
      }
      expect(readdirSync(ctx.unitDir).sort()).toEqual(files);
      expect(fake.crontab()).toBe(tab);
    },
  );
});

describe('cron install / show / remove', () => {
  it('appends the entry to the existing crontab and removes only it', async () => {
    const fake = fakeRunner({ crontab: 'MAILTO=root\n0 5 * * * /usr/bin/other\n' });
    const ctx = context(fake.runner);
    const logFile = join(tmp(), 'logs', 'schedule.log');
    const r = await installCron(ctx, spec, { logFile, random: () => 0.5 });
    expect(r).toMatchObject({ kind: 'cron', enabled: true, next: { source: 'computed' } });
    expect(r.cronLine).toMatch(/^45 2 \* \* \* \/usr\/bin\/node /);
    expect(r.notes).toEqual([
      `logs go to ${logFile}`,
      expect.stringMatching(/runs at 02:45, a random offset/),
    ]);
    expect(existsSync(join(logFile, '..'))).toBe(true);
    expect(fake.crontab()).toBe(
      `MAILTO=root\n0 5 * * * /usr/bin/other\n${CRON_MARKER}\n${r.cronLine}\n`,
    );

    const shown = await showSchedule(ctx);
    expect(shown.cron).toEqual({
      line: r.cronLine,
      next: { at: expect.any(String), source: 'computed' },
    });

    await removeSchedule(ctx, ['cron']);
    expect(fake.crontab()).toBe('MAILTO=root\n0 5 * * * /usr/bin/other\n');
  });

  it('says so when cron is not installed', async () => {
    const ctx = context(fakeRunner({ crontab: null }).runner);
    await expect(installCron(ctx, spec, { logFile: '/x.log', random: () => 0 })).rejects.toThrow(
      /crontab is not installed on this machine/,
    );
  });

  it('remove with nothing installed is not-found (exit 2)', async () => {
    const ctx = context(fakeRunner().runner);
    await expect(removeSchedule(ctx, ['systemd', 'cron'])).rejects.toMatchObject({
      code: 'not-found',
      exitCode: 2,
    });
  });
});
