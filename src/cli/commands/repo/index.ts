import type { Command } from 'commander';
import type { CliRuntime } from '../../runtime.js';

export function registerRepoGroup(program: Command, _rt: CliRuntime): Command {
  const group = program
    .command('repo')
    .description('Create, import, inspect, move, rename and delete borg repositories');
  return group;
}
