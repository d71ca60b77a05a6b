import { join } from 'node:path';
import { ValidationError } from '../core/errors.js';

/** Every file of the local store under the base dir, plus the Python borgboi files we read. */
export interface StoreLayout {
  baseDir: string;
  dataDir: string;
  indexFile: string;
  indexBackup: string;
  exclusionsDir: string;
  passphrasesDir: string;
  s3StatsFile: string;
  runLogFile: string;
  /** Python `{repo}_excludes.txt` (all Python versions) and the shared CURRENT `excludes.txt`. */
  pythonExcludes(name: string): string;
  sharedExcludes: string;
  legacyMetadataDir: string;
  a54ReposDir: string;
  a54IndexFile: string;
  a54StatsFile: string;
  a54ExclusionsDir: string;
  sqliteFile: string;
  /** CURRENT's early location, moved to `.database/` by Python on start-up. */
  sqliteEarlyFile: string;
}

export function storeLayout(baseDir: string): StoreLayout {
  const dataDir = join(baseDir, 'data');
  const indexFile = join(dataDir, 'repositories.json');
  return {
    baseDir,
    dataDir,
    indexFile,
    indexBackup: `${indexFile}.bak`,
    exclusionsDir: join(dataDir, 'exclusions'),
    passphrasesDir: join(baseDir, 'passphrases'),
    s3StatsFile: join(dataDir, 's3-stats.json'),
    runLogFile: join(dataDir, 'runs.jsonl'),
    pythonExcludes: (name) => join(baseDir, `${name}_excludes.txt`),
    sharedExcludes: join(baseDir, 'excludes.txt'),
    legacyMetadataDir: join(baseDir, '.borgboi_metadata'),
    a54ReposDir: join(dataDir, 'repositories'),
    a54IndexFile: join(dataDir, 'repositories_index.json'),
    a54StatsFile: join(dataDir, 's3_stats_cache.json'),
    a54ExclusionsDir: join(dataDir, 'exclusions'),
    sqliteFile: join(baseDir, '.database', 'borgboi.db'),
    sqliteEarlyFile: join(baseDir, 'borgboi.db'),
  };
}

/**
 * A repo name becomes part of file names (key file, exclusions). Python's `repo create` never
 * validated names, so this only refuses what would escape the directory or break the file name;
 * the Validator applies the real naming rules to new names.
 */
export function fileSafeName(name: string): string {
  if (name === '' || name === '.' || name === '..' || /[/\\\0\n\r]/.test(name)) {
    throw new ValidationError(
      [`repository name ${JSON.stringify(name)} cannot be used as a file name`],
      'use letters, digits, "-" and "_" only',
    );
  }
  return name;
}
