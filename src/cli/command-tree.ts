import type { Command, Option } from 'commander';

/** How a shell completes an option's value. */
export type ValueKind = 'none' | 'repo' | 'file' | 'choices' | 'any';

export interface OptionSpec {
  /** `-n, --name <name>` as declared. */
  flags: string;
  short: string | null;
  long: string | null;
  description: string;
  value: ValueKind;
  choices: string[];
  /** Shown in docs; undefined when there is none worth showing. */
  defaultValue: string | undefined;
}

export interface ArgumentSpec {
  name: string;
  required: boolean;
  choices: string[];
}

/** One visible command of the live commander tree, with what a shell or a doc needs. */
export interface CommandSpec {
  /** Words after the program name; [] for the root. */
  path: string[];
  description: string;
  usage: string;
  options: OptionSpec[];
  args: ArgumentSpec[];
  subcommands: CommandSpec[];
}

const FILE_VALUE = /^(file|dir|directory|path|target|output|from)$/;

function valueKind(o: Option): ValueKind {
  if (!o.required && !o.optional) return 'none';
  if (o.argChoices?.length) return 'choices';
  if (o.long === '--name') return 'repo';
  const placeholder = /[<[]([^>\]]+)[>\]]/.exec(o.flags)?.[1] ?? '';
  return FILE_VALUE.test(placeholder.replace(/\.\.\.$/, '')) ? 'file' : 'any';
}

function optionSpec(o: Option): OptionSpec {
  const takesValue = o.required || o.optional;
  const d: unknown = o.defaultValue;
  return {
    flags: o.flags,
    short: o.short ?? null,
    long: o.long ?? null,
    description: o.description,
    value: valueKind(o),
    choices: o.argChoices ?? [],
    defaultValue: takesValue && d !== undefined ? String(d) : undefined,
  };
}

/** Walks the visible commands (hidden ones and the implicit `help` command left out). */
export function commandTree(cmd: Command, path: string[] = []): CommandSpec {
  const help = cmd.createHelp();
  const subs = help.visibleCommands(cmd).filter((c) => c.name() !== 'help');
  return {
    path,
    description: cmd.description(),
    usage: help.commandUsage(cmd),
    options: help.visibleOptions(cmd).map(optionSpec),
    args: cmd.registeredArguments.map((a) => ({
      name: a.name(),
      required: a.required,
      choices: a.argChoices ?? [],
    })),
    subcommands: subs.map((c) => commandTree(c, [...path, c.name()])),
  };
}

/** Every command depth-first, root first. */
export function flattenTree(root: CommandSpec): CommandSpec[] {
  return [root, ...root.subcommands.flatMap(flattenTree)];
}

/** A command's own options plus those of its ancestors (global flags work anywhere). */
export function optionsInScope(root: CommandSpec, node: CommandSpec): OptionSpec[] {
  const chain: CommandSpec[] = [];
  let current: CommandSpec | undefined = root;
  for (let i = 0; current && i <= node.path.length; i++) {
    chain.push(current);
    current = current.subcommands.find((s) => s.path[i] === node.path[i]);
  }
  const seen = new Set<string>();
  return chain
    .reverse()
    .flatMap((c) => c.options)
    .filter((o) => {
      const key = o.long ?? o.short ?? o.flags;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** The option words a shell offers: `-n`, `--name`. */
export const optionWords = (o: OptionSpec) => [o.short, o.long].filter((w): w is string => !!w);
