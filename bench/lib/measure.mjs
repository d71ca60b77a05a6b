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

/** Runs argv `runs` times after `warmup` untimed runs; wall seconds per run, summarized. */
export function timeLoop(argv, { runs = 10, warmup = 2, env, cwd } = {}) {
  const [cmd, ...args] = argv;
  const once = () => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { env, cwd, stdio: 'ignore' });
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.status !== 0) throw new Error(`bench: ${argv.join(' ')} exited ${r.status ?? r.signal}`);
    return s;
  };
  for (let i = 0; i < warmup; i++) once();
  return summarize(Array.from({ length: runs }, once));
}

const shellQuote = (a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`);

/**
 * Times several commands with `hyperfine -N` (no shell in between); seconds per run.
 * commands: [{ name, argv }]. Returns { [name]: summary }.
 */
export function timeHyperfine(commands, { runs = 10, warmup = 2, env, cwd } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-hf-'));
  try {
    const out = join(dir, 'out.json');
    const args = ['-N', '--style', 'basic', '--runs', String(runs), '--warmup', String(warmup)];
    args.push('--export-json', out);
    for (const c of commands) args.push('--command-name', c.name, c.argv.map(shellQuote).join(' '));
    const r = spawnSync('hyperfine', args, { env, cwd, stdio: ['ignore', 2, 2] });
    if (r.status !== 0) throw new Error(`bench: hyperfine exited ${r.status ?? r.signal}`);
    const { results } = JSON.parse(readFileSync(out, 'utf8'));
    return Object.fromEntries(results.map((res, i) => [commands[i].name, summarize(res.times)]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** hyperfine when installed, else the spawn loop; reports which tool measured. */
export function timeCommands(commands, opts = {}) {
  if (hasCommand('hyperfine')) {
    const version = spawnSync('hyperfine', ['--version'], { encoding: 'utf8' }).stdout.trim();
    return { tool: version, results: timeHyperfine(commands, opts) };
  }
  const results = {};
  for (const c of commands) results[c.name] = timeLoop(c.argv, opts);
  return { tool: 'spawn loop', results };
}

/**
 * Peak resident set size in bytes of argv (the largest process of its tree when measured with
 * /usr/bin/time -v, else VmHWM of the direct child polled from /proc, a lower bound).
 */
export async function peakRss(argv, { env, cwd } = {}) {
  if (existsSync('/usr/bin/time')) {
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
