import { join } from 'node:path';
import { findCronEntry, type CronEntry } from './cron.js';
import type { ScheduleFs, ScheduleRunner } from './runner.js';
import {
  dailyTimeOf,
  parseUnitFile,
  SERVICE_FILE,
  TIMER_FILE,
  UNIT_NAME,
} from './systemd-units.js';
import { nextDailyRun } from './time.js';

export interface SchedulerContext {
  /** Where the systemd units live (scope's default dir, or --unit-dir). */
  unitDir: string;
  scope: 'system' | 'user';
  /** False with --unit-dir: files only, systemctl is never called. */
  manageSystemd: boolean;
  runner: ScheduleRunner;
  fs: ScheduleFs;
  now(): Date;
}

export interface NextRun {
  at: string | null;
  /** systemctl's own answer, or computed from OnCalendar / the cron line. */
  source: 'systemctl' | 'computed' | 'unknown';
}

export interface InstalledSystemd {
  timerFile: string;
  serviceFile: string;
  onCalendar: string | null;
  randomizedDelay: string | null;
  execStart: string | null;
}

export interface Installed {
  systemd: InstalledSystemd | null;
  cron: CronEntry | null;
}

export const systemctlArgs = (ctx: SchedulerContext, ...args: string[]) =>
  ctx.scope === 'user' ? ['--user', ...args] : args;

/** The current crontab ('' when there is none or cron is not installed). */
export async function readCrontab(
  ctx: SchedulerContext,
): Promise<{ text: string; missing: boolean }> {
  const r = await ctx.runner.run('crontab', ['-l']);
  if (r.missing) return { text: '', missing: true };
  return { text: r.exitCode === 0 ? r.stdout : '', missing: false };
}

export async function findInstalled(ctx: SchedulerContext): Promise<Installed> {
  const timerFile = join(ctx.unitDir, TIMER_FILE);
  const serviceFile = join(ctx.unitDir, SERVICE_FILE);
  const [timer, service] = await Promise.all([ctx.fs.read(timerFile), ctx.fs.read(serviceFile)]);
  let systemd: InstalledSystemd | null = null;
  if (timer !== null || service !== null) {
    const t = timer === null ? {} : parseUnitFile(timer);
    const s = service === null ? {} : parseUnitFile(service);
    systemd = {
      timerFile,
      serviceFile,
      onCalendar: t.Timer?.OnCalendar?.[0] ?? null,
      randomizedDelay: t.Timer?.RandomizedDelaySec?.[0] ?? null,
      execStart: s.Service?.ExecStart?.[0] ?? null,
    };
  }
  return { systemd, cron: findCronEntry((await readCrontab(ctx)).text) };
}

async function systemctlNext(ctx: SchedulerContext): Promise<Date | null> {
  if (!ctx.manageSystemd) return null;
  const r = await ctx.runner.run(
    'systemctl',
    systemctlArgs(
      ctx,
      'show',
      `${UNIT_NAME}.timer`,
      '--property=NextElapseUSecRealtime',
      '--value',
      '--timestamp=unix',
    ),
  );
  const m = r.exitCode === 0 ? /^@(\d+)$/.exec(r.stdout.trim()) : null;
  return m ? new Date(Number(m[1]) * 1000) : null;
}

export async function nextSystemdRun(ctx: SchedulerContext, s: InstalledSystemd): Promise<NextRun> {
  const fromSystemctl = await systemctlNext(ctx);
  if (fromSystemctl) return { at: fromSystemctl.toISOString(), source: 'systemctl' };
  const time = s.onCalendar ? dailyTimeOf(s.onCalendar) : null;
  if (!time) return { at: null, source: 'unknown' };
  return { at: nextDailyRun(time, ctx.now()).toISOString(), source: 'computed' };
}

export function nextCronRun(ctx: SchedulerContext, c: CronEntry): NextRun {
  if (!c.time) return { at: null, source: 'unknown' };
  return { at: nextDailyRun(c.time, ctx.now()).toISOString(), source: 'computed' };
}
