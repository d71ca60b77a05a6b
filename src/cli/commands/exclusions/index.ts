import type { Command } from 'commander';
import type { CliRuntime } from '../../runtime.js';

/** Attaches the exclusions verbs; used for both `repo exclusions` and top-level `exclusions`. */
export function registerExclusionsGroup(parent: Command, _rt: CliRuntime): Command {
  const group = parent
    .command('exclusions')
    .description("Show and edit a repository's borg exclusion patterns");
  return group;
}
