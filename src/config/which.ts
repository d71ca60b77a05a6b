import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * A `which`: the absolute path of an executable found on `pathEnv` (or the path itself when it
 * contains a slash), or null. PATH is passed in because src/config never reads the process.
 */
export function makeWhich(
  pathEnv: string | undefined,
  cwd: string,
  isExecutable: (path: string) => boolean = isExecutableFile,
): (executable: string) => string | null {
  return (executable) => {
    if (executable.includes('/')) {
      const p = isAbsolute(executable) ? executable : join(cwd, executable);
      return isExecutable(p) ? p : null;
    }
    for (const dir of (pathEnv ?? '').split(delimiter)) {
      if (!dir) continue;
      const p = join(isAbsolute(dir) ? dir : join(cwd, dir), executable);
      if (isExecutable(p)) return p;
    }
    return null;
  };
}
