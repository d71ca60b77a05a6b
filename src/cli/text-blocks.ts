import type { RetentionPolicy } from '../core/models/index.js';
import { printLine, warn } from './output.js';
import type { CliRuntime } from './runtime.js';

/** Small text renderers the verbs share (tables live in format.ts). */

/** `Label:  value` lines with the values aligned; rows whose value is null are left out. */
export function renderPairs(pairs: ReadonlyArray<readonly [string, string | null]>): string {
  const shown = pairs.filter((p): p is readonly [string, string] => p[1] !== null);
  const width = Math.max(0, ...shown.map(([k]) => k.length + 1));
  return shown.map(([k, v]) => `${`${k}:`.padEnd(width)}  ${v}`).join('\n');
}

export function retentionText(p: RetentionPolicy): string {
  return `daily ${p.keep_daily}, weekly ${p.keep_weekly}, monthly ${p.keep_monthly}, yearly ${p.keep_yearly}`;
}

/** Each warning on its own stderr line (they are for people; --json carries them as data). */
export function printWarnings(
  rt: CliRuntime,
  warnings: ReadonlyArray<string | { message: string }>,
) {
  for (const w of warnings) warn(rt, typeof w === 'string' ? w : w.message);
}

/** A block of stdout lines. */
export function printBlock(rt: CliRuntime, text: string): void {
  if (text) printLine(rt, text);
}

/** `5,018`. A regex, not Intl.NumberFormat: constructing that loads ICU data (~50 ms at start). */
export function formatCount(n: number): string {
  const [int, frac] = String(Math.round(n * 100) / 100).split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac ? `${grouped}.${frac}` : grouped;
}

/** `1 repository`, `3 repositories`. */
export function countOf(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
