import { Argument, type Command } from 'commander';
import { renderConfigurationMarkdown } from '../../../config/docs.js';
import { commandTree } from '../../command-tree.js';
import type { CliRuntime } from '../../runtime.js';
import { renderCommandsMarkdown } from './commands-markdown.js';

export const DOC_KINDS = ['commands', 'configuration'] as const;
export type DocKind = (typeof DOC_KINDS)[number];

function rootOf(cmd: Command): Command {
  let c = cmd;
  while (c.parent) c = c.parent;
  return c;
}

export function renderDoc(kind: DocKind, cmd: Command): string {
  return kind === 'commands'
    ? renderCommandsMarkdown(commandTree(rootOf(cmd)))
    : renderConfigurationMarkdown();
}

/** Hidden `borgboi __docs commands|configuration`: what `npm run docs` writes to docs/. */
export function register(parent: Command, rt: CliRuntime): Command {
  return parent
    .command('__docs', { hidden: true })
    .description('Print generated markdown documentation')
    .addArgument(new Argument('<kind>', 'which document').choices([...DOC_KINDS]))
    .action((kind: DocKind, _raw: object, cmd: Command) => {
      rt.io.stdout.write(renderDoc(kind, cmd));
    });
}
