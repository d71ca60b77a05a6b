import type { Command } from 'commander';
import type { CliRuntime } from '../../runtime.js';

export function registerConfigGroup(program: Command, _rt: CliRuntime): Command {
  const group = program
    .command('config')
    .description('Show, validate and initialise the configuration');
  return group;
}
