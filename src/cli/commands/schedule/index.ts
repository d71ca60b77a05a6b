import type { Command } from 'commander';
import type { CliRuntime } from '../../runtime.js';
import { register as registerInstall } from './install.js';
import { register as registerRemove } from './remove.js';
import { register as registerShow } from './show.js';

export function registerScheduleGroup(program: Command, rt: CliRuntime): Command {
  const group = program
    .command('schedule')
    .description("Run 'backup daily --all' every day from a systemd timer or cron");
  registerInstall(group, rt);
  registerShow(group, rt);
  registerRemove(group, rt);
  return group;
}
