import { quote } from './validator-rules.js';
import { pythonRegexProblem } from './validator-regex.js';

/**
 * borg pattern lines, as they appear in an exclusions file. Two forms are accepted:
 * - a bare pattern with an optional style prefix (`*.tmp`, `sh:**\/.cache`, `re:\.log$`), which
 *   is what `borg create --exclude-from` reads (default style fm:);
 * - a `--patterns-from` command: `- PATTERN`, `! PATTERN`, `+ PATTERN` or `P STYLE`
 *   (default style sh:). Files holding commands must be passed with `--patterns-from`
 *   (see `usesPatternCommands`); `--exclude-from` would read `- foo` as a literal pattern.
 * Root lines (`R path`) are refused: the backup target is the root.
 */

export const PATTERN_STYLES = ['fm', 'sh', 're', 'pp', 'pf'] as const;
const STYLE_LIST = 'fm:, sh:, re:, pp: or pf:';
const EXAMPLE = "e.g. 'sh:**/.cache' or '*.tmp'";

/** Problems of a pattern after any command prefix (borg's parse_pattern). */
function patternBodyProblems(pattern: string): string[] {
  const m = /^([\p{L}\p{N}]{2}):(.*)$/su.exec(pattern);
  if (!m) return [];
  const [, style, body] = m as unknown as [string, string, string];
  if (!(PATTERN_STYLES as readonly string[]).includes(style)) {
    return [
      `pattern ${quote(pattern)} has unknown style '${style}:'; use ${STYLE_LIST} (or no prefix)`,
    ];
  }
  if (body.trim() === '') {
    return [`pattern ${quote(pattern)} has nothing after '${style}:'; ${EXAMPLE}`];
  }
  if (style === 're') {
    const problem = pythonRegexProblem(body);
    if (problem) return [`pattern ${quote(pattern)} is not a valid regular expression: ${problem}`];
  }
  return [];
}

export type PatternLineKind = 'pattern' | 'command' | 'style' | 'comment';

/** What a (trimmed, non-empty) line is; `R` lines count as commands and are refused elsewhere. */
export function patternLineKind(line: string): PatternLineKind {
  if (line.startsWith('#')) return 'comment';
  if (/^[+\-!]/.test(line) || /^[Rr]\s+\//.test(line)) return 'command';
  if (/^[Pp](\s+\S+)?$/.test(line)) return 'style';
  return 'pattern';
}

/** Problems of one exclusions line; borg strips surrounding whitespace, so we do too. */
export function exclusionPatternProblems(raw: string): string[] {
  if (raw.includes('\0')) return [`pattern ${quote(raw)} contains a NUL byte; remove it`];
  if (/[\r\n]/.test(raw)) {
    return [`pattern ${quote(raw)} contains a line break; add one pattern per line`];
  }
  const line = raw.trim();
  if (line === '') return [`pattern is empty; ${EXAMPLE}`];
  switch (patternLineKind(line)) {
    case 'comment':
      return [];
    case 'style': {
      const style = line.slice(1).trim();
      if ((PATTERN_STYLES as readonly string[]).includes(style)) return [];
      return [
        `style line ${quote(line)} names ${style ? `unknown style '${style}'` : 'no style'}; write 'P sh' (or P fm, P re, P pp, P pf)`,
      ];
    }
    case 'command': {
      if (/^[Rr]/.test(line)) {
        return [
          `root line ${quote(line)} is not allowed in an exclusions file; the backup target is the root, remove the line`,
        ];
      }
      const body = line.slice(1).trim();
      if (body === '') return [`'${line}' needs a pattern after it; e.g. '${line} sh:**/.cache'`];
      return patternBodyProblems(body);
    }
    case 'pattern':
      return patternBodyProblems(line);
  }
}

/** True when the lines need `borg create --patterns-from` rather than `--exclude-from`. */
export function usesPatternCommands(lines: readonly string[]): boolean {
  return lines.some((l) => {
    const kind = l.trim() === '' ? 'comment' : patternLineKind(l.trim());
    return kind === 'command' || kind === 'style';
  });
}

/** Every problem of a whole file, prefixed with its 1-based line; blank and # lines are fine. */
export function exclusionFileProblems(lines: readonly string[]): string[] {
  return lines.flatMap((l, i) =>
    l.trim() === '' ? [] : exclusionPatternProblems(l).map((p) => `line ${i + 1}: ${p}`),
  );
}
