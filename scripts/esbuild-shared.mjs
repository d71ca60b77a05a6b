// esbuild settings shared by scripts/build.mjs (the CLI bundle) and the benches that bundle
// parts of src/ the same way (bench/lib/bundle.mjs).
import { dirname, join } from 'node:path';

/**
 * The SDK's ES builds (package.json "module"): esbuild tree-shakes them, the CommonJS ones it
 * cannot (the online chunk: 630 KB -> 223 KB, ~1/3 less load time; docs/decisions.md).
 */
export const MAIN_FIELDS = ['module', 'main'];

/**
 * The CLI bundle is CommonJS (scripts/build.mjs: the launcher compiles it with V8's code cache).
 * import() becomes a lazy require of the module's initialiser inside the one file, so what a
 * dynamic import guarded (the AWS SDK, command groups) still runs only when imported.
 */
export const CJS_OPTIONS = { format: 'cjs', supported: { 'dynamic-import': false } };

/** ESM output (the benches' bundles, bench/lib/bundle.mjs) has CommonJS dependencies that call require(). */
export const BANNER = {
  js: "import { createRequire as __bbCreateRequire } from 'node:module'; const require = __bbCreateRequire(import.meta.url);",
};

/**
 * zod re-exports all ~45 of its locales (z.locales.*); we only use its default English
 * messages, and the others were 170 KB (60 %) of the zod chunk every start-up compiles.
 * This keeps `z.locales.en` and drops the rest.
 */
export const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer)
        ? { path: join(dirname(args.importer), '../locales/index.js'), namespace: 'zod-locales' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};
