// Bundles the CLI into dist/ with esbuild (start-up time: one file to load instead of hundreds),
// keeping sql.js external. The AWS SDK is bundled too, but only into the chunks behind the
// dynamic import('./aws/index.js'): offline runs never load it, online runs load a few bundled
// chunks instead of ~300 CommonJS files (measured 3-4x faster, docs/decisions.md "AWS SDK").
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { BANNER, MAIN_FIELDS, zodEnglishOnly } from './esbuild-shared.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

await build({
  entryPoints: { borgboi: 'src/bin/borgboi.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  // typescript: cosmiconfig's loader for .ts config files (9 MB) - never bundled.
  external: ['sql.js', 'typescript'],
  minify: true,
  mainFields: MAIN_FIELDS,
  plugins: [zodEnglishOnly],
  define: { __BORGBOI_VERSION__: JSON.stringify(pkg.version) },
  banner: BANNER,
  logLevel: 'warning',
});
