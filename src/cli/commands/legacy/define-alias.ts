import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import type { z } from 'zod';
import { warn } from '../../output.js';
import { parseOptions } from '../../parse-options.js';
import type { CliRuntime } from '../../runtime.js';

export type RawOptions = Record<string, unknown>;

/** A flat Python borgboi 1.x command kept as a hidden, deprecated alias of a new verb. */
export interface LegacyAlias {
  name: string;
  /** The new form, as shown in the deprecation line: `borgboi <replacement>`. */
  replacement: string;
  /** Declares the old flags. */
  flags(cmd: Command): Command;
  /** Old flags → the new verb's run. */
  run(raw: RawOptions, rt: CliRuntime, cmd: Command): Promise<void>;
}

interface VerbModule<S extends z.ZodType> {
  optionsSchema: S;
  run(opts: z.infer<S>, rt: CliRuntime): Promise<void>;
}

/** Runs a new verb with options mapped from the old flags, validated by the verb's own schema. */
export function via<S extends z.ZodType>(
  verb: VerbModule<S>,
  map: (raw: RawOptions, rt: CliRuntime) => RawOptions | Promise<RawOptions>,
): LegacyAlias['run'] {
  return async (raw, rt, cmd) =>
    verb.run(parseOptions(verb.optionsSchema, await map(raw, rt), cmd), rt);
}

export function registerAlias(program: Command, rt: CliRuntime, alias: LegacyAlias): Command {
  const cmd = program
    .command(alias.name, { hidden: true })
    .description(`deprecated: use 'borgboi ${alias.replacement}'`);
  return alias.flags(cmd).action(async (raw: RawOptions, c: Command) => {
    warn(rt, `'${alias.name}' is deprecated; use 'borgboi ${alias.replacement}'`);
    await alias.run(raw, rt, c);
  });
}

/** A line typed on the terminal (Python's click.prompt); null when there is no terminal. */
export async function promptLine(rt: CliRuntime, question: string): Promise<string | null> {
  if (!rt.canPrompt || !rt.io.stdin) return null;
  const rl = createInterface({ input: rt.io.stdin, output: rt.io.stderr as NodeJS.WritableStream });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

type Flag = (cmd: Command) => Command;

/** One old flag; `required` ones fail in commander with the old spelling in the message. */
export function flag(spec: string, description: string, required = false): Flag {
  return (cmd) =>
    required ? cmd.requiredOption(spec, description) : cmd.option(spec, description);
}

export function flags(...list: Flag[]): (cmd: Command) => Command {
  return (cmd) => list.reduce((c, f) => f(c), cmd);
}

/** The old spellings shared by most flat commands. */
export const repoPath = (required = false) =>
  flag('-r, --repo-path <path>', 'repository path', required);
export const repoName = (required = false) =>
  flag('-n, --repo-name <name>', 'repository name', required);
/** In the flat commands `-p` is the passphrase (in the groups it is --path). */
export const passphrase = flag(
  '-p, --passphrase <passphrase>',
  'deprecated: use --passphrase-file',
);
export const archiveName = flag('-a, --archive-name <name>', 'archive name', true);
export const dryRun = flag('--dry-run', 'show what would happen');

/** `-r/-n/-p` → the new verbs' `path/name/passphrase`. */
export function address(raw: RawOptions): RawOptions {
  return { path: raw.repoPath, name: raw.repoName, passphrase: raw.passphrase };
}
