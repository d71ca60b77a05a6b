import type { Command } from 'commander';
import type { CliRuntime } from '../../runtime.js';
import { register as registerInit } from './init.js';
import { register as registerShow } from './show.js';
import { register as registerValidate } from './validate.js';
import { COMMAND_SUMMARIES } from '../../command-summaries.js';

export function registerConfigGroup(program: Command, rt: CliRuntime): Command {
  const group = program.command('config').description(COMMAND_SUMMARIES.config.description);
  registerShow(group, rt);
  registerValidate(group, rt);
  registerInit(group, rt);
  return group;
}
