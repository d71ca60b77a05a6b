import { Command, Option } from 'commander';
import { BORGBOI_VERSION } from '../core/version.js';
import { registerBackupGroup } from './commands/backup/index.js';
import { register as registerCompletion } from './commands/completion/index.js';
import { registerConfigGroup } from './commands/config/index.js';
import { register as registerDocs } from './commands/docs/index.js';
import { registerExclusionsGroup } from './commands/exclusions/index.js';
import { registerLegacyAliases } from './commands/legacy/index.js';
import { register as registerMigrate } from './commands/migrate.js';
import { registerRepoGroup } from './commands/repo/index.js';
import { registerS3Group } from './commands/s3/index.js';
import { registerScheduleGroup } from './commands/schedule/index.js';
import { register as registerStatus } from './commands/status.js';
import { register as registerVersion } from './commands/version.js';
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

export function buildProgram(rt: CliRuntime): Command {
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

  const repo = registerRepoGroup(program, rt);
  registerExclusionsGroup(repo, rt);
  registerBackupGroup(program, rt);
  registerS3Group(program, rt);
  registerExclusionsGroup(program, rt);
  registerConfigGroup(program, rt);
  registerMigrate(program, rt);
  registerStatus(program, rt);
  registerScheduleGroup(program, rt);
  registerVersion(program, rt);
  registerCompletion(program, rt);
  registerDocs(program, rt);
  registerLegacyAliases(program, rt);
  return program;
}
