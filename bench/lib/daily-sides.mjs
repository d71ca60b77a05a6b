// The two sides of bench/daily.mjs: `borgboi backup daily` (the built CLI, start-up included)
// and a shell script running the same borg create + prune + compact. Both call borg through
// one logging wrapper, so the bench sees every borg process either side starts.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, cleanEnv } from './borgboi.mjs';
import { timeRun } from './measure.mjs';

const sh = (s) => `'${s.replaceAll("'", "'\\''")}'`;

/** A `borg` that appends its argv (tab-separated, one line per process) to `log`. */
export function writeBorgWrapper(dir, log) {
  const file = join(dir, 'borg-logged');
  const real = execFileSync('sh', ['-c', 'command -v borg'], { encoding: 'utf8' }).trim();
  writeFileSync(
    file,
    `#!/bin/sh\n{ printf '%s\\t' "$@"; printf '\\n'; } >> ${sh(log)}\nexec ${sh(real)} "$@"\n`,
  );
  chmodSync(file, 0o755);
  return file;
}

/** The borg invocations logged since `from` (a byte offset), as argv arrays. */
export function loggedCalls(log, from = 0) {
  if (!existsSync(log)) return [];
  const text = readFileSync(log, 'utf8').slice(from);
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => l.replace(/\t$/, '').split('\t'));
}

export const logSize = (log) => (existsSync(log) ? readFileSync(log).length : 0);

/** borgboi with its own BORGBOI_HOME; borg is the logging wrapper (config borg.executable_path). */
export function borgboiSide(work, wrapper, data) {
  const home = join(work, 'bb-home');
  mkdirSync(home, { recursive: true });
  const env = cleanEnv(home, { BORGBOI_BORG__EXECUTABLE_PATH: wrapper });
  const cli = (args) => timeRun([process.execPath, BIN, ...args], { env });
  return {
    home,
    repoPath: (name) => join(work, `bb-${name}`),
    keyFile: (name) => join(home, '.borgboi', 'passphrases', `${name}.key`),
    create: (name) =>
      cli(['repo', 'create', '-n', name, '-p', join(work, `bb-${name}`), '-b', data]),
    daily: (name) => cli(['backup', 'daily', '-n', name]),
    remove: (name) => rmSync(join(work, `bb-${name}`), { recursive: true, force: true }),
  };
}

/**
 * The raw side: `sh daily.sh REPO ARCHIVE` with borgboi's own create/prune/compact argv (taken
 * from the wrapper's log of a borgboi daily), the passphrase on fd 3 as borgboi delivers it.
 */
export function rawSide(work, wrapper, bbCalls, bbRepo) {
  const home = join(work, 'raw-home');
  mkdirSync(home, { recursive: true });
  const keyFile = join(work, 'raw.key');
  writeFileSync(keyFile, 'raw bench passphrase', { mode: 0o600 });
  const env = cleanEnv(home, { BORG_PASSPHRASE_FD: '3' });
  const lines = bbCalls.map((argv) => {
    const args = argv.map((a) => {
      if (a.startsWith(`${bbRepo}::`)) return '"$1::$2"';
      return a === bbRepo ? '"$1"' : sh(a);
    });
    return `run ${sh(wrapper)} ${args.join(' ')} 3< ${sh(keyFile)}`;
  });
  const script = join(work, 'raw-daily.sh');
  // borg rc 1 is a warning (borgboi's daily goes on too); anything else stops the script.
  writeFileSync(
    script,
    ['#!/bin/sh', 'run() { "$@" >/dev/null 2>&1 || [ $? -eq 1 ] || exit 1; }', ...lines, ''].join(
      '\n',
    ),
  );
  const borg = (args) =>
    timeRun(['sh', '-c', `exec ${sh(wrapper)} "$@" 3< ${sh(keyFile)}`, 'sh', ...args], { env });
  return {
    script,
    repoPath: (name) => join(work, `raw-${name}`),
    create: (name) => borg(['init', '--encryption=repokey', join(work, `raw-${name}`)]),
    daily: (name, archive) => timeRun(['sh', script, join(work, `raw-${name}`), archive], { env }),
    remove: (name) => rmSync(join(work, `raw-${name}`), { recursive: true, force: true }),
  };
}
