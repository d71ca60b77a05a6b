import { z } from 'zod';

const keep = z
  .number()
  .int('must be a whole number')
  .min(0, 'must be 0 or more')
  .max(10_000, 'must be at most 10000');

/** How many archives prune keeps per period; `keep_yearly` is only passed to borg when > 0. */
export const retentionPolicySchema = z
  .object({
    keep_daily: keep,
    keep_weekly: keep,
    keep_monthly: keep,
    keep_yearly: keep,
  })
  .refine(
    (r) => r.keep_daily + r.keep_weekly + r.keep_monthly + r.keep_yearly > 0,
    'retention keeps nothing (all values are 0); set at least one of daily/weekly/monthly/yearly',
  );
export type RetentionPolicy = z.infer<typeof retentionPolicySchema>;

export const DEFAULT_RETENTION: RetentionPolicy = {
  keep_daily: 7,
  keep_weekly: 4,
  keep_monthly: 6,
  keep_yearly: 0,
};
