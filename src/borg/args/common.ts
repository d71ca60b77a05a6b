/** Pieces every argv builder shares. Builders are pure: no I/O, exact arrays, tested as tables. */

/** `REPO` or `REPO::ARCHIVE` (borg 1.x location syntax). */
export function location(repoPath: string, archive?: string): string {
  return archive === undefined ? repoPath : `${repoPath}::${archive}`;
}

/** Always `--log-json`: stderr becomes one JSON event per line (events.ts). */
export function logJson(): string[] {
  return ['--log-json'];
}

/** `--log-json --lock-wait N` for every verb that takes the repository lock. */
export function locked(lockWait: number): string[] {
  return ['--log-json', '--lock-wait', String(lockWait)];
}

export function flag(on: boolean | undefined, name: string): string[] {
  return on ? [name] : [];
}

export function option(name: string, value: string | number | undefined): string[] {
  return value === undefined ? [] : [name, String(value)];
}

/**
 * Positional arguments; a `--` goes first when one of them starts with `-`, so a path such as
 * `-rf` inside an archive is never read as an option.
 */
export function positionals(values: readonly string[]): string[] {
  return values.some((v) => v.startsWith('-')) ? ['--', ...values] : [...values];
}

/** What every builder needs from the call: the `--lock-wait` seconds. */
export interface LockWait {
  lockWait: number;
}
