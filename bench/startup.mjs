// Start-up bench (spec §10): `borgboi --version`, `repo list` (100 repos) and `status` (100
// repos) against `node -e 0`, bar <= 2.5x, plus "the offline CLI never loads the AWS SDK".
// `--help` (the command tree alone) is shown too. Measured with hyperfine (Debian) or an
// interleaved spawn loop. The untimed probe run of each command fills borg's version cache
// (`--version`) and V8's code cache in the temp HOME (src/bin/code-cache.ts): what every run
// after the first one sees. The first run after an install compiles everything and is slower.
//   node bench/startup.mjs [--quick]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { traceControl, traceModules } from './lib/aws-sdk-probe.mjs';
import { BIN, ROOT, cleanEnv, ensureBuilt, seedRepositories } from './lib/borgboi.mjs';
import { timeCommands } from './lib/measure.mjs';
import { emit, makeRow, round } from './lib/rows.mjs';

const quick = process.argv.includes('--quick');
// Passes of alternating command order spread load swings of a shared machine over all commands.
const RUNS = quick ? { runs: 8, warmup: 1, passes: 2 } : { runs: 40, warmup: 2, passes: 4 };
const REPOS = 100;
const BAR = '<= 2.5';

const COMMANDS = [
  { name: 'borgboi --version', args: ['--version'] },
  { name: `borgboi repo list (${REPOS} repos)`, args: ['repo', 'list'] },
  { name: `borgboi status (${REPOS} repos)`, args: ['status'] },
  // Not a spec metric: the whole command tree (every verb module) without any work.
  { name: 'borgboi --help', args: ['--help'] },
];

/** One untimed run: fills the borg version and code caches; returns why it failed, or null. */
function probe(args, env) {
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });
  if (r.status === 0) return null;
  const why = (r.stderr || r.stdout).trim().split('\n')[0] ?? '';
  return `command failed (exit ${r.status ?? r.signal}: ${why}); not judged`;
}

function sdkRow(available, env) {
  const metric = 'offline CLI loads the AWS SDK';
  const control = traceControl(ROOT, env);
  if (control.sdk.length === 0) {
    return makeRow({
      metric,
      borgboi: null,
      unit: 'modules',
      bar: '= 0',
      pass: null,
      note: 'module tracer did not see a control SDK import; not judged',
    });
  }
  const seen = available.map((c) => ({ c, t: traceModules([BIN, ...c.args], { env }) }));
  const loaded = Math.max(...seen.map((s) => s.t.sdk.length));
  const culprit = seen.find((s) => s.t.sdk.length > 0);
  const note = culprit
    ? `${culprit.c.name} loaded ${culprit.t.sdk[0]}`
    : `checked ${available.map((c) => c.name.replace('borgboi ', '')).join(', ')}; ` +
      `tracer saw ${control.sdk.length} SDK modules in a control import`;
  return makeRow({ metric, borgboi: loaded, unit: 'modules', bar: '= 0', note });
}

const ms = (s) => round(s * 1000, 1);

function main() {
  ensureBuilt();
  const home = mkdtempSync(join(tmpdir(), 'bench-startup-'));
  try {
    seedRepositories(home, REPOS);
    const env = cleanEnv(home);
    const status = COMMANDS.map((c) => ({ ...c, missing: probe(c.args, env) }));
    const cached = existsSync(join(home, '.borgboi', 'cache', 'borg-version.json'));
    const available = status.filter((c) => !c.missing);
    const measured = [
      { name: 'node -e 0', argv: [process.execPath, '-e', '0'] },
      { name: 'borg --version', argv: ['borg', '--version'] },
      ...available.map((c) => ({ name: c.name, argv: [process.execPath, BIN, ...c.args] })),
    ];
    const { tool, results } = timeCommands(measured, { ...RUNS, env, cwd: home });
    const base = results['node -e 0'];
    const timingNote = (c, r) => {
      let note = `median of ${r.runs} (${tool}), σ ${ms(r.stddev)} ms`;
      if (r.cpu !== undefined) note += `; CPU ${ms(r.cpu)} vs ${ms(base.cpu)} ms`;
      if (!c.args.includes('--version')) return note;
      const where = cached ? 'borg version from the cache' : 'NO version cache: spawns borg';
      return `${note}; ${where} (borg --version alone: ${ms(results['borg --version'].median)} ms)`;
    };
    for (const c of status) {
      const r = results[c.name];
      emit(
        makeRow({
          metric: `start-up: ${c.name}`,
          borgboi: r ? ms(r.median) : null,
          baseline: ms(base.median),
          unit: 'ms',
          bar: BAR,
          ...(r ? { note: timingNote(c, r) } : { pass: null, note: c.missing }),
          ...(r?.cpu !== undefined ? { cpu: { borgboi: r.cpu, baseline: base.cpu } } : {}),
        }),
      );
    }
    emit(sdkRow(available, env));
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

main();
