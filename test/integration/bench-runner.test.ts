import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repositorySchema } from '../../src/core/models/repository.js';
import { useTempDirs } from '../support/temp.js';

const RUNNER = fileURLToPath(new URL('../../bench/run.mjs', import.meta.url));
const LIB = new URL('../../bench/lib/', import.meta.url).href;

function runner(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUNNER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Bench scripts built on the real bench/lib helpers (rows + timing). */
const SCRIPTS: Record<string, string> = {
  'good.mjs': `
import { emit, makeRow } from '${LIB}rows.mjs';
import { timeCommands } from '${LIB}measure.mjs';
const quick = process.argv.includes('--quick');
const { tool, results } = timeCommands(
  [{ name: 'true', argv: ['true'] }, { name: 'sh', argv: ['sh', '-c', 'true'] }],
  { runs: 3, warmup: 1 },
);
console.log('progress: measured with ' + tool);
emit(makeRow({ metric: 'sh vs true', borgboi: results.sh.median, baseline: results.true.median,
  unit: 's', bar: '<= 1000', note: quick ? 'quick' : 'full' }));
emit(makeRow({ metric: 'missed bar', borgboi: 5, unit: 'MiB', bar: '<= 1' }));
emit(makeRow({ metric: 'not there yet', borgboi: null, baseline: 2, unit: 'ms', bar: '<= 2.5',
  pass: null, note: 'command not available yet' }));
emit(makeRow({ metric: 'with cpu', borgboi: 2, baseline: 1, unit: 's', bar: '<= 3',
  cpu: { borgboi: 3, baseline: 1 } }));
`,
  'crash.mjs': `throw new Error('boom');`,
  'malformed.mjs': `console.log('BENCH {"metric":"x","borgboi":"fast","unit":"s","bar":"<= 1","pass":true}');`,
  'silent.mjs': `console.log('no rows here');`,
  'badcpu.mjs': `console.log('BENCH {"metric":"x","borgboi":1,"baseline":null,"ratio":null,"unit":"s","bar":"<= 1","pass":true,"cpu_ratio":"low"}');`,
  'slow.mjs': `import { emit, makeRow } from '${LIB}rows.mjs';
emit(makeRow({ metric: 'early', borgboi: 1, unit: 's', bar: '<= 1' }));
setTimeout(() => {}, 60_000);`,
};

describe('bench/run.mjs', () => {
  const tmp = useTempDirs();
  function benchDir(names: string[]): string {
    const dir = tmp();
    for (const n of names) writeFileSync(join(dir, n), SCRIPTS[n]!);
    return dir;
  }

  it('prints one table, passes --quick, and exits 0 although a bar is missed', async () => {
    const dir = benchDir(['good.mjs']);
    const r = await runner(['--dir', dir, '--quick']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^metric\s+borgboi\s+baseline\s+ratio\s+CPU ratio\s+bar\s+result\s+note$/,
    );
    expect(lines.find((l) => l.startsWith('sh vs true'))).toMatch(
      /×\s+-\s+<= 1000\s+pass\s+quick$/,
    );
    expect(lines.find((l) => l.startsWith('missed bar'))).toMatch(
      /5 MiB\s+-\s+-\s+-\s+<= 1\s+FAIL/,
    );
    expect(lines.find((l) => l.startsWith('with cpu'))).toMatch(/2\.00×\s+3\.00×\s+<= 3\s+pass/);
    expect(lines.find((l) => l.startsWith('not there yet'))).toMatch(
      /n\/a\s+command not available/,
    );
    expect(r.stdout).toMatch(/4 rows: 2 pass, 1 fail, 1 not judged/);
    expect(r.stderr).toMatch(/progress: measured with (hyperfine|spawn loop)/);
  });

  it.each([
    ['crash.mjs', /crash\.mjs: exited 1/],
    ['malformed.mjs', /malformed\.mjs: malformed row \(bad field\(s\) borgboi, baseline, ratio\)/],
    ['silent.mjs', /silent\.mjs: printed no rows/],
    ['badcpu.mjs', /badcpu\.mjs: malformed row \(bad field\(s\) cpu_ratio\)/],
  ])('exits 1 when %s breaks, still printing the other rows', async (name, message) => {
    const dir = benchDir(['good.mjs', name]);
    const r = await runner(['--dir', dir, '--quick']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toMatch(/^sh vs true/m);
  });

  it('kills a script that outlives --timeout-s and counts it as broken', async () => {
    const r = await runner(['--dir', benchDir(['slow.mjs']), '--timeout-s', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/slow\.mjs: killed after 1 s/);
    expect(r.stdout).toMatch(/^early/m);
  });

  it('runs only the named scripts and rejects unknown names', async () => {
    const dir = benchDir(['good.mjs', 'crash.mjs']);
    expect((await runner(['--dir', dir, '--quick', 'good'])).code).toBe(0);
    const r = await runner(['--dir', dir, 'nope']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no such script: nope/);
  });

  it('--write-docs replaces only the marked section, with the machine description', async () => {
    const dir = benchDir(['good.mjs']);
    const docs = join(tmp(), 'performance.md');
    writeFileSync(
      docs,
      '# Perf\n\nhand-written intro\n\n<!-- bench:begin -->\nold\n<!-- bench:end -->\n\nplan\n',
    );
    const r = await runner(['--dir', dir, '--write-docs', '--docs', docs]);
    expect(r.code).toBe(0);
    const text = readFileSync(docs, 'utf8');
    expect(text).toMatch(/^# Perf\n\nhand-written intro\n\n<!-- bench:begin -->\n/);
    expect(text).toMatch(/\n<!-- bench:end -->\n\nplan\n$/);
    expect(text).not.toMatch(/\nold\n/);
    expect(text).toMatch(
      /\| metric \| borgboi \| baseline \| ratio \| CPU ratio \| bar \| result \| note \|/,
    );
    expect(text).toMatch(/\| missed bar \| 5 MiB \| - \| - \| - \| <= 1 \| FAIL \|/);
    expect(text).toMatch(
      /- CPU: .+ \(\d+ cores available\)\n- RAM: [\d.]+ GiB\n- OS: .+\n- node v\d+/,
    );
    expect(text).toMatch(/borg 1\.\d+\.\d+/);
    expect(text).toMatch(/- load average \(1 min\) before \/ after: [\d.]+ \/ [\d.]+/);
  });

  it('--write-docs creates the file when missing and leaves it alone when a script broke', async () => {
    const docs = join(tmp(), 'new.md');
    expect(
      (await runner(['--dir', benchDir(['crash.mjs']), '--write-docs', '--docs', docs])).code,
    ).toBe(1);
    expect(() => readFileSync(docs)).toThrow(/ENOENT/);
    expect(
      (await runner(['--dir', benchDir(['good.mjs']), '--write-docs', '--docs', docs])).code,
    ).toBe(0);
    expect(readFileSync(docs, 'utf8')).toMatch(
      /^# Performance\n[\s\S]*<!-- bench:begin -->[\s\S]*sh vs true[\s\S]*<!-- bench:end -->\n$/,
    );
  });
});

/** Evaluates an ES module snippet in a fresh node and returns what it printed as JSON. */
async function evalModule(code: string): Promise<unknown> {
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let s = '';
    child.stdout.on('data', (d) => (s += d));
    child.on('error', reject);
    child.on('close', (c) => (c === 0 ? resolve(s) : reject(new Error(`exit ${c}`))));
  });
  return JSON.parse(out);
}

describe('bench/lib helpers', () => {
  const tmp = useTempDirs();

  it('seedRepositories writes an index whose records parse as repositories', async () => {
    const home = tmp();
    await evalModule(
      `import { seedRepositories } from '${LIB}borgboi.mjs';
       console.log(JSON.stringify(seedRepositories(${JSON.stringify(home)}, 100)));`,
    );
    const doc = JSON.parse(readFileSync(join(home, '.borgboi/data/repositories.json'), 'utf8'));
    expect(doc.version).toBe(1);
    const repos = doc.repositories.map((r: unknown) => repositorySchema.parse(r));
    expect(repos).toHaveLength(100);
    expect(new Set(repos.map((r: { name: string }) => r.name)).size).toBe(100);
  });

  it.each([
    ['an ESM import', "await import('@aws-sdk/client-s3')", true],
    ['a CommonJS require', "createRequire(import.meta.url)('@aws-sdk/client-dynamodb')", true],
    ['no SDK use', "await import('node:os')", false],
  ])('the module tracer classifies %s', async (_name, use, expected) => {
    const code = `import { createRequire } from 'node:module'; ${use};`;
    const r = (await evalModule(
      `import { traceModules } from '${LIB}aws-sdk-probe.mjs';
       const t = traceModules(['--input-type=module', '-e', ${JSON.stringify(code)}],
         { cwd: process.cwd(), env: { PATH: process.env.PATH } });
       console.log(JSON.stringify({ status: t.status, sdk: t.sdk.length, all: t.modules.length }));`,
    )) as { status: number; sdk: number; all: number };
    expect(r.status).toBe(0);
    expect(r.sdk > 0).toBe(expected);
    expect(r.all).toBeGreaterThan(0);
  });

  it.each([
    ['<= 2.5', 2.5, true],
    ['<= 2.5', 2.51, false],
    ['< 1', 1, false],
    ['>= 3', 3, true],
    ['> 3', 3, false],
    ['= 0', 0, true],
    ['= 0', null, null],
  ])('judge(%s) of %s is %s', async (bar, value, pass) => {
    const r = await evalModule(
      `import { judge } from '${LIB}rows.mjs'; console.log(JSON.stringify(judge(${value}, '${bar}')));`,
    );
    expect(r).toBe(pass);
  });
});

describe('bench/lib/measure.mjs', () => {
  it('summarizes samples', async () => {
    const r = await evalModule(
      `import { summarize } from '${LIB}measure.mjs'; console.log(JSON.stringify(summarize([4, 1, 3, 2])));`,
    );
    expect(r).toEqual({
      median: 2.5,
      mean: 2.5,
      stddev: Math.sqrt(5 / 3),
      min: 1,
      max: 4,
      runs: 4,
    });
  });

  it('times commands with the loop and with hyperfine', async () => {
    const r = (await evalModule(
      `import { timeHyperfine, timeLoop } from '${LIB}measure.mjs';
       const loop = timeLoop([{ name: 't', argv: ['true'] }, { name: 'f', argv: ['sh', '-c', ':'] }], { runs: 3, warmup: 1 });
       const hf = timeHyperfine([{ name: 'a', argv: ['true'] }, { name: 'b b', argv: ['sh', '-c', 'true'] }],
         { runs: 4, warmup: 0, passes: 2 });
       console.log(JSON.stringify({ loop, hf }));`,
    )) as Record<string, Record<string, unknown>>;
    expect(r.loop).toMatchObject({ t: { runs: 3, min: expect.any(Number) }, f: { runs: 3 } });
    expect(Object.keys(r.hf!)).toEqual(['a', 'b b']);
    expect(r.hf!['b b']).toMatchObject({ runs: 4, cpu: expect.any(Number) });
    expect(r.hf!.a).toMatchObject({ runs: 4 });
  });

  it('timeRun gives wall and CPU seconds (children included) and rejects a failed command', async () => {
    const r = (await evalModule(
      `import { timeRun } from '${LIB}measure.mjs';
       const ok = await timeRun(['sh', '-c', 'i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done']);
       const bad = await timeRun(['sh', '-c', 'exit 3']).then(() => 'resolved', (e) => e.message);
       console.log(JSON.stringify({ ok, bad }));`,
    )) as { ok: { s: number; cpu: number | null }; bad: string };
    expect(r.ok.s).toBeGreaterThan(0);
    expect(r.ok.cpu).toBeGreaterThan(0);
    expect(r.ok.cpu!).toBeLessThan(r.ok.s * 2 + 0.1);
    expect(r.bad).toMatch(/exited 3/);
  });

  it.each(['time', 'poll'])('measures peak RSS (%s)', async (method) => {
    // 64 MiB touched, then held briefly so that /proc polling sees the high-water mark.
    const hog = 'Buffer.alloc(64 * 2 ** 20, 1); setTimeout(() => {}, 200)';
    const r = (await evalModule(
      `import { peakRss } from '${LIB}measure.mjs';
       const big = await peakRss([process.execPath, '-e', ${JSON.stringify(hog)}], { method: '${method}' });
       const small = await peakRss([process.execPath, '-e', '0'], { method: '${method}' });
       console.log(JSON.stringify({ big: big.bytes, small: small.bytes }));`,
    )) as { big: number; small: number };
    expect(r.big).toBeGreaterThan(64 * 2 ** 20);
    expect(r.big - r.small).toBeGreaterThan(50 * 2 ** 20);
  });
});

describe('bench/lib/daily-sides.mjs', () => {
  const tmp = useTempDirs();

  it('the logging borg wrapper records each process argv and still runs borg', async () => {
    const dir = tmp();
    const r = (await evalModule(
      `import { execFileSync } from 'node:child_process';
       import { loggedCalls, logSize, writeBorgWrapper } from '${LIB}daily-sides.mjs';
       const log = ${JSON.stringify(join(dir, 'calls.log'))};
       const borg = writeBorgWrapper(${JSON.stringify(dir)}, log);
       const out = execFileSync(borg, ['--version'], { encoding: 'utf8' });
       const mark = logSize(log);
       execFileSync(borg, ['break-lock', '--help', 'a b'], { stdio: 'ignore' });
       console.log(JSON.stringify({ out, all: loggedCalls(log), since: loggedCalls(log, mark) }));`,
    )) as { out: string; all: string[][]; since: string[][] };
    expect(r.out).toMatch(/^borg 1\.\d+\.\d+/);
    expect(r.all).toEqual([['--version'], ['break-lock', '--help', 'a b']]);
    expect(r.since).toEqual([['break-lock', '--help', 'a b']]);
  });
});
