// esbuild settings shared by scripts/build.mjs (the CLI bundle) and the benches that bundle
// parts of src/ the same way (bench/lib/bundle.mjs).
import { readFileSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

const MODELS = fileURLToPath(new URL('../src/core/models/', import.meta.url));
const BARREL_IMPORT = /import\s+(type\s+)?\{([^}]*)\}\s*from\s*'([^']*\/models\/index\.js)';/g;

/** Exported name -> the model file that defines it ('repository.js'). */
function modelOwners() {
  const owner = new Map();
  for (const f of readdirSync(MODELS)) {
    if (!f.endsWith('.ts') || f === 'index.ts' || f.endsWith('.test.ts')) continue;
    const text = readFileSync(join(MODELS, f), 'utf8');
    const decl = /^export\s+(?:const|function|class|type|interface|enum)\s+([A-Za-z_$][\w$]*)/gm;
    for (const m of text.matchAll(decl)) owner.set(m[1], f.replace(/\.ts$/, '.js'));
  }
  return owner;
}

/** One barrel import as imports of the files that define the names; null if a name is unknown. */
function splitBarrelImport(owner, typeOnly, names, spec) {
  const byFile = new Map();
  for (const item of names
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const name = item.replace(/^type\s+/, '').split(/\s+as\s+/)[0];
    const file = owner.get(name);
    if (!file) return null;
    byFile.set(file, [...(byFile.get(file) ?? []), item]);
  }
  const kw = typeOnly ? 'type ' : '';
  const at = (file) => spec.replace(/index\.js$/, file);
  return [...byFile].map(
    ([file, items]) => `import ${kw}{ ${items.join(', ')} } from '${at(file)}';`,
  );
}

/**
 * `import { runRecordSchema } from '../core/models/index.js'` builds every model schema (the
 * barrel imports them all, ~350 zod schemas, and most commands use two or three models). The
 * bundle imports each name from the file that defines it instead, so a command builds only the
 * models it uses. Source files keep the barrel; an unknown name keeps the barrel import.
 */
export const modelsByFile = {
  name: 'models-by-file',
  setup(b) {
    const owner = modelOwners();
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('/models/index.js')) return undefined;
      const contents = text.replace(BARREL_IMPORT, (all, typeOnly, names, spec) => {
        const split = splitBarrelImport(owner, Boolean(typeOnly), names, spec);
        return split ? split.join('\n') : all;
      });
      return { contents, loader: 'ts' };
    });
  },
};

const LAZY_BUILTIN = /^(node:)?(crypto|child_process|readline\/promises)$/;

/**
 * Builtins that cost start-up time to load (node:crypto is 17 internal modules) but that most
 * runs never call: commander requires child_process for executable subcommands we do not
 * have, the store requires crypto for temp names and hashes it needs only when writing. Each
 * import of them gets an object of getters that loads the builtin on first use.
 */
export const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    b.onResolve({ filter: LAZY_BUILTIN }, (args) =>
      args.namespace === 'lazy-builtin'
        ? { path: args.path, external: true }
        : { path: args.path.replace(/^(node:)?/, 'node:'), namespace: 'lazy-builtin' },
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, async (args) => {
      const names = Object.keys(await import(args.path)).filter((n) => n !== 'default');
      const id = JSON.stringify(args.path);
      const getters = names.map(
        (n) => `get ${JSON.stringify(n)}() { return load()[${JSON.stringify(n)}]; }`,
      );
      return {
        contents: `let m;\nconst load = () => (m ??= require(${id}));\nmodule.exports = { ${getters.join(', ')} };`,
        loader: 'js',
      };
    });
  },
};
