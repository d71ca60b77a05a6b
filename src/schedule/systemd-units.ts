import { formatDailyTime, formatTimespan, type DailyTime } from './time.js';

export const UNIT_NAME = 'borgboi-daily';
export const SERVICE_FILE = `${UNIT_NAME}.service`;
export const TIMER_FILE = `${UNIT_NAME}.timer`;

/** What a scheduled daily backup runs and when. */
export interface ScheduleSpec {
  /** Absolute path of node and of the borgboi entry script. */
  nodePath: string;
  cliPath: string;
  /** Extra argv before the verb, e.g. `--config FILE`. */
  globalArgs: readonly string[];
  time: DailyTime;
  randomizedDelaySec: number;
  /** Environment the job needs (BORGBOI_HOME when set). */
  env: Readonly<Record<string, string>>;
  scope: 'system' | 'user';
}

export const JOB_ARGS = ['backup', 'daily', '--all', '--log-format', 'json'] as const;

export function jobArgv(spec: ScheduleSpec): string[] {
  return [spec.nodePath, spec.cliPath, ...spec.globalArgs, ...JOB_ARGS];
}

/** systemd specifiers (%) and, in ExecStart, variable expansion ($) must be doubled. */
function systemdWord(word: string, execStart: boolean): string {
  let w = word.replace(/%/g, '%%');
  if (execStart) w = w.replace(/\$/g, '$$$$');
  if (/^[A-Za-z0-9_@%+=:,./$-]+$/.test(w)) return w;
  return `"${w.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export const onCalendarFor = (t: DailyTime) => `*-*-* ${formatDailyTime(t)}:00`;

/** The service: one oneshot run of the daily backup, politely niced. */
export function buildServiceUnit(spec: ScheduleSpec): string {
  const lines = [
    "# Written by 'borgboi schedule install'; remove with 'borgboi schedule remove'.",
    '[Unit]',
    'Description=borgboi daily backup of every repository on this host',
  ];
  if (spec.scope === 'system')
    lines.push('Wants=network-online.target', 'After=network-online.target');
  lines.push('', '[Service]', 'Type=oneshot');
  lines.push(
    `ExecStart=${jobArgv(spec)
      .map((w) => systemdWord(w, true))
      .join(' ')}`,
  );
  for (const [k, v] of Object.entries(spec.env))
    lines.push(`Environment=${systemdWord(`${k}=${v}`, false)}`);
  lines.push('Nice=10', 'IOSchedulingClass=idle', '');
  return lines.join('\n');
}

/** The timer: daily at the given time, caught up after downtime, spread by a random delay. */
export function buildTimerUnit(spec: ScheduleSpec): string {
  return [
    "# Written by 'borgboi schedule install'; remove with 'borgboi schedule remove'.",
    '[Unit]',
    `Description=Run the borgboi daily backup at ${formatDailyTime(spec.time)}`,
    '',
    '[Timer]',
    `OnCalendar=${onCalendarFor(spec.time)}`,
    `RandomizedDelaySec=${formatTimespan(spec.randomizedDelaySec)}`,
    'Persistent=true',
    `Unit=${SERVICE_FILE}`,
    '',
    '[Install]',
    'WantedBy=timers.target',
    '',
  ].join('\n');
}

export type UnitFile = Record<string, Record<string, string[]>>;

/** Parses a unit file into section → key → values (keys may repeat); comments dropped. */
export function parseUnitFile(text: string): UnitFile {
  const out: UnitFile = {};
  let section: Record<string, string[]> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      section = out[header[1]!] ??= {};
      continue;
    }
    const eq = line.indexOf('=');
    if (!section || eq < 1) throw new Error(`not a unit file line: ${line}`);
    (section[line.slice(0, eq).trim()] ??= []).push(line.slice(eq + 1).trim());
  }
  return out;
}

/** `*-*-* HH:MM:00` (what we write) → the time; null for calendar specs we did not write. */
export function dailyTimeOf(onCalendar: string): DailyTime | null {
  const m = /^\*-\*-\* (\d{2}):(\d{2})(?::00)?$/.exec(onCalendar.trim());
  return m ? { hour: Number(m[1]), minute: Number(m[2]) } : null;
}
