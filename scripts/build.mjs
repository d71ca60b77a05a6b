// Bundles the CLI into one CommonJS file, dist/borgboi.js, and its launcher dist/launch.js
// (what bin/borgboi.js requires). CommonJS because the launcher compiles the bundle with
// vm.Script and V8's code cache (Node 20 has no compile cache for ES modules;
// docs/decisions.md "Start-up: V8 code cache"). Modules behind a dynamic import() (the AWS SDK
// chunk, the command groups) stay lazily initialised inside the file: offline runs never run
// the SDK's code. sql.js and typescript stay external (required only when used).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { CJS_OPTIONS, MAIN_FIELDS, modelsByFile, zodEnglishOnly } from './esbuild-shared.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const dist = new URL('../dist/', import.meta.url);
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist);
// dist/*.js are CommonJS although the package is "type": "module".
writeFileSync(new URL('package.json', dist), '{ "type": "commonjs" }\n');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  minify: true,
  logLevel: 'warning',
  ...CJS_OPTIONS,
};

await build({
  ...common,
  entryPoints: ['src/bin/borgboi.ts'],
  outfile: 'dist/borgboi.js',
  sourcemap: 'linked',
  // typescript: cosmiconfig's loader for .ts config files (9 MB) - never bundled.
  external: ['sql.js', 'typescript'],
  mainFields: MAIN_FIELDS,
  plugins: [zodEnglishOnly, modelsByFile],
  define: { __BORGBOI_VERSION__: JSON.stringify(pkg.version) },
});

const bundleHash = createHash('sha256')
  .update(readFileSync(new URL('borgboi.js', dist)))
  .digest('hex');
await build({
  ...common,
  entryPoints: ['src/bin/launch.ts'],
  outfile: 'dist/launch.js',
  define: { __BORGBOI_BUNDLE_HASH__: JSON.stringify(bundleHash) },
});
