import type { Command } from 'commander';
import type { CliRuntime } from '../../runtime.js';
import { register as contents } from './contents.js';
import { register as daily } from './daily.js';
import { register as del } from './delete.js';
import { register as diff } from './diff.js';
import { register as find } from './find.js';
import { register as info } from './info.js';
import { register as list } from './list.js';
import { register as prune } from './prune.js';
import { register as recreate } from './recreate.js';
import { register as restore } from './restore.js';
import { register as runVerb } from './run.js';
import { COMMAND_SUMMARIES } from '../../command-summaries.js';

export function registerBackupGroup(program: Command, rt: CliRuntime): Command {
  const group = program.command('backup').description(COMMAND_SUMMARIES.backup.description);
  const verbs = [runVerb, daily, list, contents, find, info, restore, diff, recreate, del, prune];
  for (const register of verbs) register(group, rt);
  return group;
}
