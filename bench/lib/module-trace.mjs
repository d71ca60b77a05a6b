// Preload (`node --import <this file>`) that records every module the process loads into the
// file named by BENCH_MODULE_TRACE: ESM via a resolve hook (hooks thread), CommonJS from
// require.cache at exit (this covers CJS reached through ESM imports and createRequire too).
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const out = process.env.BENCH_MODULE_TRACE;
if (out) {
  register('./module-trace-hooks.mjs', import.meta.url, { data: { out } });
  const require = createRequire(import.meta.url);
  process.on('exit', () => {
    const files = Object.keys(require.cache);
    if (files.length) appendFileSync(out, files.map((f) => `cjs ${f}\n`).join(''));
  });
}
