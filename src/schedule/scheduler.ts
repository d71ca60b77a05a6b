import { dirname, join } from 'node:path';
import { BorgboiError } from '../core/errors.js';
import { addCronEntry, buildCronEntry, cronTime, removeCronEntry } from './cron.js';
import {
  findInstalled,
  nextCronRun,
  nextSystemdRun,
  readCrontab,
  systemctlArgs,
  type Installed,
  type NextRun,
  type SchedulerContext,
} from './installed.js';
import type { CommandResult } from './runner.js';
import {
  buildServiceUnit,
  buildTimerUnit,
  SERVICE_FILE,
  TIMER_FILE,
  type ScheduleSpec,
} from './systemd-units.js';
import { formatDailyTime } from './time.js';

export type ScheduleKind = 'systemd' | 'cron';

export interface InstallResult {
  kind: ScheduleKind;
  /** Unit files written (systemd) or the crontab line added (cron). */
  files: string[];
  cronLine: string | null;
  /** systemctl daemon-reload + enable --now ran. */
  enabled: boolean;
  next: NextRun;
  notes: string[];
}

function failed(what: string, r: CommandResult, hint: string): BorgboiError {
  const why = r.missing
    ? 'the program is not installed'
    : r.stderr.trim().split('\n').at(-1) || `exit ${r.exitCode}`;
  return new BorgboiError('io', `${what} failed: ${why}`, { hint });
}

export function refuseDuplicate(installed: Installed): void {
  const where = installed.systemd
    ? `systemd timer ${installed.systemd.timerFile}`
    : installed.cron
      ? 'the crontab'
      : null;
  if (!where) return;
  throw new BorgboiError('already-exists', `a borgboi schedule is already installed (${where})`, {
    hint: "see 'borgboi schedule show'; remove it first with 'borgboi schedule remove'",
  });
}

export async function installSystemd(
  ctx: SchedulerContext,
  spec: ScheduleSpec,
): Promise<InstallResult> {
  refuseDuplicate(await findInstalled(ctx));
  const service = join(ctx.unitDir, SERVICE_FILE);
  const timer = join(ctx.unitDir, TIMER_FILE);
  await ctx.fs.create(service, buildServiceUnit(spec));
  try {
    await ctx.fs.create(timer, buildTimerUnit(spec));
  } catch (e) {
    await ctx.fs.remove(service);
    throw e;
  }
  const result: InstallResult = {
    kind: 'systemd',
    files: [service, timer],
    cronLine: null,
    enabled: false,
    next: { at: null, source: 'unknown' },
    notes: [],
  };
  if (ctx.manageSystemd) {
    for (const args of [['daemon-reload'], ['enable', '--now', TIMER_FILE]]) {
      const r = await ctx.runner.run('systemctl', systemctlArgs(ctx, ...args));
      if (r.exitCode !== 0) {
        await Promise.all([ctx.fs.remove(service), ctx.fs.remove(timer)]);
        throw failed(
          `systemctl ${args.join(' ')}`,
          r,
          'is systemd running? use --cron, or --unit-dir to only write the files',
        );
      }
    }
    result.enabled = true;
  } else {
    const user = ctx.scope === 'user' ? ' --user' : '';
    result.notes.push(
      `units written only; enable them with: systemctl${user} daemon-reload && systemctl${user} enable --now ${TIMER_FILE}`,
    );
  }
  if (ctx.scope === 'user') {
    result.notes.push(
      "user timers run only while you are logged in, unless 'loginctl enable-linger' is set for your user",
    );
  }
  const installed = await findInstalled(ctx);
  result.next = await nextSystemdRun(ctx, installed.systemd!);
  return result;
}

export async function installCron(
  ctx: SchedulerContext,
  spec: ScheduleSpec,
  opts: { logFile: string; random: () => number },
): Promise<InstallResult> {
  refuseDuplicate(await findInstalled(ctx));
  const current = await readCrontab(ctx);
  if (current.missing) {
    throw new BorgboiError('io', 'crontab is not installed on this machine', {
      hint: 'install cron, or use --systemd',
    });
  }
  await ctx.fs.ensureDir(dirname(opts.logFile));
  const at = cronTime(spec, opts.random);
  const entry = buildCronEntry(spec, at, opts.logFile);
  const r = await ctx.runner.run('crontab', ['-'], addCronEntry(current.text, entry));
  if (r.exitCode !== 0)
    throw failed('crontab -', r, 'check that you may use cron (cron.allow / cron.deny)');
  const line = entry.split('\n')[1]!;
  const notes = [`logs go to ${opts.logFile}`];
  if (at.hour !== spec.time.hour || at.minute !== spec.time.minute) {
    notes.push(
      `cron has no randomized delay: runs at ${formatDailyTime(at)}, a random offset within the delay chosen now`,
    );
  }
  return {
    kind: 'cron',
    files: [],
    cronLine: line,
    enabled: true,
    next: nextCronRun(ctx, { line, time: at }),
    notes,
  };
}

export interface RemoveResult {
  removed: Array<{ kind: ScheduleKind; what: string }>;
}

export async function removeSchedule(
  ctx: SchedulerContext,
  kinds: readonly ScheduleKind[],
): Promise<RemoveResult> {
  const installed = await findInstalled(ctx);
  const removed: RemoveResult['removed'] = [];
  if (installed.systemd && kinds.includes('systemd')) {
    if (ctx.manageSystemd)
      await ctx.runner.run('systemctl', systemctlArgs(ctx, 'disable', '--now', TIMER_FILE));
    await Promise.all([
      ctx.fs.remove(installed.systemd.timerFile),
      ctx.fs.remove(installed.systemd.serviceFile),
    ]);
    if (ctx.manageSystemd) await ctx.runner.run('systemctl', systemctlArgs(ctx, 'daemon-reload'));
    removed.push(
      { kind: 'systemd', what: installed.systemd.timerFile },
      { kind: 'systemd', what: installed.systemd.serviceFile },
    );
  }
  if (installed.cron && kinds.includes('cron')) {
    const current = await readCrontab(ctx);
    const r = await ctx.runner.run('crontab', ['-'], removeCronEntry(current.text));
    if (r.exitCode !== 0) throw failed('crontab -', r, 'edit it with crontab -e');
    removed.push({ kind: 'cron', what: installed.cron.line });
  }
  if (removed.length === 0) {
    throw new BorgboiError(
      'not-found',
      `no borgboi schedule is installed (looked in ${ctx.unitDir} and the crontab)`,
      {
        hint: "install one with 'borgboi schedule install'",
      },
    );
  }
  return { removed };
}

export interface ShowResult {
  systemd: (Installed['systemd'] & { next: NextRun }) | null;
  cron: { line: string; next: NextRun } | null;
}

export async function showSchedule(ctx: SchedulerContext): Promise<ShowResult> {
  const installed = await findInstalled(ctx);
  return {
    systemd: installed.systemd
      ? { ...installed.systemd, next: await nextSystemdRun(ctx, installed.systemd) }
      : null,
    cron: installed.cron
      ? { line: installed.cron.line, next: nextCronRun(ctx, installed.cron) }
      : null,
  };
}
