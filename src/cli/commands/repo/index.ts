import type { Command } from 'commander';
import type { CliRuntime } from '../../runtime.js';
import { register as check } from './check.js';
import { register as create } from './create.js';
import { register as del } from './delete.js';
import { register as exportKey } from './export-key.js';
import { register as importRepo } from './import.js';
import { register as info } from './info.js';
import { register as list } from './list.js';
import { register as move } from './move.js';
import { register as rename } from './rename.js';
import { register as setQuota } from './set-quota.js';
import { register as setRetention } from './set-retention.js';
import { COMMAND_SUMMARIES } from '../../command-summaries.js';

export function registerRepoGroup(program: Command, rt: CliRuntime): Command {
  const group = program.command('repo').description(COMMAND_SUMMARIES.repo.description);
  const verbs = [create, importRepo, list, info, move, rename, del, check, exportKey];
  for (const register of [...verbs, setRetention, setQuota]) register(group, rt);
  return group;
}
