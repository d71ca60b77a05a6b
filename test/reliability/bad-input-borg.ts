import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeBorg, type BadRow, type Change, type Fx } from './harness/bad-input.js';

/** borg missing or of the wrong version, passphrases, a full quota, AWS unreachable. */
const list = () => ['backup', 'list', '-n', 'main'];
const WRONG_PP =
  /^Error: borg list failed: passphrase supplied in BORG_PASSPHRASE, by BORG_PASSCOMMAND or via BORG_PASSPHRASE_FD is incorrect; check the repo's key file \(passphrases\/<repo>\.key\) or pass --passphrase-file$/;
const runLog = (f: Fx) => `rows/${f.scratch.split('/').at(-2)}/home/.borgboi/data/runs.jsonl`;

/**
 * What a quota-refused create legitimately leaves: the failed run in the run log, and borg's
 * own traces of the doomed transaction (an uncommitted segment and the nonce it reserved in the
 * repo and in the security dir, the cache's open transaction). The repo still passes borg check
 * (the test after the table); the index, keys and exclusions are untouched.
 */
function quotaChanges(f: Fx): Change[] {
  return [
    { path: runLog(f), kind: 'changed' },
    { path: /^repos\/tiny\/data\/0\/\d+$/, kind: 'added' },
    { path: 'repos/tiny/nonce', kind: 'changed' },
    { path: /^user\/\.cache\/borg\/[0-9a-f]{64}\/txn\.active$/, kind: 'added' },
    ...['chunks', 'config', 'files'].map((n) => ({
      path: new RegExp(`^user/\\.cache/borg/[0-9a-f]{64}/txn\\.active/${n}$`),
      kind: 'added' as const,
    })),
    { path: /^user\/\.config\/borg\/security\/[0-9a-f]{64}\/nonce$/, kind: 'changed' },
  ];
}

export const borgRows: BadRow[] = [
  {
    name: 'borg missing from PATH',
    env: () => ({ PATH: '/nonexistent' }),
    args: list,
    code: 1,
    error:
      /^Error: borg executable 'borg' was not found; install borgbackup \(apt-get install borgbackup\) or set borg\.executable_path$/,
  },
  {
    name: 'borg.executable_path pointing nowhere',
    env: (f) => ({ BORGBOI_BORG__EXECUTABLE_PATH: join(f.scratch, 'no-borg') }),
    args: list,
    code: 1,
    error: /^Error: borg executable '\S+no-borg' was not found; install borgbackup/,
  },
  {
    name: 'borg 1.1.18 (too old)',
    setup: (f) => fakeBorg(f.scratch, '1.1.18', "echo 'borg: error: invalid choice' >&2; exit 2"),
    env: (f) => ({ BORGBOI_BORG__EXECUTABLE_PATH: join(f.scratch, 'borg-1.1.18') }),
    args: list,
    code: 1,
    error:
      /^Error: borg 1\.1\.18 \(\S+\) is not supported; borgboi needs borg >= 1\.2\.0 and < 2\.0; install borg 1\.2\.x or 1\.4\.x/,
  },
  {
    name: 'borg 2.0.0b8 (1.x syntax unknown to it)',
    setup: (f) =>
      fakeBorg(f.scratch, '2.0.0b8', "echo 'borg: error: unrecognized arguments' >&2; exit 2"),
    env: (f) => ({ BORGBOI_BORG__EXECUTABLE_PATH: join(f.scratch, 'borg-2.0.0b8') }),
    args: list,
    code: 1,
    error:
      /^Error: borg 2\.0\.0b8 \(\S+\) is not supported; borgboi needs borg >= 1\.2\.0 and < 2\.0; install borg 1\.2\.x or 1\.4\.x/,
  },
  {
    name: '--passphrase-file with the wrong passphrase',
    setup: (f) => writeFileSync(join(f.scratch, 'pp.txt'), 'wrong-passphrase'),
    args: (f) => [...list(), '--passphrase-file', join(f.scratch, 'pp.txt')],
    code: 1,
    error: WRONG_PP,
  },
  {
    name: '--passphrase-file missing',
    args: (f) => [...list(), '--passphrase-file', join(f.scratch, 'pp.txt')],
    code: 2,
    error:
      /^Error: passphrase file \S+pp\.txt does not exist; pass a readable file that holds the passphrase$/,
  },
  {
    name: '--passphrase-file empty',
    setup: (f) => writeFileSync(join(f.scratch, 'pp.txt'), ''),
    args: (f) => [...list(), '--passphrase-file', join(f.scratch, 'pp.txt')],
    code: 2,
    error: /^Error: passphrase file \S+pp\.txt is empty; write the passphrase into it$/,
  },
  {
    name: 'deprecated --passphrase with the wrong value',
    args: () => [...list(), '--passphrase', 'wrong-passphrase'],
    code: 1,
    error: WRONG_PP,
  },
  {
    name: 'storage quota full (10M quota, 14 MB of data): backup daily',
    args: () => ['backup', 'daily', '-n', 'tiny'],
    code: 1,
    error:
      /^Error: borg create failed: The storage quota \(10\.00 MB\) has been exceeded \([\d.]+ MB\)\. Try deleting some archives; raise it with 'borgboi repo set-quota', or prune and compact old archives$/,
    summary: /^Daily backup of 'tiny': failed\n/,
    changes: (f) => quotaChanges(f),
  },
  {
    name: 'AWS unreachable',
    env: () => ({
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:1',
      AWS_ACCESS_KEY_ID: 'x',
      AWS_SECRET_ACCESS_KEY: 'y',
      AWS_MAX_ATTEMPTS: '1',
    }),
    args: () => ['--online', 's3', 'stats', '--refresh'],
    code: 1,
    error:
      /^Error: cannot list s3:\/\/bb-backups\/: http:\/\/127\.0\.0\.1:1 is unreachable \(ECONNREFUSED\) after 1 attempts; check the network connection, or AWS_ENDPOINT_URL_S3/,
  },
  {
    name: 'AWS without credentials',
    env: () => ({ AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:1', AWS_MAX_ATTEMPTS: '1' }),
    args: () => ['--online', 'repo', 'list', '--all-hosts'],
    code: 1,
    error:
      /^Error: cannot .*: no AWS credentials found; set AWS_PROFILE \(or aws\.profile\) or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY$/,
  },
];
