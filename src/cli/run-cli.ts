import type { Command, CommanderError } from 'commander';
import { ExitCode, UsageError } from '../core/errors.js';
import { GLOBAL_VALUE_FLAGS as VALUE_FLAGS } from './global-options.js';
import { commandPath } from './parse-options.js';
import { renderError } from './render-error.js';
import { CliRuntime, type RuntimeInput } from './runtime.js';

/** Global flags read before commander runs, so even parse errors honour --json etc. */
function preparseGlobals(argv: readonly string[]): Record<string, unknown> {
  const g: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a === '--json') g.json = true;
    else if (a === '--debug') g.debug = true;
    else if (a === '--no-color') g.color = false;
    else if (a === '--quiet' || a === '-q') g.quiet = true;
    else if (a === '--log-format' && (argv[i + 1] === 'json' || argv[i + 1] === 'text')) {
      g.logFormat = argv[i + 1];
    } else if (a === '--log-format=json') g.logFormat = 'json';
  }
  return g;
}

/** `borgboi --version` (no subcommand): handled here because it needs borg's version too. */
function isRootVersionRequest(argv: readonly string[]): boolean {
  let sawVersion = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (VALUE_FLAGS.has(a)) i++;
    else if (a === '--version' || a === '-V') sawVersion = true;
    else if (!a.startsWith('-')) return false;
  }
  return sawVersion;
}

function commanderToExit(rt: CliRuntime, err: CommanderError, failed: Command): number {
  switch (err.code) {
    case 'commander.helpDisplayed':
    case 'commander.version':
      return ExitCode.ok;
    case 'commander.help':
      return ExitCode.usage;
    default: {
      const message = err.message
        .replace(/^error:\s*/i, '')
        .replace(/\n[\s\S]*$/, '')
        .replace(/\.$/, '');
      const hint = `see '${commandPath(failed)} --help'`;
      return renderError(rt, new UsageError(message, hint));
    }
  }
}

/** Parses argv, runs the verb, maps every outcome to an exit code (the only catch-all). */
export async function runCli(argv: readonly string[], input: RuntimeInput): Promise<number> {
  const rt = new CliRuntime(input);
  rt.setGlobals(preparseGlobals(argv));
  let current: Command | null = null;
  try {
    if (isRootVersionRequest(argv)) {
      const { run: runVersion } = await import('./commands/version.js');
      await runVersion(rt);
      return rt.exitCode;
    }
    // Loaded only here: `--version` needs neither commander nor any verb (start-up bar).
    const { buildProgram } = await import('./program.js');
    const program = await buildProgram(rt, argv);
    current = program;
    const track = (cmd: Command): void => {
      cmd.hook('preSubcommand', (_cmd, sub) => void (current = sub));
      cmd.commands.forEach(track);
    };
    track(program);
    await program.parseAsync([...argv], { from: 'user' });
    return rt.exitCode;
  } catch (err) {
    if (current) {
      const { CommanderError } = await import('commander'); // loaded with the tree
      if (err instanceof CommanderError) return commanderToExit(rt, err, current);
    }
    return renderError(rt, err);
  }
}
