import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runBorgboi } from '../support/cli.js';
import { useTempDirs } from '../support/temp.js';

const tmp = useTempDirs();

function home(configYaml?: string): { home: string; file: string } {
  const h = tmp();
  const file = join(h, '.borgboi', 'config.yaml');
  if (configYaml !== undefined) {
    mkdirSync(join(h, '.borgboi'));
    writeFileSync(file, configYaml);
  }
  return { home: h, file };
}

/** Every file under dir with its content, to prove a failed command changed nothing. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of readdirSync(dir, { recursive: true }) as string[]) {
    const p = join(dir, rel);
    out[rel] = statSync(p).isDirectory() ? '<dir>' : readFileSync(p, 'utf8');
  }
  return out;
}

describe('borgboi config show', () => {
  it('prints YAML with each source, redacting secrets from file and env', async () => {
    const { home: h, file } = home(
      'borg:\n  compression: lz4\n  borg_new_passphrase: from-file-secret\n',
    );
    const r = await runBorgboi(['config', 'show'], {
      env: {
        BORGBOI_HOME: h,
        BORGBOI_BORG__BORG_PASSPHRASE: 'env-secret',
        BORGBOI_BORG__LOCK_WAIT: '30',
      },
    });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(`# Configuration from: ${file}`);
    expect(r.stdout).toMatch(/^ {2}compression: lz4 # file$/m);
    expect(r.stdout).toMatch(/^ {2}lock_wait: 30 # env BORGBOI_BORG__LOCK_WAIT$/m);
    expect(r.stdout).toMatch(/^ {2}region: us-west-1 # default$/m);
    expect(r.stdout).toMatch(
      /^ {2}borg_passphrase: "\*\*\*REDACTED\*\*\*" # env BORGBOI_BORG__BORG_PASSPHRASE$/m,
    );
    expect(r.stdout + r.stderr).not.toMatch(/env-secret|from-file-secret/);
    expect(parse(r.stdout)).toMatchObject({ borg: { compression: 'lz4', lock_wait: 30 } });
  });

  it.each([[['config', 'show', '--json']], [['config', 'show', '--format', 'json']]])(
    '%j prints one JSON document with sources',
    async (args) => {
      const { home: h } = home();
      const r = await runBorgboi(args, {
        env: { BORGBOI_HOME: h, BORGBOI_BORG__BORG_PASSPHRASE: 'env-secret' },
      });
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout);
      expect(doc).toMatchObject({
        file: null,
        config: { borg: { borg_passphrase: '***REDACTED***', borg_new_passphrase: null } },
        sources: {
          'borg.borg_passphrase': { source: 'env', env: 'BORGBOI_BORG__BORG_PASSPHRASE' },
          offline: { source: 'default' },
        },
        warnings: [],
      });
      expect(r.stdout).not.toContain('env-secret');
    },
  );

  it('--online is reported as a flag', async () => {
    const r = await runBorgboi(['--online', 'config', 'show', '--json'], {
      env: { BORGBOI_HOME: home().home },
    });
    expect(JSON.parse(r.stdout)).toMatchObject({
      config: { offline: false },
      sources: { offline: { source: 'flag' } },
    });
  });
});

describe('borgboi config validate', () => {
  it('exits 0 with {"ok":true,...} for a usable config', async () => {
    const { home: h, file } = home('borg:\n  compression: auto,zstd,6\n');
    const r = await runBorgboi(['config', 'validate', '--json'], { env: { BORGBOI_HOME: h } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ ok: true, file, warnings: [] });
    const text = await runBorgboi(['config', 'validate'], { env: { BORGBOI_HOME: h } });
    expect(text.stdout).toBe(`config is usable: ${file}\n`);
  });

  it('exits 1 listing every problem at once', async () => {
    const { home: h } = home(
      'offline: false\naws:\n  s3_bucket: ""\nborg:\n  compression: gzip\n  lock_wait: -1\nextra: 1\n',
    );
    const r = await runBorgboi(['config', 'validate', '--json'], {
      env: {
        BORGBOI_HOME: h,
        BORGBOI_BORG__EXECUTABLE_PATH: 'no-such-borg',
        BORGBOI_DEBUG: 'maybe',
      },
    });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.ok).toBe(false);
    expect(doc.problems.map((p: { key: string }) => p.key)).toEqual([
      'debug',
      'borg.lock_wait',
      'borg.executable_path',
      'borg.compression',
      'aws.s3_bucket',
    ]);
    expect(doc.warnings).toEqual([expect.stringMatching(/unknown key 'extra'/)]);
  });

  it('a malformed file is a problem too (exit 1), naming the file and line', async () => {
    const { home: h, file } = home('borg: [oops\n');
    const r = await runBorgboi(['config', 'validate'], { env: { BORGBOI_HOME: h } });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`config is not usable: ${file}`);
    expect(r.stdout).toMatch(/is not valid YAML \(line \d\)/);
  });
});

describe('borgboi config init', () => {
  it('writes a commented default (0600) that validates, and --force replaces it', async () => {
    const { home: h, file } = home();
    const r = await runBorgboi(['config', 'init'], { env: { BORGBOI_HOME: h } });
    expect(r).toMatchObject({ code: 0, stdout: `wrote ${file}\n` });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/^# borgboi configuration/);
    const v = await runBorgboi(['config', 'validate', '--json'], { env: { BORGBOI_HOME: h } });
    expect(JSON.parse(v.stdout)).toEqual({ ok: true, file, warnings: [] });

    writeFileSync(file, 'borg: [broken\n');
    const f = await runBorgboi(['config', 'init', '--force', '--json'], {
      env: { BORGBOI_HOME: h },
    });
    expect(f.code).toBe(0);
    expect(JSON.parse(f.stdout)).toEqual({ file, replaced: true });
    expect(readFileSync(file, 'utf8')).toMatch(/^# borgboi configuration/);
  });

  it('--config FILE chooses where it writes', async () => {
    const { home: h } = home();
    const cwd = tmp();
    const r = await runBorgboi(['config', 'init', '--config', 'sub/bb.yaml'], {
      env: { BORGBOI_HOME: h },
      cwd,
    });
    expect(r.code).toBe(0);
    expect(readFileSync(join(cwd, 'sub', 'bb.yaml'), 'utf8')).toMatch(/^# borgboi configuration/);
  });
});

describe('bad input: one clear line, exit 2, nothing written', () => {
  const rows: Array<{
    name: string;
    args: string[];
    env?: Record<string, string>;
    file?: string;
    message: RegExp;
  }> = [
    {
      name: 'unknown flag',
      args: ['config', 'show', '--bogus'],
      message: /^Error: unknown option '--bogus'; see 'borgboi config show --help'$/,
    },
    {
      name: 'unknown command',
      args: ['config', 'frob'],
      message: /^Error: unknown command 'frob'/,
    },
    {
      name: 'bad --format',
      args: ['config', 'show', '--format', 'xml'],
      message: /--format.*'xml' is invalid.*yaml, json/,
    },
    {
      name: 'BORGBOI_OFFLINE=maybe',
      args: ['config', 'show'],
      env: { BORGBOI_OFFLINE: 'maybe' },
      message:
        /^Error: environment variable BORGBOI_OFFLINE=maybe is not a boolean .*; set BORGBOI_OFFLINE to true or false or unset it$/,
    },
    {
      name: 'malformed YAML',
      args: ['config', 'show'],
      file: 'borg: [oops\n',
      message: /^Error: config file .*config.yaml is not valid YAML \(line \d\)/,
    },
    {
      name: 'config init over an existing file',
      args: ['config', 'init'],
      file: 'borg:\n  compression: lz4\n',
      message: /^Error: config file .*config.yaml already exists; pass --force to replace it/,
    },
  ];

  it.each(rows)('$name', async ({ args, env, file, message }) => {
    const { home: h } = home(file);
    const before = snapshot(h);
    const r = await runBorgboi(args, { env: { BORGBOI_HOME: h, ...env } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr.trimEnd()).toMatch(message);
    expect(snapshot(h)).toEqual(before);
  });
});
