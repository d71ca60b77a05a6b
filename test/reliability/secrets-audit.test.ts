import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBorgRepo, writeDataTree } from '../support/borg-fixtures.js';
import { scanFiles, scanText } from '../support/secrets-audit.js';
import { writeLegacy } from '../unit/storage/python-fixtures.js';
import { AuditedSession } from './harness/audit-run.js';
import { startOnline, type Online } from './harness/online.js';
import { makeWorld, readIndexFile, suiteDir, writeConfig, type World } from './harness/world.js';

/**
 * Spec §6/§10: with known test passphrases (a --passphrase-file, a generated one, one on
 * borgboi's argv by the user's choice, one in BORG_PASSPHRASE with --passphrase-env, a legacy
 * DB-stored one migrated by `migrate`, and a wrong one), every scenario below runs while
 * /proc/<pid>/cmdline and environ of every descendant are sampled; afterwards all output, the
 * base dir (index, run log, config, exclusions …), the user's HOME (borg's cache), the restore
 * targets and the DynamoDB items are scanned. Zero hits; key files 0600 in a 0700 dir.
 */
const P = {
  file: 'pp-file-4f1c9a77e2',
  argv: 'pp-argv-0b8d3e51c6',
  env: 'pp-env-7a2f90c4d1',
  legacy: 'pp-legacy-95e03b7f2a',
  wrong: 'pp-wrong-1d6e48a0b3',
};

describe('secrets audit: no passphrase in argv, environment, output or files', () => {
  const root = suiteDir('bb-secrets-');
  let online: Online;
  let w: World;
  const secrets: string[] = Object.values(P);

  beforeAll(async () => {
    online = await startOnline();
    w = makeWorld(root, online.env);
    writeConfig(w, online.config);
    for (const name of ['gen', 'filed', 'argv', 'envd', 'legacy'])
      writeDataTree(join(w.data, name), { seed: name.length, files: 6 });
    mkdirSync(join(root, 'exports'));
    writeFileSync(join(root, 'pp-file.txt'), P.file);
    writeFileSync(join(root, 'pp-wrong.txt'), P.wrong);
    // Repos made outside borgboi (the test's own borg may see the passphrase in its env).
    await createBorgRepo(w.repos, { name: 'argv', passphrase: P.argv });
    await createBorgRepo(w.repos, { name: 'envd', passphrase: P.env });
    await createBorgRepo(w.repos, { name: 'legacy', passphrase: P.legacy });
    writeLegacy(w.baseDir, [
      {
        name: 'legacy',
        path: join(w.repos, 'legacy'),
        backup_target: join(w.data, 'legacy'),
        hostname: hostname(),
        passphrase: P.legacy,
        passphrase_migrated: false,
      },
    ]);
    // The generated passphrase is known only once its repo exists (unaudited create, but its
    // output is scanned like every other run's below).
    const gen = await w.cli([
      'repo',
      'create',
      '-n',
      'gen',
      '-p',
      join(w.repos, 'gen'),
      '-b',
      join(w.data, 'gen'),
    ]);
    expect(gen.code, gen.stderr).toBe(0);
    secrets.push(w.passphrase('gen'));
    expect(scanText(gen.stdout + gen.stderr, secrets)).toEqual([]);
  });
  afterAll(() => online?.stop());

  it('every scenario: zero hits in processes, output, files and the table', async () => {
    const s = new AuditedSession(secrets, w.env);
    const json = ['--log-format', 'json'];
    const target = (n: string) => ['-n', n, '-p', join(w.repos, n), '-b', join(w.data, n)];
    await s.run('create --passphrase-file', [
      ...json,
      'repo',
      'create',
      ...target('filed'),
      '--passphrase-file',
      join(root, 'pp-file.txt'),
    ]);
    await s.run(
      'import --passphrase VALUE',
      ['repo', 'import', ...target('argv'), '--passphrase', P.argv],
      {
        allow: { where: 'cmdline', secret: P.argv },
      },
    );
    await s.run(
      'import --passphrase-env',
      ['repo', 'import', ...target('envd'), '--passphrase-env'],
      {
        env: { BORG_PASSPHRASE: P.env },
        allow: { where: 'environ', secret: P.env },
      },
    );
    await s.run('migrate (legacy DB passphrase)', ['migrate']);
    for (const n of ['argv', 'envd', 'legacy']) {
      await s.run(`exclusions ${n}`, ['exclusions', 'add', '-n', n, '*.tmp']);
    }
    for (const n of ['gen', 'filed', 'argv', 'envd', 'legacy']) {
      await s.run(`daily ${n}`, [...json, 'backup', 'daily', '-n', n]);
    }
    await s.run('second daily', ['backup', 'daily', '-n', 'filed', '--json']);
    const newest = async (n: string) => {
      const r = await s.run(`backup list ${n}`, ['backup', 'list', '-n', n, '--json']);
      return (JSON.parse(r.stdout) as { archives: Array<{ name: string }> }).archives[0]!.name;
    };
    const filedArchive = await newest('filed');
    for (const args of [
      ['repo', 'list', '--json'],
      ['repo', 'info', '-n', 'filed', '--json'],
      ['backup', 'contents', '-n', 'filed', '-a', filedArchive],
      ['backup', 'info', '-n', 'filed', '-a', filedArchive, '--json'],
      ['backup', 'diff', '-n', 'filed', '--json'],
      ['repo', 'check', '-n', 'argv'],
      ['status', '--json'],
      ['config', 'show'],
    ]) {
      await s.run(args.join(' '), args);
    }
    const restoreArgs = ['-n', 'legacy', '-a', await newest('legacy')];
    await s.run('backup restore', [
      ...json,
      'backup',
      'restore',
      ...restoreArgs,
      '--target',
      join(root, 'restored'),
      '--yes',
    ]);
    await s.run('export-key', [
      'repo',
      'export-key',
      '-n',
      'filed',
      '-o',
      join(root, 'exports', 'filed.key.txt'),
    ]);
    await s.run('s3 sync', [...json, 's3', 'sync', '-n', 'envd']);
    await s.run('s3 verify', ['s3', 'verify', '-n', 'envd']);
    await s.run('s3 restore', ['s3', 'restore', '-n', 'envd', '--target', join(root, 's3-copy')]);
    await s.run(
      'wrong passphrase',
      ['backup', 'list', '-n', 'filed', '--passphrase-file', join(root, 'pp-wrong.txt')],
      { expectCode: 1 },
    );
    await s.run(
      'wrong passphrase --debug --json',
      [
        '--debug',
        '--json',
        'backup',
        'list',
        '-n',
        'filed',
        '--passphrase-file',
        join(root, 'pp-wrong.txt'),
      ],
      { expectCode: 1 },
    );
    await s.run(
      'wrong --passphrase VALUE',
      ['repo', 'info', '-n', 'argv', '--passphrase', P.wrong],
      {
        allow: { where: 'cmdline', secret: P.wrong },
        expectCode: 1,
      },
    );
    const audit = s.finish();
    expect(audit.hits).toEqual([]);
    expect(audit.samples).toBeGreaterThan(50);
    // It did sample borg itself (python3 /usr/bin/borg …), dozens of times over.
    expect(audit.seen.filter((c) => /python3?$/.test(c)).length).toBeGreaterThan(20);
    expect(s.textHits()).toEqual([]);
    await expectNoSecretFiles(w, root, secrets);
    await expectNoSecretItems(online, secrets);
    expect(readIndexFile(w).find((r) => r.name === 'legacy')?.passphrase).toBeNull();
  });
});

/** Everything on disk that borgboi or borg wrote, except the files that must hold a secret. */
async function expectNoSecretFiles(w: World, root: string, secrets: string[]): Promise<void> {
  const keyDir = join(w.baseDir, 'passphrases');
  expect(statSync(keyDir).mode & 0o777).toBe(0o700);
  const keys = readdirSync(keyDir);
  expect(keys.sort()).toEqual(['argv.key', 'envd.key', 'filed.key', 'gen.key', 'legacy.key']);
  for (const k of keys) expect(statSync(join(keyDir, k)).mode & 0o777, k).toBe(0o600);
  const result = await scanFiles(
    [
      w.home,
      w.userHome,
      w.repos,
      join(root, 'restored'),
      join(root, 's3-copy'),
      join(root, 'exports'),
    ],
    secrets,
    {
      // The key files hold the passphrases by design; the Python legacy document is the user's
      // old data (migrate never changes or deletes it).
      allow: [keyDir, join(w.baseDir, '.borgboi_metadata')],
    },
  );
  expect(result.hits).toEqual([]);
  expect(result.skipped.sort()).toEqual([join(w.baseDir, '.borgboi_metadata'), keyDir].sort());
  expect(result.filesScanned).toBeGreaterThan(20);
}

async function expectNoSecretItems(o: Online, secrets: string[]): Promise<void> {
  const items = await o.ddb.send(new ScanCommand({ TableName: o.table }));
  expect(items.Items?.length).toBe(5);
  expect(scanText(JSON.stringify(items.Items), secrets)).toEqual([]);
}
