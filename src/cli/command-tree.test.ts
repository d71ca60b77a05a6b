import { Argument, Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { commandTree, flattenTree, optionsInScope } from './command-tree.js';
import { renderCommandsMarkdown } from './commands/docs/commands-markdown.js';

function program(): Command {
  const p = new Command('borgboi').description('Root').option('--json', 'json output');
  const repo = p.command('repo').description('Repos');
  repo
    .command('create')
    .description('Create one')
    .option('-n, --name <name>', 'repository name')
    .option('-p, --path <path>', 'repo path')
    .option('--passphrase-file <file>', 'passphrase file')
    .option('--quota <size>', 'quota', '100G')
    .addOption(new Option('--encryption <mode>', 'mode').choices(['repokey', 'none']))
    .option('--dry-run', 'do nothing');
  p.command('completion')
    .description('Script')
    .addArgument(new Argument('<shell>').choices(['bash', 'zsh']));
  p.command('__secret', { hidden: true }).description('hidden');
  return p;
}

describe('commandTree', () => {
  const root = commandTree(program());

  it('walks visible commands only (no hidden ones, no implicit help)', () => {
    expect(flattenTree(root).map((n) => n.path.join(' '))).toEqual([
      '',
      'repo',
      'repo create',
      'completion',
    ]);
  });

  it('classifies how each option value completes', () => {
    const create = flattenTree(root).find((n) => n.path.join(' ') === 'repo create')!;
    expect(
      Object.fromEntries(create.options.map((o) => [o.long, [o.value, o.defaultValue]])),
    ).toEqual({
      '--name': ['repo', undefined],
      '--path': ['file', undefined],
      '--passphrase-file': ['file', undefined],
      '--quota': ['any', '100G'],
      '--encryption': ['choices', undefined],
      '--dry-run': ['none', undefined],
      '--help': ['none', undefined],
    });
    expect(flattenTree(root).at(-1)!.args).toEqual([
      { name: 'shell', required: true, choices: ['bash', 'zsh'] },
    ]);
  });

  it('a command inherits the options of its ancestors, own ones first', () => {
    const create = flattenTree(root).find((n) => n.path.join(' ') === 'repo create')!;
    const longs = optionsInScope(root, create).map((o) => o.long);
    expect(longs.slice(0, 2)).toEqual(['--name', '--path']);
    expect(longs).toContain('--json');
    expect(longs.filter((l) => l === '--help')).toHaveLength(1);
  });

  it('renders markdown with a section, usage and option table per verb', () => {
    const md = renderCommandsMarkdown(root);
    expect(md).toContain(
      '### `borgboi repo create`\n\nCreate one\n\n```\nborgboi repo create [options]\n```',
    );
    expect(md).toContain('| `--quota <size>` | quota (default: `100G`) |');
    expect(md).toContain('| `--encryption <mode>` | mode (one of: repokey, none) |');
    expect(md).toContain('- [`create`](#borgboi-repo-create): Create one');
    expect(md).toContain('`<shell>`: one of `bash`, `zsh`.');
    expect(md).not.toContain('__secret');
  });
});
