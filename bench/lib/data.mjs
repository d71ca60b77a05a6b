// Generated backup sources shared by the borg benches: "mixed data" = many small text files
// (~4 % of the bytes, what makes borg's per-file work show) plus large random files
// (incompressible, what makes chunking, hashing and compression show).
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

/**
 * The flags of the mixed-data borg benches: `--quick`, `--size-mib N`, `--runs N`, `--reruns N`,
 * `--dir DIR` (kept), `--keep`. `reruns` is the full-size default of unchanged re-runs.
 */
export function mixedDataFlags({ reruns, tmpPrefix }) {
  const { values: flags } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      'size-mib': { type: 'string' },
      runs: { type: 'string' },
      reruns: { type: 'string' },
      dir: { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });
  return {
    sizeMib: Number(flags['size-mib'] ?? (flags.quick ? 50 : 1000)),
    runs: Number(flags.runs ?? (flags.quick ? 2 : 5)),
    reruns: Number(flags.reruns ?? (flags.quick ? 3 : reruns)),
    work: flags.dir ?? mkdtempSync(join(tmpdir(), tmpPrefix)),
    /** Remove the work dir at the end (not with --keep or a given --dir). */
    cleanUp: !flags.keep && !flags.dir,
  };
}

/** Writes ~sizeMib MiB of mixed data under dir; returns its shape for the bench's notes. */
export function makeMixedData(dir, sizeMib) {
  const smallCount = Math.max(200, Math.round(sizeMib * 5));
  for (let i = 0; i < smallCount; i += 1) {
    const sub = join(dir, 'small', `d${String(i % 50).padStart(2, '0')}`);
    if (i < 50) mkdirSync(sub, { recursive: true });
    const bytes = 512 + Math.floor(Math.random() * 16 * 1024);
    writeFileSync(join(sub, `f${i}.txt`), randomBytes(Math.ceil(bytes * 0.75)).toString('base64'));
  }
  const bigMib = Math.max(1, sizeMib - Math.round((smallCount * 8.5) / 1024));
  const bigCount = Math.max(1, Math.round(bigMib / 50));
  mkdirSync(join(dir, 'big'), { recursive: true });
  for (let i = 0; i < bigCount; i += 1) {
    writeFileSync(
      join(dir, 'big', `r${i}.bin`),
      randomBytes(Math.round((bigMib / bigCount) * 2 ** 20)),
    );
  }
  return {
    smallCount,
    bigCount,
    bigMib,
    describe: `${smallCount} small text files + ${bigCount} random files (${bigMib} MiB)`,
  };
}
