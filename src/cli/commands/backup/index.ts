import type { Command } from 'commander';
import type { CliRuntime } from '../../runtime.js';

export function registerBackupGroup(program: Command, _rt: CliRuntime): Command {
  const group = program
    .command('backup')
    .description(
      'Make, list, inspect, diff, restore and prune archives (daily runs create → prune → compact → sync)',
    );
  return group;
}
