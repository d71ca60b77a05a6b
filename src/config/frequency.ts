/**
 * How often a consistency check runs (`checks[].frequency`): `always`, `never` (only by
 * `repo check`), `daily`, `weekly`, `monthly`, or `<N> <unit>` with unit minute(s)/min,
 * hour(s)/h, day(s)/d, week(s)/w, month(s) (30 days) or year(s) (365 days); `2 weeks`, `3d`,
 * `12h`.
 */
export type Frequency = { kind: 'always' } | { kind: 'never' } | { kind: 'every'; ms: number };

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const UNITS: Record<string, number> = {
  minute: MINUTE,
  min: MINUTE,
  hour: 60 * MINUTE,
  h: 60 * MINUTE,
  day: DAY,
  d: DAY,
  week: 7 * DAY,
  w: 7 * DAY,
  month: 30 * DAY,
  year: 365 * DAY,
};
const NAMED: Record<string, number> = { daily: DAY, weekly: 7 * DAY, monthly: 30 * DAY };

export const FREQUENCY_EXAMPLES = "'always', 'never', 'daily', '12h', '2 weeks' or '1 month'";

/** The parsed frequency, or null when the text is none of the forms above. */
export function parseFrequency(text: string): Frequency | null {
  const t = text.trim().toLowerCase();
  if (t === 'always') return { kind: 'always' };
  if (t === 'never') return { kind: 'never' };
  if (NAMED[t]) return { kind: 'every', ms: NAMED[t] };
  const m = /^(\d+)\s*([a-z]+?)s?$/.exec(t);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = UNITS[m[2]!];
  if (!unit || n < 1 || n > 10_000) return null;
  return { kind: 'every', ms: n * unit };
}

/** The message the config schema gives for a frequency that does not parse. */
export function frequencyProblem(text: string): string {
  return `'${text}' is not a frequency; write ${FREQUENCY_EXAMPLES}`;
}
