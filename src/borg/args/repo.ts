import type { InitOptions, KeyExportOptions } from '../types.js';
import { flag, location, locked, logJson, positionals, type LockWait } from './common.js';

/** `borg init` (no lock to wait for: the repository does not exist yet). */
export function buildInitArgs(repoPath: string, o: InitOptions): string[] {
  return [
    'init',
    ...logJson(),
    '--progress',
    `--encryption=${o.encryption}`,
    ...(o.storageQuota ? [`--storage-quota=${o.storageQuota}`] : []),
    ...positionals([repoPath]),
  ];
}

/** `borg config REPO KEY` (get) or `borg config REPO KEY VALUE` (set). */
export function buildConfigArgs(
  repoPath: string,
  key: string,
  value: string | undefined,
  c: LockWait,
): string[] {
  const values = value === undefined ? [repoPath, key] : [repoPath, key, value];
  return ['config', ...locked(c.lockWait), ...positionals(values)];
}

export interface DeleteArgsOptions {
  dryRun?: boolean | undefined;
}

/**
 * `borg delete REPO::A` or (archive undefined) the whole `REPO`; the flags are Python
 * borgboi's. Deleting a repo needs BORG_DELETE_I_KNOW_WHAT_I_AM_DOING=YES (the client sets it).
 */
export function buildDeleteArgs(
  repoPath: string,
  archive: string | undefined,
  o: DeleteArgsOptions,
  c: LockWait,
): string[] {
  return [
    'delete',
    ...locked(c.lockWait),
    '--progress',
    '--list',
    '--force',
    '--checkpoint-interval',
    '10',
    ...flag(o.dryRun, '--dry-run'),
    ...positionals([location(repoPath, archive)]),
  ];
}

const keyFormatFlags: Record<KeyExportOptions['format'], string[]> = {
  key: [],
  paper: ['--paper'],
  'qr-html': ['--qr-html'],
};

/** `borg key export [--paper|--qr-html] REPO`: the key goes to stdout. */
export function buildKeyExportArgs(repoPath: string, o: KeyExportOptions, c: LockWait): string[] {
  return [
    'key',
    'export',
    ...locked(c.lockWait),
    ...keyFormatFlags[o.format],
    ...positionals([repoPath]),
  ];
}

export function buildBreakLockArgs(repoPath: string): string[] {
  return ['break-lock', ...logJson(), ...positionals([repoPath])];
}

export function buildVersionArgs(): string[] {
  return ['--version'];
}
