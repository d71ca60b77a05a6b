// Counts the AWS SDK modules a command loads, using the module-trace preload.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TRACER = fileURLToPath(new URL('./module-trace.mjs', import.meta.url));
const SDK = /\/node_modules\/@(aws-sdk|smithy)\//;

/** Runs `node --import tracer ...nodeArgs`; returns every module path it loaded and the SDK ones. */
export function traceModules(nodeArgs, { env, cwd } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-trace-'));
  try {
    const out = join(dir, 'trace.txt');
    const r = spawnSync(process.execPath, ['--import', TRACER, ...nodeArgs], {
      env: { ...env, BENCH_MODULE_TRACE: out },
      cwd,
      stdio: 'ignore',
    });
    let lines = [];
    try {
      lines = readFileSync(out, 'utf8').split('\n').filter(Boolean);
    } catch {
      // nothing loaded at all
    }
    const modules = [...new Set(lines.map((l) => l.slice(4)))];
    return { status: r.status, modules, sdk: modules.filter((m) => SDK.test(m)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Proof the tracer works here: an explicit SDK import must show up (ESM and CJS paths). */
export function traceControl(cwd, env) {
  const code = "await import('@aws-sdk/client-s3')";
  return traceModules(['--input-type=module', '-e', code], { cwd, env });
}
