import type { Command } from 'commander';
import type { CliRuntime } from '../../runtime.js';
import { register as add } from './add.js';
import { register as create } from './create.js';
import { register as edit } from './edit.js';
import { register as remove } from './remove.js';
import { register as show } from './show.js';
import { COMMAND_SUMMARIES } from '../../command-summaries.js';

/** Attaches the exclusions verbs; used for both `repo exclusions` and top-level `exclusions`. */
export function registerExclusionsGroup(parent: Command, rt: CliRuntime): Command {
  const group = parent.command('exclusions').description(COMMAND_SUMMARIES.exclusions.description);
  for (const register of [show, add, remove, create, edit]) register(group, rt);
  return group;
}
