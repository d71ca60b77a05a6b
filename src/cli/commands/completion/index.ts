import { Argument, type Command } from 'commander';
import { z } from 'zod';
import { commandTree } from '../../command-tree.js';
import { printLine } from '../../output.js';
import { parseOptions } from '../../parse-options.js';
import type { CliRuntime } from '../../runtime.js';
import { renderBashCompletion } from './bash.js';
import { renderFishCompletion } from './fish.js';
import type { RepoNameSource } from './repo-names.js';
import { renderZshCompletion } from './zsh.js';
import { COMMAND_SUMMARIES } from '../../command-summaries.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export const optionsSchema = z.object({ shell: z.enum(SHELLS) });
export type Options = z.infer<typeof optionsSchema>;

const renderers = {
  bash: renderBashCompletion,
  zsh: renderZshCompletion,
  fish: renderFishCompletion,
};

/** The root of the tree `cmd` belongs to: the script covers every command, not just this one. */
function rootOf(cmd: Command): Command {
  let c = cmd;
  while (c.parent) c = c.parent;
  return c;
}

export function run(opts: Options, rt: CliRuntime, cmd: Command): void {
  rt.io.stdout.write(renderers[opts.shell](commandTree(rootOf(cmd))));
}

/** This host's repo names from the store; completion never fails noisily (no names instead). */
export function defaultRepoNames(rt: CliRuntime): RepoNameSource {
  return {
    async listRepoNames() {
      try {
        const store = await rt.deps().store();
        const repos = await store.metadata.list({ hostname: rt.deps().hostname });
        return repos.map((r) => r.name);
      } catch {
        return [];
      }
    },
  };
}

/** `borgboi completion <shell>` plus the hidden `__complete repos` the scripts call back. */
export function register(
  parent: Command,
  rt: CliRuntime,
  runF = run,
  repoNames: (rt: CliRuntime) => RepoNameSource = defaultRepoNames,
): Command {
  parent
    .command('__complete', { hidden: true })
    .description('Values for shell completion scripts')
    .addArgument(new Argument('<what>', 'what to list').choices(['repos']))
    .action(async () => {
      for (const name of await repoNames(rt).listRepoNames()) printLine(rt, name);
    });
  return parent
    .command('completion')
    .description(COMMAND_SUMMARIES.completion.description)
    .addArgument(new Argument('<shell>', 'the shell').choices([...SHELLS]))
    .action((shell: string, raw: object, cmd: Command) =>
      runF(parseOptions(optionsSchema, { ...raw, shell }, cmd), rt, cmd),
    );
}
