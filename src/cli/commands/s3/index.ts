import type { Command } from 'commander';
import type { CliRuntime } from '../../runtime.js';
import { register as del } from './delete.js';
import { register as restore } from './restore.js';
import { register as stats } from './stats.js';
import { register as sync } from './sync.js';
import { register as verify } from './verify.js';
import { COMMAND_SUMMARIES } from '../../command-summaries.js';

export function registerS3Group(program: Command, rt: CliRuntime): Command {
  const group = program.command('s3').description(COMMAND_SUMMARIES.s3.description);
  for (const register of [sync, restore, stats, del, verify]) register(group, rt);
  return group;
}
