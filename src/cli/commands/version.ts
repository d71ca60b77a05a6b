import type { Command } from 'commander';
import { isBorgboiError } from '../../core/errors.js';
import { BORGBOI_VERSION } from '../../core/version.js';
import { emit, printLine } from '../output.js';
import type { CliRuntime } from '../runtime.js';
import { COMMAND_SUMMARIES } from '../command-summaries.js';

export interface VersionResult {
  borgboi: string;
  borg: string | null;
  borg_error?: string;
}

export async function run(rt: CliRuntime): Promise<void> {
  const result: VersionResult = { borgboi: BORGBOI_VERSION, borg: null };
  await rt.deps().config(); // a broken config is reported (exit 2), not hidden
  try {
    result.borg = (await rt.deps().borgVersion()).raw;
  } catch (e) {
    if (!isBorgboiError(e) || e.code !== 'borg-missing') throw e;
    result.borg_error = e.message;
  }
  emit(rt, result, {
    json: (r) => r,
    text: (r) => {
      printLine(rt, `borgboi ${r.borgboi}`);
      printLine(rt, r.borg ? `borg ${r.borg}` : `borg: not available (${r.borg_error})`);
    },
  });
}

export function register(parent: Command, rt: CliRuntime, runF = run): Command {
  return parent
    .command('version')
    .description(COMMAND_SUMMARIES.version.description)
    .action(() => runF(rt));
}
