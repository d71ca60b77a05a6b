import {
  flattenTree,
  optionsInScope,
  optionWords,
  type CommandSpec,
  type OptionSpec,
} from '../../command-tree.js';

/** Per command path, what every shell script needs; generated once from the live tree. */
export interface ShellNode {
  /** `config show`; '' for the root. */
  key: string;
  subcommands: Array<{ name: string; description: string }>;
  /** Own and inherited options. */
  options: OptionSpec[];
  /** Choices of positional arguments (e.g. `completion bash|zsh|fish`). */
  argChoices: string[];
}

export function shellNodes(root: CommandSpec): ShellNode[] {
  return flattenTree(root).map((node) => ({
    key: node.path.join(' '),
    subcommands: node.subcommands.map((s) => ({
      name: s.path.at(-1)!,
      description: s.description,
    })),
    options: optionsInScope(root, node),
    argChoices: node.args.flatMap((a) => a.choices),
  }));
}

/** `repo`, `file`, `choices:a b` or `any` for value options; flags are left out. */
export function valueSpec(o: OptionSpec): string | null {
  if (o.value === 'none') return null;
  return o.value === 'choices' ? `choices:${o.choices.join(' ')}` : o.value;
}

/** `case` arms mapping `path|option` to the option's value spec, for bash and zsh. */
export function valueCaseArms(nodes: readonly ShellNode[], indent: string): string[] {
  const arms = new Map<string, string[]>();
  for (const n of nodes) {
    for (const o of n.options) {
      const spec = valueSpec(o);
      if (!spec) continue;
      const list = arms.get(spec) ?? [];
      list.push(...optionWords(o).map((w) => `'${n.key}|${w}'`));
      arms.set(spec, list);
    }
  }
  return [...arms].map(([spec, patterns]) => `${indent}${patterns.join('|')}) echo '${spec}' ;;`);
}

/** Single-quoted for sh/zsh/fish. */
export const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
