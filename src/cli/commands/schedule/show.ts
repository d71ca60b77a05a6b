import type { Command } from 'commander';
import { z } from 'zod';
import { showSchedule, type ShowResult } from '../../../schedule/scheduler.js';
import { emit, printLine } from '../../output.js';
import { parseOptions } from '../../parse-options.js';
import type { CliRuntime } from '../../runtime.js';
import { formatLocal, schedulerContext, scopeShape } from './shared.js';

export const optionsSchema = z.object(scopeShape);
export type Options = z.infer<typeof optionsSchema>;

const sourceNote = {
  systemctl: 'from systemctl',
  computed: 'computed from the schedule',
  unknown: '',
};

function renderText(rt: CliRuntime, r: ShowResult): void {
  if (!r.systemd && !r.cron) {
    printLine(rt, "no borgboi schedule installed; add one with 'borgboi schedule install'");
    return;
  }
  if (r.systemd) {
    const s = r.systemd;
    printLine(rt, `systemd timer: ${s.timerFile}`);
    printLine(rt, `  service:  ${s.serviceFile}`);
    printLine(
      rt,
      `  when:     ${s.onCalendar ?? '?'} (random delay up to ${s.randomizedDelay ?? '0'}; missed runs catch up)`,
    );
    printLine(rt, `  command:  ${s.execStart ?? '?'}`);
    printLine(rt, `  next run: ${formatLocal(s.next.at)} ${sourceNote[s.next.source]}`.trimEnd());
  }
  if (r.cron) {
    printLine(rt, `crontab: ${r.cron.line}`);
    printLine(
      rt,
      `  next run: ${formatLocal(r.cron.next.at)} ${sourceNote[r.cron.next.source]}`.trimEnd(),
    );
  }
}

export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const result = await showSchedule(schedulerContext(rt, opts, 'inspect'));
  emit(rt, result, { json: (r) => r, text: (r) => renderText(rt, r) });
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  return parent
    .command('show')
    .description('Show the installed schedule and its next run')
    .option('--user', 'look at your user timers')
    .option('--unit-dir <dir>', 'look for the units in this directory')
    .action(async (raw, cmd: Command) => runF(parseOptions(optionsSchema, raw, cmd), rt));
}
