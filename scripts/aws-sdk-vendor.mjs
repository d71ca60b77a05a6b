// The AWS SDK goes into its own bundle, dist/aws-sdk.js, which only online runs load: kept in
// the CLI bundle (behind the lazy import('./aws/index.js')), its 600 KB were read and its
// top-level closures deserialised from the code cache by every offline run too
// (docs/performance.md, start-up). The CLI bundle gets, for each SDK package src/ imports, a
// small module taking the named exports from require('./aws-sdk.js'); the SDK is still one
// module graph (one copy of every class, so instanceof holds), tree-shaken to what we use.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

export const SDK_BUNDLE = 'aws-sdk.js';
const SDK = /^@(aws-sdk|smithy)\//;
const IMPORT = /import\s+(type\s+)?\{([^}]*)\}\s*from\s*'(@(?:aws-sdk|smithy)\/[^']+)'/g;
const ANY_SDK_IMPORT = /(?:from|import)\s*\(?\s*'@(?:aws-sdk|smithy)\//g;

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/**
 * package -> value names src/ imports from it. Only `import { A, type B } from '@aws-sdk/x'` is
 * understood; any other form fails the build rather than silently loading a second SDK copy.
 */
export function sdkImports(srcDir) {
  const byPackage = new Map();
  for (const file of sourceFiles(srcDir)) {
    const text = readFileSync(file, 'utf8');
    const named = [...text.matchAll(IMPORT)];
    if (named.length !== [...text.matchAll(ANY_SDK_IMPORT)].length) {
      throw new Error(`${relative(srcDir, file)}: import the AWS SDK as import { … } from '…'`);
    }
    for (const [, typeOnly, names, pkg] of named) {
      if (typeOnly) continue;
      const set = byPackage.get(pkg) ?? new Set();
      for (const item of names.split(',').map((s) => s.trim())) {
        if (item && !item.startsWith('type ')) set.add(item.split(/\s+as\s+/)[0]);
      }
      byPackage.set(pkg, set);
    }
  }
  return byPackage;
}

const exportName = (pkgIndex, name) => `p${pkgIndex}_${name}`;

/** The entry of dist/aws-sdk.js: every imported name, re-exported under a unique name. */
export function vendorEntry(imports) {
  return [...imports]
    .map(([pkg, names], i) => {
      const list = [...names].map((n) => `${n} as ${exportName(i, n)}`).join(', ');
      return `export { ${list} } from '${pkg}';`;
    })
    .join('\n');
}

/** In the CLI bundle: each SDK package becomes its names taken from ./aws-sdk.js. */
export function sdkFromVendor(imports) {
  const index = new Map([...imports.keys()].map((pkg, i) => [pkg, i]));
  return {
    name: 'aws-sdk-from-vendor',
    setup(b) {
      b.onResolve({ filter: SDK }, (args) => {
        if (!index.has(args.path)) throw new Error(`${args.path}: not found by sdkImports`);
        return { path: args.path, namespace: 'aws-sdk-vendor' };
      });
      b.onResolve({ filter: /^\.\/aws-sdk\.js$/, namespace: 'aws-sdk-vendor' }, (args) => ({
        path: args.path,
        external: true,
      }));
      b.onLoad({ filter: /.*/, namespace: 'aws-sdk-vendor' }, (args) => {
        const i = index.get(args.path);
        const fields = [...imports.get(args.path)].map((n) => `${n}: v.${exportName(i, n)}`);
        return {
          contents: `const v = require('./${SDK_BUNDLE}');\nmodule.exports = { ${fields.join(', ')} };`,
          loader: 'js',
        };
      });
    },
  };
}
