/**
 * Checks a borg `re:` pattern. borg compiles it with Python's `re`, we can only compile with
 * JavaScript's, so Python-only syntax is translated first (named groups, \A/\Z, inline and
 * scoped flags, atomic groups, possessive quantifiers, conditionals, comments) and the JS
 * compile is the last word only for what both engines share. Syntax JS accepts but Python
 * rejects, and that we can see cheaply, is rejected here (unknown escapes, `(?<name>`).
 */

const ESCAPES_OUTSIDE = new Set('abBdDfnrsStvwWxuUNAZ');
const ESCAPES_INSIDE = new Set('abfnrtvdDsSwWxuUN');
const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

interface Scan {
  out: string;
  i: number;
  /** Named groups opened so far: Python's (?P=name) may refer only to those. */
  names: Set<string>;
}

/** Translates one escape at src[i] === '\\'; returns a problem or null. */
function escape(src: string, s: Scan, inClass: boolean): string | null {
  const c = src[s.i + 1];
  if (c === undefined) return 'it ends with a lone backslash';
  if (/[A-Za-z]/.test(c) && !(inClass ? ESCAPES_INSIDE : ESCAPES_OUTSIDE).has(c)) {
    return `'\\${c}' is not an escape Python's re knows; escape only punctuation`;
  }
  const hex = HEX_LENGTH[c];
  if (hex !== undefined) {
    const digits = src.slice(s.i + 2, s.i + 2 + hex);
    if (!new RegExp(`^[0-9a-fA-F]{${hex}}$`).test(digits)) {
      return `'\\${c}' needs exactly ${hex} hex digits`;
    }
    s.out += '.';
    s.i += 2 + hex;
    return null;
  }
  if (c === 'N') {
    const end = src.indexOf('}', s.i);
    if (src[s.i + 2] !== '{' || end < 0) return "'\\N' needs a name in braces, e.g. \\N{EM DASH}";
    s.out += '.';
    s.i = end + 1;
    return null;
  }
  s.out += c === 'A' ? '^' : c === 'Z' ? '$' : `\\${c}`;
  s.i += 2;
  return null;
}

/** Translates the group opener at src[i] === '('; returns a problem or null. */
function group(src: string, s: Scan): string | null {
  const rest = src.slice(s.i);
  let m: RegExpExecArray | null;
  if ((m = /^\(\?P<([^>]*)>/.exec(rest))) {
    s.out += `(?<${m[1]}>`;
    s.names.add(m[1]!);
  } else if ((m = /^\(\?P=([^)]*)\)/.exec(rest))) {
    if (!s.names.has(m[1]!)) return `(?P=${m[1]}) refers to no group defined before it`;
    s.out += `\\k<${m[1]}>`;
  } else if ((m = /^\(\?#[^)]*\)/.exec(rest))) {
    // a comment: dropped
  } else if ((m = /^\(\?<(?![=!])/.exec(rest))) {
    return "Python's re writes a named group as (?P<name>...), not (?<name>...)";
  } else if ((m = /^\(\?(?:>|[aiLmsux]*(?:-[imsx]+)?:)/.exec(rest))) {
    s.out += '(?:';
  } else if ((m = /^\(\?\([^)]*\)/.exec(rest))) {
    s.out += '(?:';
  } else if ((m = /^\(\?[aiLmsux]+\)/.exec(rest))) {
    return `global flags ${m[0]} must be at the start of the expression`;
  } else {
    m = /^\(/.exec(rest)!;
    s.out += '(';
  }
  s.i += m[0].length;
  return null;
}

/** Drops whitespace and `#` comments outside classes: Python's verbose (?x) mode. */
function stripVerbose(src: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      out += c + (src[++i] ?? '');
    } else if (inClass) {
      out += c;
      if (c === ']') inClass = false;
    } else if (c === '[') {
      out += c;
      inClass = true;
    } else if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (!/\s/.test(c)) {
      out += c;
    }
  }
  return out;
}

function translate(pattern: string): { source: string; flags: string } | { problem: string } {
  const lead = /^(?:\(\?[aiLmsux]+\))+/.exec(pattern)?.[0] ?? '';
  const flags = new Set(lead.replace(/[()?]/g, ''));
  if (flags.has('L')) return { problem: 'the L (locale) flag works only on bytes, not text' };
  if (flags.has('a') && flags.has('u')) return { problem: 'flags a and u cannot be combined' };
  const src = flags.has('x')
    ? stripVerbose(pattern.slice(lead.length))
    : pattern.slice(lead.length);
  const s: Scan = { out: '', i: 0, names: new Set() };
  let inClass = false;
  let possessiveAt = -1;
  while (s.i < src.length) {
    const c = src[s.i]!;
    let problem: string | null = null;
    if (c === '\\') problem = escape(src, s, inClass);
    else if (inClass) {
      if (c === ']' && !/\[\^?$/.test(s.out)) inClass = false;
      s.out += c;
      s.i++;
    } else if (c === '[') {
      inClass = true;
      s.out += c;
      s.i++;
    } else if (c === '(') problem = group(src, s);
    else if (c === '+' && possessiveAt !== s.i - 1 && /[^\\][*+?}]$/.test(s.out)) {
      possessiveAt = s.i++; // possessive quantifier: JS has none, the plain one compiles the same
    } else {
      s.out += c;
      s.i++;
    }
    if (problem) return { problem };
  }
  return { source: s.out, flags: [...flags].filter((f) => 'ims'.includes(f)).join('') };
}

/** Problems of a Python regular expression as borg's `re:` style would compile it. */
export function pythonRegexProblem(pattern: string): string | null {
  const t = translate(pattern);
  if ('problem' in t) return t.problem;
  try {
    new RegExp(t.source, t.flags);
    return null;
  } catch (e) {
    return `it does not compile (${(e as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '')})`;
  }
}
