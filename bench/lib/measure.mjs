// Timing and memory helpers for bench scripts: hyperfine when installed, else a spawn loop.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v "$1" >/dev/null`, 'sh', name]).status === 0;
}

/** median, mean, sample standard deviation, min, max of a list of numbers. */
export function summarize(values) {
  if (values.length === 0) throw new Error('bench: no samples to summarize');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance =
    values.length > 1 ? values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1) : 0;
  return {
    median,
    mean,
    stddev: Math.sqrt(variance),
    min: sorted[0],
    max: sorted.at(-1),
    runs: values.length,
  };
}

function timeOnce(argv, env, cwd) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0], argv.slice(1), { env, cwd, stdio: 'ignore' });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`bench: ${argv.join(' ')} exited ${r.status ?? r.signal}`);
  return s;
}

/**
 * The fallback without hyperfine: `runs` rounds after `warmup` untimed ones, each round running
 * every command once in a rotating order (load swings hit all commands alike). Wall seconds.
 */
export function timeLoop(commands, { runs = 10, warmup = 2, env, cwd } = {}) {
  const times = new Map(commands.map((c) => [c.name, []]));
  for (let round = -warmup; round < runs; round++) {
    const shift = ((round % commands.length) + commands.length) % commands.length;
    for (const c of [...commands.slice(shift), ...commands.slice(0, shift)]) {
      const s = timeOnce(c.argv, env, cwd);
      if (round >= 0) times.get(c.name).push(s);
    }
  }
  return Object.fromEntries(commands.map((c) => [c.name, summarize(times.get(c.name))]));
}

const shellQuote = (a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`);

function hyperfineOnce(commands, { runs, warmup, env, cwd }, dir) {
  const out = join(dir, 'out.json');
  const args = ['-N', '--style', 'basic', '--runs', String(runs), '--warmup', String(warmup)];
  args.push('--export-json', out);
  for (const c of commands) args.push('--command-name', c.name, c.argv.map(shellQuote).join(' '));
  const r = spawnSync('hyperfine', args, { env, cwd, stdio: ['ignore', 2, 2] });
  if (r.status !== 0) throw new Error(`bench: hyperfine exited ${r.status ?? r.signal}`);
  return JSON.parse(readFileSync(out, 'utf8')).results;
}

/**
 * Times several commands with `hyperfine -N` (no shell in between); seconds per run, plus
 * `cpu` (mean user + system, children included: far less load-sensitive than wall time).
 * hyperfine runs all rounds of one command before the next, so a load swing lands on one
 * command only; `passes` > 1 splits the runs into passes of alternating command order and
 * pools them. commands: [{ name, argv }]. Returns { [name]: summary }.
 */
export function timeHyperfine(commands, { runs = 10, warmup = 2, passes = 1, env, cwd } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-hf-'));
  const times = new Map(commands.map((c) => [c.name, []]));
  const cpu = new Map(commands.map((c) => [c.name, []]));
  try {
    for (let p = 0; p < passes; p++) {
      const order = p % 2 ? [...commands].reverse() : commands;
      const perPass = Math.max(2, Math.round(runs / passes));
      // Results come back in command order (their `command` field is the --command-name).
      hyperfineOnce(order, { runs: perPass, warmup, env, cwd }, dir).forEach((res, i) => {
        times.get(order[i].name).push(...res.times);
        cpu.get(order[i].name).push(res.user + res.system);
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return Object.fromEntries(
    commands.map((c) => [c.name, { ...summarize(times.get(c.name)), cpu: mean(cpu.get(c.name)) }]),
  );
}

/** hyperfine when installed, else the interleaved spawn loop; reports which tool measured. */
export function timeCommands(commands, opts = {}) {
  if (!hasCommand('hyperfine')) return { tool: 'spawn loop', results: timeLoop(commands, opts) };
  const version = spawnSync('hyperfine', ['--version'], { encoding: 'utf8' }).stdout.trim();
  return { tool: version, results: timeHyperfine(commands, opts) };
}

/**
 * Peak resident set size in bytes of argv: with /usr/bin/time -v the largest of the process and
 * its waited-for children, else (or with method 'poll') VmHWM of the direct child polled from
 * /proc every 10 ms, a lower bound that can miss a peak in the last few ms.
 */
export async function peakRss(argv, { env, cwd, method } = {}) {
  if (method !== 'poll' && existsSync('/usr/bin/time')) {
    const r = spawnSync('/usr/bin/time', ['-v', ...argv], { env, cwd, encoding: 'utf8' });
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
    if (r.status !== 0 || !m) throw new Error(`bench: ${argv.join(' ')} exited ${r.status}`);
    return { bytes: Number(m[1]) * 1024, tool: '/usr/bin/time -v' };
  }
  const child = spawn(argv[0], argv.slice(1), { env, cwd, stdio: 'ignore' });
  let hwm = 0;
  const poll = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) hwm = Math.max(hwm, Number(m[1]) * 1024);
    } catch {
      // exited between polls
    }
  }, 10);
  const code = await new Promise((resolve) => child.on('close', resolve));
  clearInterval(poll);
  if (code !== 0) throw new Error(`bench: ${argv.join(' ')} exited ${code}`);
  return { bytes: hwm, tool: 'VmHWM polling' };
}

const HAS_TIME = existsSync('/usr/bin/time');

/**
 * Runs argv once and resolves with { s, cpu } : wall seconds and CPU seconds (user + system of
 * the process and the children it waited for, from /usr/bin/time; null without it). Rejects
 * when it exits non-zero. stdio defaults to 'ignore'.
 */
export function timeRun(argv, { env, cwd, stdio = 'ignore' } = {}) {
  const dir = HAS_TIME ? mkdtempSync(join(tmpdir(), 'bench-time-')) : null;
  const out = dir && join(dir, 'time.txt');
  const full = out ? ['/usr/bin/time', '-f', '%U %S', '-o', out, ...argv] : argv;
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(full[0], full.slice(1), { env, cwd, stdio });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      let cpu = null;
      if (out) {
        const m = /([\d.]+) ([\d.]+)\s*$/.exec(readFileSync(out, 'utf8'));
        if (m) cpu = Number(m[1]) + Number(m[2]);
        rmSync(dir, { recursive: true, force: true });
      }
      if (code === 0) resolve({ s, cpu });
      else reject(new Error(`bench: ${argv.join(' ')} exited ${code ?? signal}`));
    });
  });
}
