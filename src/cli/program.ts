import { Command, Option } from 'commander';
import { BORGBOI_VERSION } from '../core/version.js';
import { COMMAND_SUMMARIES } from './command-summaries.js';
import { GLOBAL_VALUE_FLAGS } from './global-options.js';
import type { CliRuntime } from './runtime.js';

/** Global flags (spec §3); valid before or after the subcommand. */
function addGlobalOptions(program: Command): void {
  program
    .addOption(new Option('--offline', 'no AWS: local metadata only').conflicts('online'))
    .addOption(new Option('--online', 'use S3 and DynamoDB (config aws.*)'))
    .option('--json', 'print exactly one JSON document on stdout')
    .addOption(
      new Option('--log-format <format>', 'stderr as human text or JSON events')
        .choices(['text', 'json'])
        .default('text'),
    )
    .option('--config <file>', 'use this config file')
    .option('--debug', 'show debug output and stack traces')
    .option('-q, --quiet', 'only warnings and errors on stderr')
    .option('--no-color', 'no colours (also NO_COLOR)')
    .option('-y, --yes', 'answer yes to confirmations (required when stdin is not a TTY)')
    .option('-V, --version', 'show the versions of borgboi and borg');
}

type Register = (program: Command, rt: CliRuntime) => unknown;

/**
 * The top-level commands in help order, each behind a dynamic import: a verb module builds
 * commander options and pulls in zod models, and loading all of them cost more than the
 * whole start-up budget (docs/performance.md). `names` are the command names a group adds.
 */
const GROUPS: ReadonlyArray<{ names: readonly string[]; load: () => Promise<Register> }> = [
  {
    names: ['repo'],
    load: async () => {
      const [repo, exclusions] = await Promise.all([
        import('./commands/repo/index.js'),
        import('./commands/exclusions/index.js'),
      ]);
      return (p, rt) => exclusions.registerExclusionsGroup(repo.registerRepoGroup(p, rt), rt);
    },
  },
  {
    names: ['backup'],
    load: async () => (await import('./commands/backup/index.js')).registerBackupGroup,
  },
  { names: ['s3'], load: async () => (await import('./commands/s3/index.js')).registerS3Group },
  {
    names: ['exclusions'],
    load: async () => (await import('./commands/exclusions/index.js')).registerExclusionsGroup,
  },
  {
    names: ['config'],
    load: async () => (await import('./commands/config/index.js')).registerConfigGroup,
  },
  { names: ['migrate'], load: async () => (await import('./commands/migrate.js')).register },
  { names: ['status'], load: async () => (await import('./commands/status.js')).register },
  {
    names: ['schedule'],
    load: async () => (await import('./commands/schedule/index.js')).registerScheduleGroup,
  },
  { names: ['version'], load: async () => (await import('./commands/version.js')).register },
  {
    names: ['__complete', 'completion'],
    load: async () => (await import('./commands/completion/index.js')).register,
  },
  { names: ['__docs'], load: async () => (await import('./commands/docs/index.js')).register },
  {
    names: [],
    load: async () => (await import('./commands/legacy/index.js')).registerLegacyAliases,
  },
];

/** Commands that walk the whole tree (completion scripts, generated docs). */
const NEEDS_WHOLE_TREE = new Set(['completion', '__docs']);

/** Placeholder commands that render in help exactly like the real ones (and do nothing else). */
function addCommandSummaries(program: Command): void {
  for (const [name, s] of Object.entries(COMMAND_SUMMARIES)) {
    const cmd = program.command(name).description(s.description);
    if ('argument' in s) cmd.argument(s.argument);
    // commander prints "[options]" after a command that has any option.
    if ('hasOptions' in s) cmd.addOption(new Option('--summary-only').hideHelp());
  }
}

/** `borgboi --help` (flags only): the listing needs the summaries, not the verbs. */
function isRootHelp(argv: readonly string[] | undefined): boolean {
  if (!argv) return false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-h' || a === '--help') help = true;
    else if (GLOBAL_VALUE_FLAGS.has(a)) i++;
    else if (!a.startsWith('-') || a === '--') return false;
  }
  return help;
}

/**
 * The group argv addresses, when registering it alone is enough; null for everything else
 * (root help, legacy aliases, unknown commands and their suggestions need the whole tree).
 */
function groupFor(argv: readonly string[] | undefined) {
  if (!argv) return null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return null;
    if (GLOBAL_VALUE_FLAGS.has(a)) i++;
    else if (!a.startsWith('-')) {
      if (NEEDS_WHOLE_TREE.has(a)) return null;
      return GROUPS.find((g) => g.names.includes(a)) ?? null;
    }
  }
  return null;
}

/**
 * The commander tree. With `argv`, only the group it addresses is loaded (`repo list` never
 * loads the backup or schedule verbs), and root `--help` only the command summaries; without,
 * every command (docs, completion, tests).
 */
export async function buildProgram(rt: CliRuntime, argv?: readonly string[]): Promise<Command> {
  const program = new Command('borgboi');
  program
    .description(`Manage BorgBackup repositories and their S3 mirrors (v${BORGBOI_VERSION})`)
    .usage('[options] <command> [verb] [options]')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => rt.io.stdout.write(s),
      writeErr: (s) => rt.io.stderr.write(s),
      outputError: () => undefined,
    })
    .configureHelp({ sortSubcommands: false, showGlobalOptions: true });
  addGlobalOptions(program);
  program.hook('preAction', (_root, action) => rt.setGlobals(action.optsWithGlobals()));

  if (isRootHelp(argv)) {
    addCommandSummaries(program);
    return program;
  }
  const one = groupFor(argv);
  const registers = await Promise.all((one ? [one] : GROUPS).map((g) => g.load()));
  for (const register of registers) register(program, rt);
  return program;
}
