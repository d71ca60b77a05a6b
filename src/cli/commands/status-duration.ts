import { z } from 'zod';

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/**
 * `26h`, `90m`, `2d`, `1w`, `30s`, or a sum such as `1d12h` → milliseconds. Null when the text is
 * not such a duration or is zero.
 */
export function parseDuration(text: string): number | null {
  const s = text.trim().toLowerCase();
  if (!/^(\d+[smhdw])+$/.test(s)) return null;
  let ms = 0;
  for (const [, n, unit] of s.matchAll(/(\d+)([smhdw])/g)) {
    ms += Number(n) * UNIT_MS[unit as keyof typeof UNIT_MS];
  }
  return ms > 0 && Number.isSafeInteger(ms) ? ms : null;
}

/** zod for a duration flag: the text in, milliseconds out. */
export const durationSchema = z.lazy(() =>
  z.string().transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === null) {
      ctx.addIssue({
        code: 'custom',
        message: `'${text}' is not a duration; use a number with s, m, h, d or w (e.g. 26h, 90m, 2d, 1w)`,
      });
      return z.NEVER;
    }
    return ms;
  }),
);
