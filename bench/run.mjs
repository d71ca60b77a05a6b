// Runs every bench script and prints one table: `npm run bench [-- --quick] [-- --write-docs]`.
//
// Row protocol. Each bench/*.mjs (except this file; helpers live in bench/lib/) is run as
// `node bench/<name>.mjs [--quick]`. It prints one line per measured metric on stdout:
//
//   BENCH {"metric":"…","borgboi":1.23,"baseline":1.1,"unit":"s","ratio":1.12,
//          "bar":"<= 1.05","pass":false,"note":"…"}
//
//   metric    what was measured (non-empty string)
//   borgboi   borgboi's value (number, or null when it could not be measured)
//   baseline  the value compared against (number or null: then the bar applies to borgboi)
//   unit      unit of borgboi and baseline ("s", "ms", "MiB", "modules", …)
//   ratio     borgboi / baseline, or null
//   bar       "<op> <number>" with op one of <= < >= > =; applies to ratio when there is a
//             baseline, else to borgboi
//   pass      true / false, or null when not judged (e.g. "command not available yet")
//   note      optional free text (how it was measured, why it was not judged)
//   cpu_ratio optional: the same comparison in CPU time (user + system, children included),
//             shown beside the wall-time ratio; on a loaded machine it is the steadier one.
//             Informational: the bar is judged on `ratio` (spec §10 bars are wall time).
//
// bench/lib/rows.mjs `makeRow()` computes ratio and pass, `emit()` prints the line. Any other
// stdout line is progress and is passed through to stderr; a script's stderr is inherited.
// --quick selects CI-sized data. The runner exits 0 even when bars are missed (bench never
// fails CI on timing) but 1 when a script crashes, prints a malformed row, or prints none.
// --timeout-s N kills a script that runs longer (default 600 with --quick, else none).
// --write-docs replaces the part of docs/performance.md between `<!-- bench:begin -->` and
// `<!-- bench:end -->` with the table and a description of the machine.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { writeDocs } from './lib/docs.mjs';
import { describeMachine } from './lib/machine.mjs';
import { PREFIX, parseRow, renderText, verdict } from './lib/rows.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));

function parseArgs(argv) {
  const opts = { quick: false, writeDocs: false, docs: join(HERE, '../docs/performance.md') };
  opts.timeoutS = null;
  opts.dir = HERE;
  opts.only = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') opts.quick = true;
    else if (a === '--write-docs') opts.writeDocs = true;
    else if (a === '--docs') opts.docs = argv[++i];
    else if (a === '--dir') opts.dir = argv[++i];
    else if (a === '--timeout-s') opts.timeoutS = Number(argv[++i]);
    else if (a.startsWith('-')) throw new Error(`bench: unknown option ${a}`);
    else opts.only.push(a.replace(/\.mjs$/, ''));
  }
  opts.timeoutS ??= opts.quick ? 600 : 0;
  return opts;
}

function scripts(opts) {
  const all = readdirSync(opts.dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.mjs') && e.name !== 'run.mjs')
    .map((e) => e.name)
    .sort();
  const picked = opts.only.length
    ? all.filter((n) => opts.only.includes(basename(n, '.mjs')))
    : all;
  const unknown = opts.only.filter((o) => !all.includes(`${o}.mjs`));
  if (unknown.length) throw new Error(`bench: no such script: ${unknown.join(', ')}`);
  return picked;
}

/** Runs one script; resolves with its rows and the problems that make the run count as broken. */
function runScript(file, quick, timeoutS) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file, ...(quick ? ['--quick'] : [])], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const rows = [];
    const problems = [];
    const timer =
      timeoutS > 0
        ? setTimeout(() => {
            problems.push(`killed after ${timeoutS} s`);
            child.kill('SIGTERM');
          }, timeoutS * 1000)
        : null;
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith(PREFIX)) return void process.stderr.write(`${line}\n`);
      try {
        rows.push(parseRow(line));
      } catch (e) {
        problems.push(`malformed row (${e.message}): ${line.slice(0, 120)}`);
      }
    });
    child.on('error', (e) => problems.push(e.message));
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (code !== 0) problems.push(`exited ${code ?? signal}`);
      if (code === 0 && rows.length === 0 && problems.length === 0)
        problems.push('printed no rows');
      resolve({ rows, problems });
    });
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const loadBefore = os.loadavg()[0];
  const rows = [];
  const broken = [];
  for (const name of scripts(opts)) {
    process.stderr.write(`bench: running ${name}${opts.quick ? ' --quick' : ''}\n`);
    const started = Date.now();
    const r = await runScript(join(opts.dir, name), opts.quick, opts.timeoutS);
    process.stderr.write(`bench: ${name} took ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    rows.push(...r.rows);
    for (const p of r.problems) broken.push(`${name}: ${p}`);
  }
  console.log(renderText(rows));
  const count = (v) => rows.filter((r) => verdict(r.pass) === v).length;
  console.log(
    `\n${rows.length} rows: ${count('pass')} pass, ${count('FAIL')} fail, ${count('n/a')} not judged`,
  );
  for (const b of broken) console.error(`bench: ${b}`);
  if (broken.length) {
    if (opts.writeDocs) console.error(`bench: ${opts.docs} left unchanged because a script broke`);
    process.exitCode = 1;
    return;
  }
  if (opts.writeDocs) {
    writeDocs(opts.docs, rows, describeMachine(loadBefore), opts.quick);
    console.log(`bench: wrote ${opts.docs}`);
  }
}

main().catch((e) => {
  console.error(e.message);
  process.exitCode = 1;
});
