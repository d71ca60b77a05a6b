import type { ResolvedBackupOptions, ResolvedRestoreOptions } from '../../core/models/index.js';
import type { RecreateOptions } from '../types.js';
import { flag, location, locked, option, positionals, type LockWait } from './common.js';

/**
 * `borg create --json`: the Python-compatible flags (`--filter AME --show-rc`,
 * `--exclude-caches --exclude-nodump --exclude-from`) plus `--json`, whose stdout carries the
 * archive, repository and cache stats so no separate `borg info` is needed.
 */
export function buildCreateArgs(o: ResolvedBackupOptions, c: LockWait): string[] {
  return [
    'create',
    ...locked(c.lockWait),
    '--json',
    ...flag(o.progress, '--progress'),
    ...(o.listFiles ? ['--list', '--filter', 'AME'] : []),
    '--show-rc',
    ...flag(o.stats, '--stats'),
    `--compression=${o.compression}`,
    ...flag(o.excludeCaches, '--exclude-caches'),
    ...flag(o.excludeNodump, '--exclude-nodump'),
    ...option('--exclude-from', o.excludeFrom),
    ...o.excludePatterns.flatMap((p) => ['--exclude', p]),
    ...option('--checkpoint-interval', o.checkpointInterval),
    ...flag(o.oneFileSystem, '--one-file-system'),
    ...option('--timestamp', o.timestamp),
    ...option('--comment', o.comment),
    ...flag(o.dryRun, '--dry-run'),
    ...positionals([location(o.repoPath, o.archiveName), ...o.sources]),
  ];
}

/** `borg recreate`; `--recompress=MODE` must be one argument (borg-1.2.md §4). */
export function buildRecreateArgs(
  repoPath: string,
  archive: string,
  o: RecreateOptions,
  c: LockWait,
): string[] {
  return [
    'recreate',
    ...locked(c.lockWait),
    '--progress',
    ...(o.excludes ?? []).flatMap((p) => ['--exclude', p]),
    ...(o.recompress ? [`--recompress=${o.recompress}`] : []),
    ...(o.compression ? [`--compression=${o.compression}`] : []),
    ...option('--target', o.target),
    ...flag(o.listFiles, '--list'),
    ...flag(o.dryRun, '--dry-run'),
    ...positionals([location(repoPath, archive)]),
  ];
}

/** `borg extract` into the process cwd (the client sets cwd = target). */
export function buildExtractArgs(o: ResolvedRestoreOptions, c: LockWait): string[] {
  return [
    'extract',
    ...locked(c.lockWait),
    ...flag(o.progress, '--progress'),
    ...flag(o.listFiles, '--list'),
    ...flag(o.dryRun, '--dry-run'),
    ...option('--strip-components', o.stripComponents),
    ...positionals([location(o.repoPath, o.archiveName), ...o.paths]),
  ];
}

/** `borg extract --stdout REPO::A PATH`: one file's bytes on stdout. */
export function buildExtractFileArgs(
  repoPath: string,
  archive: string,
  path: string,
  c: LockWait,
): string[] {
  return [
    'extract',
    ...locked(c.lockWait),
    '--stdout',
    ...positionals([location(repoPath, archive), path]),
  ];
}
