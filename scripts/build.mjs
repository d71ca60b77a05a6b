// Bundles the CLI into CommonJS files in dist/: borgboi.js (the CLI), aws-sdk.js (the AWS SDK,
// loaded by online runs only, scripts/aws-sdk-vendor.mjs) and launch.js (what bin/borgboi.js
// requires). CommonJS because the launcher compiles the bundles with vm.Script and V8's code
// cache (Node 20 has no compile cache for ES modules; docs/decisions.md "Start-up: V8 code
// cache"). Modules behind a dynamic import() (src/aws, the command groups) stay lazily
// initialised inside the CLI bundle. sql.js and typescript stay external (required when used).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SDK_BUNDLE, sdkFromVendor, sdkImports, vendorEntry } from './aws-sdk-vendor.mjs';
import {
  CJS_OPTIONS,
  MAIN_FIELDS,
  lazyBuiltins,
  modelsByFile,
  zodEnglishOnly,
} from './esbuild-shared.mjs';

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
  mainFields: MAIN_FIELDS,
  ...CJS_OPTIONS,
};
const sdk = sdkImports(fileURLToPath(new URL('../src/', import.meta.url)));

await build({
  ...common,
  entryPoints: ['src/bin/borgboi.ts'],
  outfile: 'dist/borgboi.js',
  sourcemap: 'linked',
  // typescript: cosmiconfig's loader for .ts config files (9 MB) - never bundled.
  external: ['sql.js', 'typescript'],
  plugins: [zodEnglishOnly, modelsByFile, lazyBuiltins, sdkFromVendor(sdk)],
  define: { __BORGBOI_VERSION__: JSON.stringify(pkg.version) },
});

await build({
  ...common,
  stdin: { contents: vendorEntry(sdk), resolveDir: fileURLToPath(new URL('..', import.meta.url)) },
  outfile: `dist/${SDK_BUNDLE}`,
  sourcemap: 'linked',
});

const hashOf = (name) =>
  createHash('sha256')
    .update(readFileSync(new URL(name, dist)))
    .digest('hex');
const hashes = Object.fromEntries(['borgboi.js', SDK_BUNDLE].map((n) => [n, hashOf(n)]));
await build({
  ...common,
  entryPoints: ['src/bin/launch.ts'],
  outfile: 'dist/launch.js',
  define: { __BORGBOI_BUNDLE_HASHES__: JSON.stringify(hashes) },
});
