import { ValidationError } from '../errors.js';

/**
 * Shell globs over archive paths: `*` and `?` stay within one path segment, `**` spans
 * segments (`**\/` also matches zero directories), `[...]` is a character class.
 */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob.charAt(i);
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) throw badGlob(glob, "an unclosed '['");
      const body = glob
        .slice(i + 1, end)
        .replace(/^!/, '^')
        .replace(/\\/g, '\\\\');
      re += `[${body}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function badGlob(glob: string, why: string): ValidationError {
  return new ValidationError([`pattern '${glob}' has ${why}`], `quote it, e.g. 'home/*/notes.txt'`);
}

/** The literal directory prefix of a glob (`home/me/*.txt` → `home/me`), to narrow borg list. */
export function literalPrefix(glob: string): string | null {
  const wild = glob.search(/[*?[]/);
  const head = wild < 0 ? glob : glob.slice(0, wild);
  const cut = head.lastIndexOf('/');
  if (wild < 0) return glob;
  return cut > 0 ? head.slice(0, cut) : null;
}

export function normalizeGlob(glob: string): string {
  const g = glob.trim().replace(/^\/+/, '');
  if (g.length === 0) throw badGlob(glob, 'nothing to match');
  if (g.includes('\0')) throw badGlob(glob, 'a NUL byte');
  return g;
}
