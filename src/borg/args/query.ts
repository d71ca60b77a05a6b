import type { DiffOptions, ListContentsOptions } from '../types.js';
import { flag, location, locked, positionals, type LockWait } from './common.js';

/** `borg info --json REPO` or `REPO::ARCHIVE`. */
export function buildInfoArgs(
  repoPath: string,
  archive: string | undefined,
  c: LockWait,
): string[] {
  return ['info', ...locked(c.lockWait), '--json', ...positionals([location(repoPath, archive)])];
}

/** `borg list --json REPO`: the archives. */
export function buildListArchivesArgs(repoPath: string, c: LockWait): string[] {
  return ['list', ...locked(c.lockWait), '--json', ...positionals([repoPath])];
}

/**
 * `borg list --json-lines REPO::A [PATH…]`. Each pattern is an include (`+ sh:GLOB` unless it
 * names its own style), followed by an exclude-everything pattern so only matches are listed.
 */
export function buildListContentsArgs(
  repoPath: string,
  archive: string,
  o: ListContentsOptions,
  c: LockWait,
): string[] {
  const patterns = o.patterns ?? [];
  return [
    'list',
    ...locked(c.lockWait),
    '--json-lines',
    ...patterns.flatMap((p) => ['--pattern', `+ ${withStyle(p)}`]),
    ...(patterns.length > 0 ? ['--pattern', '- sh:**'] : []),
    ...positionals([location(repoPath, archive), ...(o.paths ?? [])]),
  ];
}

function withStyle(pattern: string): string {
  return /^(fm|sh|re|pp|pf):/.test(pattern) ? pattern : `sh:${pattern}`;
}

/** `borg diff --json-lines REPO::A1 A2 [PATH…]`. */
export function buildDiffArgs(
  repoPath: string,
  archive1: string,
  archive2: string,
  o: DiffOptions,
  c: LockWait,
): string[] {
  return [
    'diff',
    ...locked(c.lockWait),
    '--json-lines',
    ...flag(o.contentOnly, '--content-only'),
    ...positionals([location(repoPath, archive1), archive2, ...(o.paths ?? [])]),
  ];
}
