import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * Where cosmiconfig 9 would look for a `borgboi` rc file (its `global` search strategy), so a
 * run can skip loading cosmiconfig when none of them exists: its bundle is a third of the code
 * `borgboi --version` compiles (docs/performance.md). The lists mirror cosmiconfig's
 * defaults.js; a unit test compares them with cosmiconfig's own, so an upgrade cannot drift.
 */
export const RC_MODULE = 'borgboi';

/** cosmiconfig's `getDefaultSearchPlaces(name)`: looked for in each dir from cwd up to home. */
export function rcSearchPlaces(name = RC_MODULE): string[] {
  const rc = ['', '.json', '.yaml', '.yml', '.js', '.ts', '.cjs', '.mjs'];
  return [
    'package.json',
    ...rc.map((ext) => `.${name}rc${ext}`),
    ...rc.map((ext) => `.config/${name}rc${ext}`),
    ...['.js', '.ts', '.cjs', '.mjs'].map((ext) => `${name}.config${ext}`),
  ];
}

/** cosmiconfig's `globalConfigSearchPlaces`: looked for in `$XDG_CONFIG_HOME/<name>`. */
export const RC_GLOBAL_PLACES = ['', '.json', '.yaml', '.yml', '.js', '.ts', '.cjs', '.mjs'].map(
  (ext) => `config${ext}`,
);

/** cosmiconfig's `metaSearchPlaces` (cwd only): a meta config can add search places. */
export const RC_META_PLACES = [
  'package.json',
  'package.yaml',
  ...['.json', '.yaml', '.yml', '.js', '.ts', '.cjs', '.mjs'].map((ext) => `.config/config${ext}`),
];

/** The dirs cosmiconfig's global strategy walks: cwd up to the user's home (or /). */
export function rcSearchDirs(cwd: string, home: string): string[] {
  const stop = resolve(home);
  const dirs = [resolve(cwd)];
  for (let dir = dirs[0]!; dir !== stop && dirname(dir) !== dir; ) {
    dir = dirname(dir);
    dirs.push(dir);
  }
  return dirs;
}

/** A package.json matters only with the given key (or when it does not parse: let cosmiconfig say). */
function packageJsonHas(file: string, key: string): boolean {
  try {
    const doc: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof doc !== 'object' || doc === null || key in doc;
  } catch {
    return true;
  }
}

function present(file: string, packageKey: string): boolean {
  if (!existsSync(file)) return false;
  return !file.endsWith('package.json') || packageJsonHas(file, packageKey);
}

export interface RcSearchInput {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  /** os.homedir() (cosmiconfig stops there). */
  home?: string | undefined;
}

/** env-paths' config dir, as cosmiconfig uses it; null where we do not mirror it. */
function globalConfigDir(input: RcSearchInput, home: string): string | null {
  if (input.platform === 'darwin') return join(home, 'Library', 'Preferences', RC_MODULE);
  if (input.platform !== 'linux') return null;
  return join(input.env.XDG_CONFIG_HOME || join(home, '.config'), RC_MODULE);
}

/** False when cosmiconfig's search is certain to find nothing (no candidate file exists). */
export function rcFileMayExist(input: RcSearchInput): boolean {
  const home = input.home ?? homedir();
  const globalDir = globalConfigDir(input, home);
  if (globalDir === null) return true;
  const places = rcSearchPlaces();
  for (const dir of rcSearchDirs(input.cwd, home)) {
    if (places.some((p) => present(join(dir, p), RC_MODULE))) return true;
  }
  if (RC_GLOBAL_PLACES.some((p) => existsSync(join(globalDir, p)))) return true;
  return RC_META_PLACES.some((p) => present(join(input.cwd, p), 'cosmiconfig'));
}
