/**
 * The top-level commands as root `--help` lists them: name, summary, and what commander shows
 * after the name. Root help is drawn from this table instead of registering every verb module
 * (that made `borgboi --help` the slowest start-up, docs/performance.md); the groups take
 * their descriptions from here, and a test renders root help both ways and compares.
 * (No commander import here: `version` takes its description from it on the --version path.)
 */
export const COMMAND_SUMMARIES = {
  repo: { description: 'Create, import, inspect, move, rename and delete borg repositories' },
  backup: {
    description:
      'Make, list, inspect, diff, restore and prune archives (daily runs create → prune → compact → sync)',
  },
  s3: {
    description: 'Mirror repositories to S3, restore them, verify a restore, show stats (online)',
  },
  exclusions: { description: "Show and edit a repository's borg exclusion patterns" },
  config: { description: 'Show, validate and initialise the configuration' },
  migrate: {
    description:
      'Import Python borgboi data and DB-stored passphrases (idempotent, keeps old files)',
    hasOptions: true,
  },
  status: {
    description: 'Every repository: last backup, last sync, result; exit 1 when one is stale',
    hasOptions: true,
  },
  schedule: { description: "Run 'backup daily --all' every day from a systemd timer or cron" },
  version: { description: 'Show the versions of borgboi and borg' },
  completion: {
    description: 'Print a shell completion script (bash, zsh or fish)',
    argument: '<shell>',
  },
} as const satisfies Record<
  string,
  { description: string; hasOptions?: boolean; argument?: `<${string}>` }
>;
