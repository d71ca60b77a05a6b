// The BENCH row protocol shared by bench scripts (emit) and bench/run.mjs (parse, render).
// See the protocol description at the top of bench/run.mjs.

export const PREFIX = 'BENCH ';

const BAR = /^(<=|>=|<|>|=)\s*(-?\d+(?:\.\d+)?)$/;

/** True/false when `value` meets `bar` ("<= 2.5", "= 0", …); null when value is null. */
export function judge(value, bar) {
  const m = BAR.exec(bar.trim());
  if (!m) throw new Error(`bench: bar "${bar}" is not "<op> <number>"`);
  if (value === null || value === undefined || Number.isNaN(value)) return null;
  const limit = Number(m[2]);
  switch (m[1]) {
    case '<=':
      return value <= limit;
    case '<':
      return value < limit;
    case '>=':
      return value >= limit;
    case '>':
      return value > limit;
    default:
      return value === limit;
  }
}

/**
 * Builds a row. With a baseline the bar applies to ratio = borgboi / baseline, else to the
 * borgboi value itself. `pass` may be forced (e.g. null for "command not available yet").
 */
export function makeRow({ metric, borgboi, baseline = null, unit, bar, note = '', pass, cpu }) {
  const ratio =
    borgboi !== null && baseline !== null && baseline !== 0 ? round(borgboi / baseline, 3) : null;
  const judged = judge(baseline === null ? borgboi : ratio, bar);
  const row = {
    metric,
    borgboi,
    baseline,
    unit,
    ratio,
    bar,
    pass: pass === undefined ? judged : pass,
    note,
  };
  if (cpu && cpu.borgboi !== null && cpu.baseline !== null && cpu.baseline > 0) {
    row.cpu_ratio = round(cpu.borgboi / cpu.baseline, 3);
  }
  return row;
}

/** Prints one row on stdout for the runner. */
export function emit(row) {
  process.stdout.write(`${PREFIX}${JSON.stringify(row)}\n`);
}

export function round(n, digits = 3) {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

const isNum = (v) => v === null || (typeof v === 'number' && Number.isFinite(v));

/** Parses and checks a `BENCH {...}` line; throws with the reason when malformed. */
export function parseRow(line) {
  const row = JSON.parse(line.slice(PREFIX.length));
  const problems = [];
  if (typeof row.metric !== 'string' || row.metric === '') problems.push('metric');
  for (const k of ['borgboi', 'baseline', 'ratio']) if (!isNum(row[k])) problems.push(k);
  if (typeof row.unit !== 'string') problems.push('unit');
  if (typeof row.bar !== 'string' || !BAR.test(row.bar.trim())) problems.push('bar');
  if (!(row.pass === null || typeof row.pass === 'boolean')) problems.push('pass');
  if (row.note !== undefined && typeof row.note !== 'string') problems.push('note');
  if (row.cpu_ratio !== undefined && !isNum(row.cpu_ratio)) problems.push('cpu_ratio');
  if (problems.length) throw new Error(`bad field(s) ${problems.join(', ')}`);
  return { note: '', ...row };
}

function fmt(v, unit) {
  if (v === null) return '-';
  const a = Math.abs(v);
  const n = Number.isInteger(v) || a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2);
  return unit ? `${n} ${unit}` : n;
}

export const verdict = (pass) => (pass === true ? 'pass' : pass === false ? 'FAIL' : 'n/a');

export function tableCells(row) {
  return [
    row.metric,
    fmt(row.borgboi, row.unit),
    fmt(row.baseline, row.unit),
    row.ratio === null ? '-' : `${row.ratio.toFixed(2)}×`,
    row.cpu_ratio === undefined || row.cpu_ratio === null ? '-' : `${row.cpu_ratio.toFixed(2)}×`,
    row.bar,
    verdict(row.pass),
    row.note ?? '',
  ];
}

export const HEADERS = [
  'metric',
  'borgboi',
  'baseline',
  'ratio',
  'CPU ratio',
  'bar',
  'result',
  'note',
];

/** Plain-text table for the terminal. */
export function renderText(rows) {
  const cells = [HEADERS, ...rows.map(tableCells)];
  const widths = HEADERS.map((_, i) => Math.max(...cells.map((r) => [...r[i]].length)));
  return cells
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i] - [...c].length)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Markdown table for docs/performance.md. */
export function renderMarkdown(rows) {
  const esc = (c) => c.replaceAll('|', '\\|');
  const lines = [`| ${HEADERS.join(' | ')} |`, `|${HEADERS.map(() => ' --- ').join('|')}|`];
  for (const row of rows) lines.push(`| ${tableCells(row).map(esc).join(' | ')} |`);
  return lines.join('\n');
}
