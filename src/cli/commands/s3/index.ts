import type { Command } from 'commander';
import type { CliRuntime } from '../../runtime.js';

export function registerS3Group(program: Command, _rt: CliRuntime): Command {
  const group = program
    .command('s3')
    .description('Mirror repositories to S3, restore them, verify a restore, show stats (online)');
  return group;
}
