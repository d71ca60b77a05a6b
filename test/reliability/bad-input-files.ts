import { chownSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BadRow, Fx } from './harness/bad-input.js';

/** Corrupt config, index, key and exclusions files; config init and migrate over bad files. */
const config = (f: Fx, yaml: string) => writeFileSync(join(f.base, 'config.yaml'), yaml);
const index = (f: Fx) => join(f.base, 'data', 'repositories.json');
const key = (f: Fx, name = 'main') => join(f.base, 'passphrases', `${name}.key`);
const exclusions = (f: Fx, name = 'main') => join(f.base, 'data', 'exclusions', `${name}.txt`);
const list = () => ['backup', 'list', '-n', 'main'];
const daily = (name = 'main') => ['backup', 'daily', '-n', name];
const WRONG_PP =
  /^Error: borg list failed: passphrase supplied in BORG_PASSPHRASE, by BORG_PASSCOMMAND or via BORG_PASSPHRASE_FD is incorrect; check the repo's key file \(passphrases\/<repo>\.key\) or pass --passphrase-file$/;

export const fileRows: BadRow[] = [
  {
    name: 'config: not YAML',
    setup: (f) => config(f, 'aws: [unclosed\n  x: : y'),
    args: () => ['repo', 'list'],
    code: 2,
    error:
      /^Error: config file \S+config\.yaml is not valid YAML \(line 1\): .*; fix the file or move it away; 'borgboi config init --force' writes a fresh one$/,
  },
  {
    name: 'config: a number that is text',
    setup: (f) => config(f, 'borg:\n  lock_wait: soon\n'),
    args: () => ['repo', 'list'],
    code: 2,
    error:
      /^Error: \S+config\.yaml: borg\.lock_wait: Invalid input: expected number, received string; fix the value or remove the key$/,
  },
  {
    name: 'config: retention below 0',
    setup: (f) => config(f, 'borg:\n  retention:\n    keep_daily: -3\n'),
    args: () => ['backup', 'prune', '-n', 'main'],
    code: 2,
    error:
      /^Error: \S+config\.yaml: borg\.retention\.keep_daily: Too small: expected number to be >=0; fix the value/,
  },
  {
    name: 'config: compression borg refuses',
    setup: (f) => config(f, 'borg:\n  compression: zstd,99\n'),
    args: () => daily(),
    code: 2,
    error:
      /^Error: config borg\.compression: compression 'zstd,99': .*; fix borg\.compression in the config/,
  },
  {
    name: 'index: truncated',
    setup: (f) => writeFileSync(index(f), readFileSync(index(f), 'utf8').slice(0, 300)),
    args: () => ['repo', 'list'],
    code: 1,
    error:
      /^Error: \S+repositories\.json is unreadable: not valid JSON \(.*\); the last good copy is \S+\.bak; inspect both, then restore it with 'cp /,
  },
  {
    name: 'index: a name twice',
    setup: (f) => {
      const doc = JSON.parse(readFileSync(index(f), 'utf8'));
      doc.repositories.push({ ...doc.repositories[0], path: '/srv/elsewhere' });
      writeFileSync(index(f), JSON.stringify(doc));
    },
    args: () => ['repo', 'list'],
    code: 1,
    error:
      /^Error: \S+repositories\.json is unreadable: name 'main' appears twice; the last good copy is/,
  },
  {
    name: 'index: written by a newer borgboi',
    setup: (f) => {
      const doc = JSON.parse(readFileSync(index(f), 'utf8'));
      writeFileSync(index(f), JSON.stringify({ ...doc, version: 99 }));
    },
    args: () => ['repo', 'list'],
    code: 1,
    error: /^Error: .*repositories\.json.* version 99.*; .*(upgrade|newer) borgboi/,
  },
  {
    name: 'key file: empty',
    setup: (f) => writeFileSync(key(f), ''),
    args: list,
    code: 1,
    error: /^Error: key file \S+main\.key is empty; write the passphrase into it or remove it$/,
  },
  {
    name: 'key file: a wrong passphrase in it',
    setup: (f) => writeFileSync(key(f), 'not-the-passphrase'),
    args: list,
    code: 1,
    error: WRONG_PP,
  },
  {
    name: 'key file: a symlink',
    setup: (f) => {
      writeFileSync(join(f.scratch, 'elsewhere.key'), readFileSync(key(f)));
      rmSync(key(f));
      symlinkSync(join(f.scratch, 'elsewhere.key'), key(f));
    },
    args: list,
    code: 1,
    error:
      /^Error: refusing to use \S+main\.key: it is a symlink; replace the link with the key file itself \(mode 0600\)$/,
  },
  {
    name: 'key file: owned by another user',
    setup: (f) => chownSync(key(f), 65534, 65534),
    args: list,
    code: 1,
    error: /^Error: .*main\.key.*owned by.*; .*chown/,
  },
  {
    name: 'exclusions file: a hand-edited bad regex',
    setup: (f) => writeFileSync(exclusions(f), '*.tmp\nre:(bad\n'),
    args: () => daily(),
    code: 2,
    error:
      /^Error: the exclusions file \S+main\.txt of 'main' has invalid patterns: line 2: pattern 're:\(bad' is not a valid regular expression.*; fix them with 'borgboi exclusions edit -n main', or drop a line with 'borgboi exclusions remove -n main LINE'$/,
  },
  {
    name: 'exclusions file: a directory',
    setup: (f) => {
      rmSync(exclusions(f));
      mkdirSync(exclusions(f));
    },
    args: () => daily(),
    code: 1,
    error: /^Error: cannot read \S+main\.txt: EISDIR.*; /,
  },
  {
    name: 'exclusions file: missing',
    setup: (f) => rmSync(exclusions(f, 'spare')),
    args: () => daily('spare'),
    code: 2,
    error:
      /^Error: repository 'spare' has no exclusions file \(\S+\); add a pattern with 'borgboi exclusions add -n spare PATTERN' or copy a file/,
  },
  {
    name: 'config init over an existing config',
    setup: (f) => config(f, 'offline: true\n'),
    args: () => ['config', 'init'],
    code: 2,
    error:
      /^Error: config file \S+config\.yaml already exists; pass --force to replace it, or edit it and run 'borgboi config validate'$/,
  },
  {
    name: 'migrate: the Python SQLite database is garbage',
    setup: (f) => {
      mkdirSync(join(f.base, '.database'));
      writeFileSync(join(f.base, '.database', 'borgboi.db'), 'garbage, not sqlite\n');
    },
    args: () => ['migrate'],
    code: 1,
    error:
      /^Error: cannot read \S+borgboi\.db: file is not a database; check the file with `sqlite3 <file> \.tables`; it was left untouched$/,
  },
  {
    name: 'import of a path registered already',
    args: (f) => ['repo', 'import', '-n', 'again', '-p', f.main, '-b', join(f.data, 'main')],
    code: 2,
    error:
      /^Error: \S+ is already registered as repository 'main'; use -n main, or pick another path$/,
  },
];
