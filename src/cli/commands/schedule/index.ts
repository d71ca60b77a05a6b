import type { Command } from 'commander';
import type { CliRuntime } from '../../runtime.js';
import { register as registerInstall } from './install.js';
import { register as registerRemove } from './remove.js';
import { register as registerShow } from './show.js';
import { COMMAND_SUMMARIES } from '../../command-summaries.js';

export function registerScheduleGroup(program: Command, rt: CliRuntime): Command {
  const group = program.command('schedule').description(COMMAND_SUMMARIES.schedule.description);
  registerInstall(group, rt);
  registerShow(group, rt);
  registerRemove(group, rt);
  return group;
}
