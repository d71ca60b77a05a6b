// A description of the machine a bench ran on, for docs/performance.md.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

function firstLine(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0 ? (r.stdout || r.stderr).split('\n')[0].trim() : null;
}

function osName() {
  try {
    const m = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'));
    if (m) return `${m[1]} (kernel ${os.release()})`;
  } catch {
    // not Linux, or no os-release
  }
  return `${os.type()} ${os.release()}`;
}

/** loadBefore: os.loadavg()[0] taken before the benches ran (busy machines skew timings). */
export function describeMachine(loadBefore) {
  const cpus = os.cpus();
  return {
    load: [loadBefore ?? os.loadavg()[0], os.loadavg()[0]].map((l) => l.toFixed(2)),
    cpu: cpus[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown',
    cores: os.availableParallelism?.() ?? cpus.length,
    ramGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: osName(),
    node: process.version,
    borg: firstLine('borg', ['--version']) ?? 'not installed',
    hyperfine: firstLine('hyperfine', ['--version']) ?? 'not installed',
  };
}

export function machineMarkdown(m) {
  return [
    `- CPU: ${m.cpu} (${m.cores} cores available)`,
    `- RAM: ${m.ramGiB} GiB`,
    `- OS: ${m.os}`,
    `- node ${m.node}, ${m.borg}, ${m.hyperfine}`,
    `- load average (1 min) before / after: ${m.load[0]} / ${m.load[1]}`,
  ].join('\n');
}
