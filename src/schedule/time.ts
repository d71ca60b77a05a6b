import { ValidationError } from '../core/errors.js';

/** A daily wall-clock time (local time of the machine, like systemd's OnCalendar and cron). */
export interface DailyTime {
  hour: number;
  minute: number;
}

export function parseDailyTime(text: string): DailyTime {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  const hour = m ? Number(m[1]) : NaN;
  const minute = m ? Number(m[2]) : NaN;
  if (!(hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59)) {
    throw new ValidationError([
      `--time '${text}' is not a time of day; write HH:MM from 00:00 to 23:59 (e.g. 02:30)`,
    ]);
  }
  return { hour, minute };
}

export const formatDailyTime = (t: DailyTime) =>
  `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;

const SPAN =
  /^(?:(\d+)\s*h(?:ours?|r)?)?\s*(?:(\d+)\s*m(?:in(?:utes?)?)?)?\s*(?:(\d+)\s*s(?:ec(?:onds?)?)?)?$/;

/** `30m`, `1h30m`, `45min`, `1h 30min`, `90s`, `90` (seconds) or `0` → seconds; below 24 hours. */
export function parseDelay(text: string): number {
  const t = text.trim().toLowerCase();
  const m = t === '' ? null : /^\d+$/.test(t) ? [t, '0', '0', t] : SPAN.exec(t);
  const seconds = m ? Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) : NaN;
  if (!(seconds >= 0 && seconds < 86_400)) {
    throw new ValidationError([
      `--randomized-delay '${text}' is not a delay below 24h; write e.g. 30m, 1h, 1h30m or 0`,
    ]);
  }
  return seconds;
}

/** systemd time span: `1h 30min`, `45s`, `0`. */
export function formatTimespan(seconds: number): string {
  if (seconds === 0) return '0';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return [h ? `${h}h` : '', m ? `${m}min` : '', s ? `${s}s` : ''].filter(Boolean).join(' ');
}

/** The next local time at hour:minute strictly after `now`. */
export function nextDailyRun(time: DailyTime, now: Date): Date {
  const next = new Date(now);
  next.setHours(time.hour, time.minute, 0, 0);
  if (next.getTime() <= now.getTime()) next.setDate(next.getDate() + 1);
  return next;
}
