// Generated backup sources shared by the borg benches: "mixed data" = many small text files
// (~4 % of the bytes, what makes borg's per-file work show) plus large random files
// (incompressible, what makes chunking, hashing and compression show).
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
