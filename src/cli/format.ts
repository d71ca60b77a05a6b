/** Human formatting for text output (never used for --json, which keeps raw numbers and ISO). */

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '-';
  let v = Math.abs(n);
  let i = 0;
  while (v >= 1024 && i < UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  const s = i === 0 ? String(v) : v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2);
  return `${n < 0 ? '-' : ''}${s} ${UNITS[i]}`;
}

/** 1.2 s, 3m 05s, 2h 10m, 3d 4h. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const total = Math.round(s);
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  return `${m}m ${String(sec).padStart(2, '0')}s`;
}

/** "3h 10m ago", or "never". */
export function formatAge(iso: string | null | undefined, now: Date): string {
  if (!iso) return 'never';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const ms = now.getTime() - t;
  if (ms < 0) return 'in the future';
  if (ms < 60_000) return 'just now';
  return `${formatDuration(ms)} ago`;
}

/** `2026-11-26 06:02 UTC` for stored ISO timestamps; borg's naive local times are shown as is. */
export function formatTimestamp(iso: string | null | undefined): string {
  if (!iso) return 'never';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  if (!/[zZ]|[+-]\d\d:?\d\d$/.test(iso))
    return iso.replace(/(\d)T(\d)/, '$1 $2').replace(/\.\d+$/, '');
  return `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export interface Column<T> {
  header: string;
  value: (row: T) => string;
  align?: 'left' | 'right';
}

// eslint-disable-next-line no-control-regex -- strips ANSI colour codes to measure width
const ANSI = /\x1b\[[0-9;]*m/g;
const visible = (s: string) => s.replace(ANSI, '').length;

/**
 * A plain table: header + rows, columns padded, two spaces apart. Tab-free so it reads well in
 * a terminal and in logs; scripts should use --json instead.
 */
export function renderTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((r) => columns.map((c) => c.value(r)));
  const widths = columns.map((c, i) =>
    Math.max(visible(c.header), ...cells.map((row) => visible(row[i]!))),
  );
  const line = (vals: string[]) =>
    vals
      .map((v, i) => {
        const pad = ' '.repeat(widths[i]! - visible(v));
        return columns[i]!.align === 'right' ? pad + v : v + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join('\n');
}
