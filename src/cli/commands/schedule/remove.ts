import type { Command } from 'commander';
import { z } from 'zod';
import { removeSchedule, type ScheduleKind } from '../../../schedule/scheduler.js';
import { emit, printLine } from '../../output.js';
import { parseOptions } from '../../parse-options.js';
import type { CliRuntime } from '../../runtime.js';
import { schedulerContext, scopeShape } from './shared.js';

export const optionsSchema = z.object({
  systemd: z.boolean().default(false),
  cron: z.boolean().default(false),
  ...scopeShape,
});
export type Options = z.infer<typeof optionsSchema>;

export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const kinds: ScheduleKind[] =
    opts.systemd || opts.cron
      ? [...(opts.systemd ? (['systemd'] as const) : []), ...(opts.cron ? (['cron'] as const) : [])]
      : ['systemd', 'cron'];
  const result = await removeSchedule(schedulerContext(rt, opts, 'inspect'), kinds);
  emit(rt, result, {
    json: (r) => r,
    text: (r) =>
      r.removed.forEach((x) =>
        printLine(rt, `removed ${x.kind === 'cron' ? 'crontab entry' : x.what}`),
      ),
  });
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  return parent
    .command('remove')
    .description('Remove the installed schedule (timer and service, or crontab entry)')
    .option('--systemd', 'only the systemd units')
    .option('--cron', 'only the crontab entry')
    .option('--user', 'your user timers')
    .option('--unit-dir <dir>', 'the units in this directory')
    .action(async (raw, cmd: Command) => runF(parseOptions(optionsSchema, raw, cmd), rt));
}
