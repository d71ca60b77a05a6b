import type { Command } from 'commander';
import { z } from 'zod';
import { inspectConfig } from '../../../config/load.js';
import { validateConfig, type ConfigProblem } from '../../../config/validate.js';
import { makeWhich } from '../../../config/which.js';
import { offlineOverride } from '../../global-options.js';
import { emit, printLine, warn } from '../../output.js';
import { parseOptions } from '../../parse-options.js';
import type { CliRuntime } from '../../runtime.js';

export const optionsSchema = z.object({});
export type Options = z.infer<typeof optionsSchema>;

export interface ValidateResult {
  ok: boolean;
  file: string | null;
  problems: ConfigProblem[];
  warnings: string[];
}

/** Every problem of the effective config: loading (file, env, schema) and semantics. */
export async function checkConfig(rt: CliRuntime): Promise<ValidateResult> {
  const { loaded, errors } = await inspectConfig({
    env: rt.env,
    cwd: rt.cwd,
    platform: rt.deps().platform,
    explicitFile: rt.globals.config,
    offlineFlag: offlineOverride(rt.globals),
  });
  const problems: ConfigProblem[] = errors.map((e) => ({
    key: typeof e.details?.key === 'string' ? e.details.key : null,
    message: e.hint ? `${e.message}; ${e.hint}` : e.message,
  }));
  const semantic = loaded
    ? validateConfig(loaded, { which: makeWhich(rt.env.PATH, rt.cwd) }, rt.env)
    : { problems: [], warnings: [] };
  problems.push(...semantic.problems);
  return {
    ok: problems.length === 0,
    file: loaded?.file ?? null,
    problems,
    warnings: semantic.warnings,
  };
}

export async function run(_opts: Options, rt: CliRuntime): Promise<void> {
  const result = await checkConfig(rt);
  if (!result.ok) rt.exitCode = 1;
  emit(rt, result, {
    json: (r) =>
      r.ok
        ? { ok: true, file: r.file, warnings: r.warnings }
        : { ok: false, file: r.file, problems: r.problems, warnings: r.warnings },
    text: (r) => {
      for (const w of r.warnings) warn(rt, w);
      const where = r.file ?? 'defaults and environment (no config file)';
      if (r.ok) return printLine(rt, `config is usable: ${where}`);
      printLine(rt, `config is not usable: ${where}`);
      for (const p of r.problems) printLine(rt, `  - ${p.message}`);
      printLine(rt, `${r.problems.length} problem${r.problems.length === 1 ? '' : 's'} found`);
    },
  });
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  return parent
    .command('validate')
    .description('Check the config; exit 0 only when it is usable (every problem listed)')
    .action(async (raw, cmd: Command) => runF(parseOptions(optionsSchema, raw, cmd), rt));
}
