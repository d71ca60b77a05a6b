/**
 * Pure validation rules. Each returns the problems it finds as sentences that say what is wrong
 * and what would be right; an empty list means the value is fine. `createValidator` turns them
 * into ValidationErrors; `validateConfig` collects them all at once.
 */

const REPO_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Shows a value in a message without letting control characters break the one-line rule. */
export function quote(value: string): string {
  return `'${JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"')}'`;
}

export function repoNameProblems(name: string): string[] {
  if (REPO_NAME.test(name)) return [];
  const right =
    "use 1-64 letters, digits, '_' or '-', starting with a letter or digit (e.g. laptop-home)";
  if (name === '') return [`repository name is empty; ${right}`];
  if (name.length > 64) {
    return [`repository name ${quote(name)} is ${name.length} characters long; ${right}`];
  }
  if (!/^[A-Za-z0-9]/.test(name)) {
    return [`repository name ${quote(name)} starts with ${quote(name[0]!)}; ${right}`];
  }
  const bad = [...name].find((c) => !/[A-Za-z0-9_-]/.test(c));
  return [`repository name ${quote(name)} contains ${quote(bad ?? name[0]!)}; ${right}`];
}

export function archiveNameProblems(name: string): string[] {
  const right = "use a name without '/' and '::' (e.g. laptop-2026-11-26)";
  if (name.trim() === '') return [`archive name is empty; ${right}`];
  if (/[\0\r\n]/.test(name)) {
    return [`archive name ${quote(name)} contains a control character; ${right}`];
  }
  if (name.includes('::')) return [`archive name ${quote(name)} contains '::'; ${right}`];
  if (name.includes('/')) return [`archive name ${quote(name)} contains '/'; ${right}`];
  return [];
}

export interface RetentionValues {
  keep_daily: number;
  keep_weekly: number;
  keep_monthly: number;
  keep_yearly: number;
}

export const RETENTION_KEYS = ['keep_daily', 'keep_weekly', 'keep_monthly', 'keep_yearly'] as const;

export function retentionProblems(policy: Readonly<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  for (const key of RETENTION_KEYS) {
    const v = policy[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 10_000) {
      problems.push(`${key} is ${String(v)}; use a whole number from 0 to 10000`);
    }
  }
  if (problems.length === 0 && RETENTION_KEYS.every((k) => policy[k] === 0)) {
    problems.push(
      'retention keeps nothing (every keep_* is 0), so prune would delete every archive; set at least one above 0 (e.g. keep_daily 7)',
    );
  }
  return problems;
}

const LEVELS: Record<string, readonly [number, number] | null> = {
  none: null,
  lz4: null,
  zstd: [1, 22],
  zlib: [0, 9],
  lzma: [0, 9],
};

/** One compressor with its optional level: `none`, `lz4`, `zstd[,1-22]`, `zlib[,0-9]`, `lzma[,0-9]`. */
function compressorProblem(parts: readonly string[]): string | null {
  const [name, level, ...extra] = parts;
  if (name === undefined || !(name in LEVELS)) {
    return `unknown compressor ${quote(name ?? '')}; use none, lz4, zstd, zlib or lzma`;
  }
  const range = LEVELS[name]!;
  if (range === null) {
    return level === undefined ? null : `${name} takes no level; write just '${name}'`;
  }
  if (extra.length > 0) return `${name} takes one level; write e.g. '${name},6'`;
  if (level === undefined) return null;
  const n = /^\d+$/.test(level) ? Number(level) : NaN;
  if (!(n >= range[0] && n <= range[1])) {
    return `${name} level ${quote(level)} is not ${range[0]}-${range[1]}; write e.g. '${name},6'`;
  }
  return null;
}

/** `C` or `auto,C` (borg's auto: compress only chunks lz4 finds compressible). */
function autoOrCompressorProblem(parts: readonly string[]): string | null {
  if (parts[0] !== 'auto') return compressorProblem(parts);
  if (parts.length < 2) return "auto needs a compressor after it; write e.g. 'auto,zstd,6'";
  if (parts[1] === 'auto') return "auto cannot wrap auto; write e.g. 'auto,zstd,6'";
  return compressorProblem(parts.slice(1));
}

function obfuscateProblem(parts: readonly string[]): string | null {
  const [, level, ...inner] = parts;
  const n = level !== undefined && /^\d+$/.test(level) ? Number(level) : NaN;
  if (!((n >= 1 && n <= 6) || (n >= 110 && n <= 123))) {
    return `obfuscate level ${quote(level ?? '')} is not 1-6 or 110-123; write e.g. 'obfuscate,3,zstd,6'`;
  }
  if (inner.length === 0) return "obfuscate needs a compressor; write e.g. 'obfuscate,3,zstd,6'";
  return autoOrCompressorProblem(inner);
}

/**
 * borg 1.x `--compression` grammar, checked against real borg 1.2.4: `none`, `lz4`,
 * `zstd[,1-22]`, `zlib[,0-9]`, `lzma[,0-9]`, `auto,C`, `obfuscate,<1-6|110-123>,[auto,]C`.
 * Stricter than borg where borg silently ignores nonsense (`lz4,1`, `auto,auto,lz4`).
 */
export function compressionProblems(spec: string): string[] {
  if (spec.trim() === '') return ["compression is empty; use e.g. 'zstd,6', 'lz4' or 'none'"];
  const parts = spec.split(',');
  const problem =
    parts[0] === 'obfuscate' ? obfuscateProblem(parts) : autoOrCompressorProblem(parts);
  return problem ? [`compression ${quote(spec)}: ${problem}`] : [];
}

const QUOTA = /^(\d+(?:\.\d+)?)([KMGTP]?)$/i;
const UNIT: Record<string, number> = { '': 1, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15 };

/** Bytes of a borg size (decimal units, as borg parses them), or null when malformed. */
export function parseQuota(value: string): number | null {
  const m = QUOTA.exec(value.trim());
  return m ? Number(m[1]) * UNIT[m[2]!.toUpperCase()]! : null;
}

/** A storage quota: `^\d+(\.\d+)?[KMGTP]?$`; borg refuses quotas below 10M. */
export function quotaProblems(value: string): string[] {
  const bytes = parseQuota(value);
  if (bytes === null) {
    return [
      `quota ${quote(value)} is not a size; write a number with an optional K, M, G, T or P (e.g. 100G, 1.5T)`,
    ];
  }
  if (bytes < 10e6) return [`quota ${quote(value)} is below borg's minimum; use at least 10M`];
  return [];
}
