/**
 * A strict parser of the Prometheus text exposition format 0.0.4 (what node_exporter's
 * textfile collector reads), for tests: it throws on anything promtool would reject —
 * bad names, bad escapes, a TYPE after samples, a family split in two, duplicate series.
 */

export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}
export interface PromFamily {
  name: string;
  help: string | null;
  type: string | null;
  samples: PromSample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const FLOAT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function fail(line: number, why: string): never {
  throw new Error(`exposition line ${line}: ${why}`);
}

function parseValue(text: string, line: number): number {
  if (/^[+]?Inf$/.test(text)) return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  if (!FLOAT.test(text)) fail(line, `bad value '${text}'`);
  return Number(text);
}

/** Reads `{a="x",b="y"}` from position 0 of s; returns the labels and the rest of the line. */
function parseLabels(s: string, line: number): [Record<string, string>, string] {
  const labels: Record<string, string> = {};
  let i = 1;
  while (s[i] !== '}') {
    const eq = s.indexOf('=', i);
    if (eq < 0) fail(line, 'label without =');
    const key = s.slice(i, eq);
    if (!LABEL.test(key)) fail(line, `bad label name '${key}'`);
    if (key in labels) fail(line, `label ${key} twice`);
    if (s[eq + 1] !== '"') fail(line, `label ${key} value not quoted`);
    let j = eq + 2;
    let value = '';
    for (; j < s.length && s[j] !== '"'; j++) {
      if (s[j] === '\n') fail(line, 'raw newline in label value');
      if (s[j] !== '\\') {
        value += s[j];
        continue;
      }
      const esc = s[++j];
      if (esc === 'n') value += '\n';
      else if (esc === '\\' || esc === '"') value += esc;
      else fail(line, `bad escape \\${esc} in label value`);
    }
    if (j >= s.length) fail(line, 'unterminated label value');
    labels[key] = value;
    i = j + 1;
    if (s[i] === ',') i += 1;
    else if (s[i] !== '}') fail(line, `expected , or } after label ${key}`);
  }
  return [labels, s.slice(i + 1)];
}

function parseSample(text: string, line: number): PromSample {
  const m = /^([^\s{]+)(.*)$/.exec(text);
  if (!m || !NAME.test(m[1]!)) fail(line, `bad metric name in '${text}'`);
  let rest = m[2]!;
  let labels: Record<string, string> = {};
  if (rest.startsWith('{')) [labels, rest] = parseLabels(rest, line);
  const parts = rest.trim().split(/\s+/);
  if (!rest.startsWith(' ') || parts.length < 1 || parts.length > 2) {
    fail(line, `expected ' value [timestamp]' after the name in '${text}'`);
  }
  if (parts[1] !== undefined && !/^-?\d+$/.test(parts[1])) fail(line, 'bad timestamp');
  return { name: m[1]!, labels, value: parseValue(parts[0]!, line) };
}

/** Parses the whole text; families in order of appearance. */
export function parseExposition(text: string): PromFamily[] {
  if (text !== '' && !text.endsWith('\n')) throw new Error('exposition must end with a newline');
  const families = new Map<string, PromFamily>();
  const order: string[] = [];
  const series = new Set<string>();
  const family = (name: string, line: number): PromFamily => {
    let f = families.get(name);
    if (f && order.at(-1) !== name) fail(line, `family ${name} appears in two places`);
    if (!f) {
      f = { name, help: null, type: null, samples: [] };
      families.set(name, f);
      order.push(name);
    }
    return f;
  };
  text.split('\n').forEach((raw, idx) => {
    const line = idx + 1;
    if (raw === '') return;
    const meta = /^#\s+(HELP|TYPE)\s+(\S+)\s*(.*)$/.exec(raw);
    if (meta) {
      const [, kind, name, rest] = meta;
      if (!NAME.test(name!)) fail(line, `bad metric name ${name}`);
      const f = family(name!, line);
      if (kind === 'HELP') {
        if (f.help !== null) fail(line, `second HELP for ${name}`);
        if (/\\[^\\n]/.test(rest!.replace(/\\\\/g, ''))) fail(line, 'bad escape in HELP');
        f.help = rest!.replace(/\\n/g, '\n').replace(/\\\\/g, '\\');
      } else {
        if (f.type !== null) fail(line, `second TYPE for ${name}`);
        if (f.samples.length > 0) fail(line, `TYPE for ${name} after its samples`);
        if (!TYPES.has(rest!)) fail(line, `unknown type '${rest}'`);
        f.type = rest!;
      }
      return;
    }
    if (raw.startsWith('#')) return;
    const s = parseSample(raw, line);
    const key = `${s.name}${JSON.stringify(Object.entries(s.labels).sort())}`;
    if (series.has(key)) fail(line, `duplicate series ${key}`);
    series.add(key);
    family(s.name, line).samples.push(s);
  });
  return order.map((n) => families.get(n)!);
}
