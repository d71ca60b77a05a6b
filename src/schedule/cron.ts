import { jobArgv, type ScheduleSpec } from './systemd-units.js';
import type { DailyTime } from './time.js';

/** The line above our job in a crontab; how `show`/`remove` recognise it. */
export const CRON_MARKER =
  "# borgboi daily backup (managed by 'borgboi schedule'; remove with 'borgboi schedule remove')";

/** POSIX sh single-quoting, plus crontab's own rule that `%` means newline unless escaped. */
function shellWord(word: string): string {
  const w = /^[A-Za-z0-9_@+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
  return w.replace(/%/g, '\\%');
}

/**
 * cron has no randomized delay: an offset within the delay is chosen once, at install, so a
 * fleet still spreads out. `random` is injected so tests are repeatable.
 */
export function cronTime(spec: ScheduleSpec, random: () => number): DailyTime {
  const offset = Math.floor(random() * Math.floor(spec.randomizedDelaySec / 60));
  const total = (spec.time.hour * 60 + spec.time.minute + offset) % 1440;
  return { hour: Math.floor(total / 60), minute: total % 60 };
}

/** The two crontab lines: marker + `M H * * * env… node cli … >> log 2>&1`. */
export function buildCronEntry(spec: ScheduleSpec, at: DailyTime, logFile: string): string {
  const env = Object.entries(spec.env).map(([k, v]) => `${k}=${shellWord(v)}`);
  const cmd = [...env, ...jobArgv(spec).map(shellWord)].join(' ');
  return `${CRON_MARKER}\n${at.minute} ${at.hour} * * * ${cmd} >> ${shellWord(logFile)} 2>&1\n`;
}

export interface CronEntry {
  line: string;
  time: DailyTime | null;
}

/** Our entry in a crontab, or null. */
export function findCronEntry(crontab: string): CronEntry | null {
  const lines = crontab.split('\n');
  const i = lines.indexOf(CRON_MARKER);
  if (i < 0 || lines[i + 1] === undefined) return null;
  const line = lines[i + 1]!;
  const m = /^(\d{1,2}) (\d{1,2}) \* \* \* /.exec(line);
  return { line, time: m ? { hour: Number(m[2]), minute: Number(m[1]) } : null };
}

export function addCronEntry(crontab: string, entry: string): string {
  const base = crontab === '' || crontab.endsWith('\n') ? crontab : `${crontab}\n`;
  return base + entry;
}

/** The crontab without our marker and the job line under it. */
export function removeCronEntry(crontab: string): string {
  const lines = crontab.split('\n');
  const i = lines.indexOf(CRON_MARKER);
  if (i < 0) return crontab;
  lines.splice(i, lines[i + 1] === undefined ? 1 : 2);
  return lines.join('\n');
}
