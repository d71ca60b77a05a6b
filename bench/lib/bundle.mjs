// Bundles a piece of src/ for a bench the way scripts/build.mjs bundles the CLI (minified ESM,
// the same plugins), so the bench measures the code users run without needing `npm run build`.
import { build } from 'esbuild';
import {
  BANNER,
  MAIN_FIELDS,
  modelsByFile,
  zodEnglishOnly,
} from '../../scripts/esbuild-shared.mjs';
import { ROOT } from './borgboi.mjs';

/**
 * source: TypeScript/JS text whose relative imports resolve from the repo root, or { file }.
 * Returns outfile, ready for `import()` or `node outfile`.
 */
export async function bundle(source, outfile, { minify = true } = {}) {
  const input =
    typeof source === 'string'
      ? {
          stdin: { contents: source, resolveDir: ROOT, loader: 'ts', sourcefile: 'bench-entry.ts' },
        }
      : { entryPoints: [source.file] };
  await build({
    ...input,
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify,
    mainFields: MAIN_FIELDS,
    external: ['sql.js', 'typescript'],
    plugins: [zodEnglishOnly, modelsByFile],
    define: { __BORGBOI_VERSION__: '"bench"' },
    banner: BANNER,
    logLevel: 'warning',
  });
  return outfile;
}
