import { UsageError } from '../../../core/errors.js';
import type { CliRuntime } from '../../runtime.js';
import * as backupContents from '../backup/contents.js';
import * as backupDaily from '../backup/daily.js';
import * as backupDelete from '../backup/delete.js';
import * as backupList from '../backup/list.js';
import * as backupRestore from '../backup/restore.js';
import * as exclusionsAdd from '../exclusions/add.js';
import * as exclusionsCreate from '../exclusions/create.js';
import * as exclusionsRemove from '../exclusions/remove.js';
import * as migrate from '../migrate.js';
import * as repoCreate from '../repo/create.js';
import * as repoDelete from '../repo/delete.js';
import * as repoExportKey from '../repo/export-key.js';
import * as repoInfo from '../repo/info.js';
import * as repoList from '../repo/list.js';
import * as s3Restore from '../s3/restore.js';
import { note } from '../../output.js';
import {
  address,
  archiveName,
  dryRun,
  flag,
  flags,
  passphrase,
  promptLine,
  repoName,
  repoPath,
  via,
  type LegacyAlias,
} from './define-alias.js';

/** Python `create-repo` always asked for the name; we ask only when `-n` is missing. */
async function askName(rt: CliRuntime): Promise<string> {
  const name = await promptLine(rt, 'Enter a name for this repository: ');
  if (name) return name;
  throw new UsageError('create-repo needs a repository name', 'pass -n NAME');
}

/** The 16 flat commands of Python borgboi 1.x (borgboi-python.md §1.1, mapping §1.5). */
export const LEGACY_ALIASES: readonly LegacyAlias[] = [
  {
    name: 'create-repo',
    replacement: 'repo create',
    flags: flags(
      repoPath(true),
      flag('-b, --backup-target <dir>', 'the directory to back up', true),
      repoName(),
      passphrase,
    ),
    run: via(repoCreate, async (raw, rt) => ({
      path: raw.repoPath,
      backupTarget: raw.backupTarget,
      name: raw.repoName ?? (await askName(rt)),
      passphrase: raw.passphrase,
    })),
  },
  {
    name: 'create-exclusions',
    replacement: 'exclusions create',
    flags: flags(repoPath(true), flag('-x, --exclusions-source <file>', 'pattern file', true)),
    run: via(exclusionsCreate, (raw) => ({ path: raw.repoPath, from: raw.exclusionsSource })),
  },
  {
    name: 'list-repos',
    replacement: 'repo list',
    flags: flags(),
    run: via(repoList, () => ({})),
  },
  {
    name: 'list-archives',
    replacement: 'backup list',
    flags: flags(repoPath(), repoName(), passphrase),
    run: via(backupList, address),
  },
  {
    name: 'list-archive-contents',
    replacement: 'backup contents',
    flags: flags(
      repoPath(),
      repoName(),
      archiveName,
      flag('-o, --output <file>', "file for the paths, or 'stdout'"),
      passphrase,
    ),
    run: via(backupContents, (raw) => ({
      ...address(raw),
      archive: raw.archiveName,
      output: raw.output,
    })),
  },
  {
    name: 'get-repo',
    replacement: 'repo info',
    flags: flags(repoPath(), repoName(), passphrase),
    run: via(repoInfo, address),
  },
  {
    name: 'daily-backup',
    replacement: 'backup daily',
    flags: flags(repoPath(true), passphrase),
    run: via(backupDaily, address),
  },
  {
    name: 'export-repo-key',
    replacement: 'repo export-key --paper',
    flags: flags(repoPath(true), passphrase),
    run: via(repoExportKey, (raw) => ({ ...address(raw), paper: true })),
  },
  {
    name: 'repo-info',
    replacement: 'repo info',
    flags: flags(repoPath(), repoName(), flag('--pp', 'pretty-print (always on)'), passphrase),
    run: via(repoInfo, address),
  },
  {
    name: 'extract-archive',
    replacement: 'backup restore',
    flags: flags(
      repoPath(true),
      archiveName,
      passphrase,
      flag('--force', 'extract into a non-empty current directory'),
    ),
    run: via(backupRestore, (raw) => ({
      ...address(raw),
      archive: raw.archiveName,
      force: raw.force,
    })),
  },
  {
    name: 'delete-archive',
    replacement: 'backup delete',
    flags: flags(repoPath(true), archiveName, dryRun, passphrase),
    run: via(backupDelete, (raw) => ({
      ...address(raw),
      archive: raw.archiveName,
      dryRun: raw.dryRun,
    })),
  },
  {
    name: 'delete-repo',
    replacement: 'repo delete',
    flags: flags(repoPath(), repoName(), dryRun, passphrase),
    run: via(repoDelete, (raw) => ({ ...address(raw), dryRun: raw.dryRun })),
  },
  {
    name: 'append-excludes',
    replacement: 'exclusions add',
    flags: flags(repoName(true), flag('-x, --exclusion-pattern <pattern>', 'pattern', true)),
    run: via(exclusionsAdd, (raw) => ({ name: raw.repoName, pattern: raw.exclusionPattern })),
  },
  {
    name: 'modify-excludes',
    replacement: 'exclusions remove',
    flags: flags(repoName(true), flag('-D, --delete-line-num <n>', '1-based line number', true)),
    run: via(exclusionsRemove, (raw) => ({ name: raw.repoName, line: raw.deleteLineNum })),
  },
  {
    name: 'restore-repo',
    replacement: 's3 restore',
    flags: flags(repoPath(), repoName(), dryRun, flag('--force', 'overwrite a local repo')),
    run: via(s3Restore, (raw) => ({ ...address(raw), dryRun: raw.dryRun, force: raw.force })),
  },
  {
    name: 'migrate-passphrases',
    replacement: 'migrate',
    flags: flags(repoName()),
    run: via(migrate, (raw, rt) => {
      if (raw.repoName !== undefined) note(rt, 'migrate covers every repository; -n is ignored.');
      return {};
    }),
  },
];
