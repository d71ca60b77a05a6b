import type { RetentionPolicy } from '../../core/models/index.js';
import type { CheckKind } from '../types.js';
import { flag, location, locked, option, positionals, type LockWait } from './common.js';

export interface PruneArgsOptions {
  dryRun?: boolean | undefined;
  globArchives?: string | undefined;
}

/**
 * `borg prune --list` (1.2 has no `--json`: the client parses the `--list` lines).
 * daily/weekly/monthly always, `--keep-yearly` only when > 0 (Python borgboi).
 */
export function buildPruneArgs(
  repoPath: string,
  policy: RetentionPolicy,
  o: PruneArgsOptions,
  c: LockWait,
): string[] {
  return [
    'prune',
    ...locked(c.lockWait),
    '--progress',
    '--list',
    `--keep-daily=${policy.keep_daily}`,
    `--keep-weekly=${policy.keep_weekly}`,
    `--keep-monthly=${policy.keep_monthly}`,
    ...(policy.keep_yearly > 0 ? [`--keep-yearly=${policy.keep_yearly}`] : []),
    ...option('--glob-archives', o.globArchives),
    ...flag(o.dryRun, '--dry-run'),
    ...positionals([repoPath]),
  ];
}

export function buildCompactArgs(repoPath: string, c: LockWait): string[] {
  return ['compact', ...locked(c.lockWait), '--progress', ...positionals([repoPath])];
}

const checkKindFlags: Record<CheckKind, string[]> = {
  repository: ['--repository-only'],
  archives: ['--archives-only'],
  data: ['--verify-data'],
  full: [],
};

export interface CheckArgsOptions {
  kind: CheckKind;
  repair?: boolean | undefined;
  archive?: string | undefined;
}

/** `borg check --info`: the info level carries the report lines (`Starting repository check` …). */
export function buildCheckArgs(repoPath: string, o: CheckArgsOptions, c: LockWait): string[] {
  return [
    'check',
    ...locked(c.lockWait),
    '--info',
    '--progress',
    ...checkKindFlags[o.kind],
    ...flag(o.repair, '--repair'),
    ...positionals([location(repoPath, o.archive)]),
  ];
}
