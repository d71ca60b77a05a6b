import type { Command } from 'commander';
import type { CliRuntime } from '../../runtime.js';
import { LEGACY_ALIASES } from './aliases.js';
import { registerAlias } from './define-alias.js';

/** Hidden deprecated flat commands of Python borgboi 1.x. */
export function registerLegacyAliases(program: Command, rt: CliRuntime): void {
  for (const alias of LEGACY_ALIASES) registerAlias(program, rt, alias);
}
