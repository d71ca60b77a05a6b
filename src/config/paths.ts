import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface HomeEnv {
  BORGBOI_HOME?: string | undefined;
  SUDO_USER?: string | undefined;
  HOME?: string | undefined;
}

/**
 * The home that holds `.borgboi` (borgboi-python.md §2.1): BORGBOI_HOME replaces HOME; else
 * SUDO_USER's home when that directory exists; else the user's home.
 */
export function resolveHome(
  env: HomeEnv,
  platform: NodeJS.Platform,
  exists: (p: string) => boolean = existsSync,
): string {
  if (env.BORGBOI_HOME) return env.BORGBOI_HOME;
  if (env.SUDO_USER) {
    const sudoHome = platform === 'darwin' ? `/Users/${env.SUDO_USER}` : `/home/${env.SUDO_USER}`;
    if (exists(sudoHome)) return sudoHome;
  }
  return env.HOME || homedir();
}

/** Every file location borgboi owns, derived from the base dir. */
export interface BorgboiPaths {
  home: string;
  baseDir: string;
  configFile: string;
  dataDir: string;
  indexFile: string;
  exclusionsDir: string;
  passphrasesDir: string;
  s3StatsFile: string;
  runLogFile: string;
  cacheDir: string;
  logsDir: string;
}

export function borgboiPaths(home: string): BorgboiPaths {
  const baseDir = join(home, '.borgboi');
  const dataDir = join(baseDir, 'data');
  return {
    home,
    baseDir,
    configFile: join(baseDir, 'config.yaml'),
    dataDir,
    indexFile: join(dataDir, 'repositories.json'),
    exclusionsDir: join(dataDir, 'exclusions'),
    passphrasesDir: join(baseDir, 'passphrases'),
    s3StatsFile: join(dataDir, 's3-stats.json'),
    runLogFile: join(dataDir, 'runs.jsonl'),
    cacheDir: join(baseDir, 'cache'),
    logsDir: join(baseDir, 'logs'),
  };
}
