import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { z } from 'zod';
import { borgboiPaths, resolveHome } from '../../../config/paths.js';
import { UsageError } from '../../../core/errors.js';
import { buildCronEntry, cronTime } from '../../../schedule/cron.js';
import {
  installCron,
  installSystemd,
  type InstallResult,
  type ScheduleKind,
} from '../../../schedule/scheduler.js';
import {
  buildServiceUnit,
  buildTimerUnit,
  SERVICE_FILE,
  TIMER_FILE,
  type ScheduleSpec,
} from '../../../schedule/systemd-units.js';
import { parseDailyTime, parseDelay } from '../../../schedule/time.js';
import { emit, note, printJson, printLine } from '../../output.js';
import { parseOptions } from '../../parse-options.js';
import type { CliRuntime } from '../../runtime.js';
import { formatLocal, schedulerContext, scopeShape, systemdBooted } from './shared.js';

export const optionsSchema = z.object({
  systemd: z.boolean().default(false),
  cron: z.boolean().default(false),
  time: z.string().default('02:30'),
  randomizedDelay: z.string().default('30m'),
  print: z.boolean().default(false),
  ...scopeShape,
});
export type Options = z.infer<typeof optionsSchema>;

function kindOf(opts: Options): ScheduleKind {
  if (opts.systemd && opts.cron)
    throw new UsageError('give either --systemd or --cron, not both', 'pick one');
  if (opts.systemd) return 'systemd';
  if (opts.cron) return 'cron';
  return systemdBooted() ? 'systemd' : 'cron';
}

/** What the job runs: absolute node + borgboi, the flags that matter, BORGBOI_HOME when set. */
function buildSpec(opts: Options, rt: CliRuntime, scope: ScheduleSpec['scope']): ScheduleSpec {
  const { executable } = rt.deps();
  const g = rt.globals;
  const globalArgs = [
    ...(g.config ? ['--config', resolve(rt.cwd, g.config)] : []),
    ...(g.offline ? ['--offline'] : g.online ? ['--online'] : []),
  ];
  const env: Record<string, string> = {};
  if (rt.env.BORGBOI_HOME) env.BORGBOI_HOME = resolve(rt.cwd, rt.env.BORGBOI_HOME);
  return {
    nodePath: executable.node,
    cliPath: executable.script,
    globalArgs,
    time: parseDailyTime(opts.time),
    randomizedDelaySec: parseDelay(opts.randomizedDelay),
    env,
    scope,
  };
}

function printUnits(
  rt: CliRuntime,
  kind: ScheduleKind,
  spec: ScheduleSpec,
  unitDir: string,
  logFile: string,
): void {
  if (kind === 'cron') {
    const entry = buildCronEntry(spec, cronTime(spec, Math.random), logFile);
    if (rt.globals.json) printJson(rt, { kind, crontab: entry });
    else rt.io.stdout.write(entry);
    return;
  }
  const units = {
    service: { path: resolve(unitDir, SERVICE_FILE), text: buildServiceUnit(spec) },
    timer: { path: resolve(unitDir, TIMER_FILE), text: buildTimerUnit(spec) },
  };
  if (rt.globals.json) return printJson(rt, { kind, units });
  printLine(
    rt,
    `# ${units.service.path}\n${units.service.text}\n# ${units.timer.path}\n${units.timer.text}`.trimEnd(),
  );
}

function renderInstalled(rt: CliRuntime, r: InstallResult): void {
  if (r.kind === 'systemd') printLine(rt, `installed systemd timer: ${r.files.join(', ')}`);
  else printLine(rt, `installed crontab entry: ${r.cronLine}`);
  printLine(
    rt,
    `next run: ${formatLocal(r.next.at)}${r.kind === 'systemd' ? ' plus the random delay' : ''}`,
  );
  for (const n of r.notes) note(rt, n);
}

export async function run(opts: Options, rt: CliRuntime): Promise<void> {
  const kind = kindOf(opts);
  const ctx = schedulerContext(rt, opts, opts.print ? 'inspect' : 'install');
  const spec = buildSpec(opts, rt, ctx.scope);
  const logFile = resolve(
    borgboiPaths(resolveHome(rt.env, rt.deps().platform)).logsDir,
    'schedule.log',
  );
  if (opts.print) return printUnits(rt, kind, spec, ctx.unitDir, logFile);
  const result =
    kind === 'systemd'
      ? await installSystemd(ctx, spec)
      : await installCron(ctx, spec, { logFile, random: Math.random });
  emit(rt, result, { json: (r) => r, text: (r) => renderInstalled(rt, r) });
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  return parent
    .command('install')
    .description("Schedule 'borgboi backup daily --all' with a systemd timer or cron")
    .option('--systemd', 'a systemd service + timer (default when systemd runs)')
    .option('--cron', 'a crontab entry (default without systemd)')
    .option('--time <HH:MM>', 'local time of day', '02:30')
    .option('--randomized-delay <span>', 'spread start by up to this (30m, 1h, 0)', '30m')
    .option('--user', 'a timer of your own user (~/.config/systemd/user)')
    .addOption(new Option('--unit-dir <dir>', 'write the units here and leave systemctl alone'))
    .option('--print', 'print the units or crontab line instead of installing')
    .action(async (raw, cmd: Command) => runF(parseOptions(optionsSchema, raw, cmd), rt));
}
