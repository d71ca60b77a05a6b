import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { commandTree } from '../../src/cli/command-tree.js';
import { renderBashCompletion } from '../../src/cli/commands/completion/bash.js';
import { BIN, runBorgboi } from '../support/cli.js';
import { useTempDirs } from '../support/temp.js';

const tmp = useTempDirs();
const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

/** A BORGBOI_HOME whose index names two repos. */
function homeWithRepos(): string {
  const home = tmp();
  mkdirSync(join(home, '.borgboi', 'data'), { recursive: true });
  writeFileSync(
    join(home, '.borgboi', 'data', 'repositories.json'),
    JSON.stringify({
      version: 1,
      repositories: [{ name: 'server', path: '/srv' }, { name: 'laptop' }],
    }),
  );
  return home;
}

/** Sources the script and runs its completion function on each word list, as bash would. */
function bashComplete(script: string, home: string, cases: string[][]): string[] {
  const dir = tmp();
  writeFileSync(join(dir, 'completion.bash'), script);
  const driver = [
    `source ${join(dir, 'completion.bash')}`,
    `borgboi() { ${process.execPath} ${BIN} "$@"; }`,
    ...cases.map((words) => {
      const arr = words.map((w) => `'${w}'`).join(' ');
      return `COMP_WORDS=(${arr}); COMP_CWORD=${words.length - 1}; _borgboi; echo "\${COMPREPLY[*]}"`;
    }),
  ].join('\n');
  // stdin ignored: bash sources ~/.bashrc when stdin is a socket (its rshd heuristic).
  const r = spawnSync('bash', ['-c', driver], {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    env: { PATH: process.env.PATH, BORGBOI_HOME: home },
  });
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').slice(0, cases.length);
}

describe('borgboi completion bash', () => {
  let script = '';
  beforeAll(async () => {
    const r = await runBorgboi(['completion', 'bash'], { env: { BORGBOI_HOME: tmp() } });
    expect(r.code).toBe(0);
    script = r.stdout;
  });

  it('passes bash -n', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'c.bash'), script);
    const r = spawnSync('bash', ['-n', join(dir, 'c.bash')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  const cases: Array<[string[], string]> = [
    [['borgboi', 're'], 'repo'],
    [['bb', 'conf'], 'config'],
    [['borgboi', 'config', ''], 'show validate init'],
    [['borgboi', 'config', 'show', '--fo'], '--format'],
    [['borgboi', 'config', 'show', '--format', ''], 'yaml json'],
    [['borgboi', '--log-format', 'j'], 'json'],
    [['borgboi', '--config', 'x.yaml', 'schedule', 'in'], 'install'],
    [['borgboi', 'schedule', 'install', '--ti'], '--time'],
    [['borgboi', 'completion', ''], 'bash zsh fish'],
    [['borgboi', '__'], ''],
  ];

  it('completes groups, verbs, flags and values; hidden commands stay hidden', () => {
    const out = bashComplete(
      script,
      tmp(),
      cases.map(([w]) => w),
    );
    expect(out).toEqual(cases.map(([, expected]) => expected));
  });

  it('completes repository names for --name through borgboi __complete repos', () => {
    const program = new Command('borgboi');
    program
      .command('backup')
      .command('daily')
      .option('-n, --name <name>', 'repository')
      .option('-p, --path <path>', 'repo path');
    const out = bashComplete(renderBashCompletion(commandTree(program)), homeWithRepos(), [
      ['borgboi', 'backup', 'daily', '-n', ''],
      ['borgboi', 'backup', 'daily', '--name', 'l'],
      ['borgboi', 'backup', 'daily', '-p', '/nonexistent-'],
    ]);
    expect(out).toEqual(['laptop server', 'laptop', '']);
  });
});

describe('borgboi __complete repos', () => {
  it('lists the names of the index, sorted', async () => {
    const r = await runBorgboi(['__complete', 'repos'], { env: { BORGBOI_HOME: homeWithRepos() } });
    expect(r).toMatchObject({ code: 0, stdout: 'laptop\nserver\n', stderr: '' });
  });

  it.each([
    ['missing', null],
    ['corrupt', '{"version":1,'],
    ['wrong shape', '{"repositories":"x"}'],
  ])('prints nothing for a %s index, exit 0', async (_name, content) => {
    const home = tmp();
    if (content !== null) {
      mkdirSync(join(home, '.borgboi', 'data'), { recursive: true });
      writeFileSync(join(home, '.borgboi', 'data', 'repositories.json'), content);
    }
    const r = await runBorgboi(['__complete', 'repos'], { env: { BORGBOI_HOME: home } });
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });

  it('is not listed in --help', async () => {
    const r = await runBorgboi(['--help'], { env: { BORGBOI_HOME: tmp() } });
    expect(r.stdout).not.toMatch(/__complete|__docs/);
    expect(r.stdout).toMatch(/^ {2}completion\s+\S/m);
  });
});

describe('zsh and fish scripts', () => {
  it.skipIf(!has('zsh'))('zsh: passes zsh -n', async () => {
    const r = await runBorgboi(['completion', 'zsh'], { env: { BORGBOI_HOME: tmp() } });
    const file = join(tmp(), '_borgboi');
    writeFileSync(file, r.stdout);
    expect(r.stdout.split('\n')[0]).toBe('#compdef borgboi bb');
    expect(spawnSync('zsh', ['-n', file], { encoding: 'utf8' })).toMatchObject({
      status: 0,
      stderr: '',
    });
  });

  it.skipIf(!has('fish'))('fish: complete -C offers verbs and values', async () => {
    const r = await runBorgboi(['completion', 'fish'], { env: { BORGBOI_HOME: tmp() } });
    const file = join(tmp(), 'borgboi.fish');
    writeFileSync(file, r.stdout);
    const script = [
      `function borgboi; ${process.execPath} ${BIN} $argv; end`,
      `source ${file}`,
      "complete -C 'borgboi re'",
      "complete -C 'borgboi config show --format '",
      "complete -C 'bb sched'",
    ].join('\n');
    const out = spawnSync('fish', ['-c', script], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: tmp() },
    });
    expect(out.stderr).toBe('');
    expect(out.stdout.split('\n').map((l) => l.split('\t')[0])).toEqual([
      'repo',
      'json',
      'yaml',
      'schedule',
      '',
    ]);
  });
});
