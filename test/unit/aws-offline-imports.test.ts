import { build, type Metafile } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The bundle graph as scripts/build.mjs builds it (same externals: the SDK is bundled). */
async function metafileOf(entry: string): Promise<Metafile> {
  const out = await build({
    entryPoints: [join(root, entry)],
    absWorkingDir: root,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir: join(root, 'dist-test-unused'),
    write: false,
    metafile: true,
    external: ['sql.js', 'typescript'],
    define: { __BORGBOI_VERSION__: '"0.0.0-test"' },
    logLevel: 'silent',
  });
  return out.metafile;
}

const isSdk = (path: string) => /(^|\/)@aws-sdk\//.test(path);

/** Everything reachable from `entry` through static imports only (dynamic imports not followed). */
function staticClosure(
  meta: Metafile,
  entry: string,
): { files: Set<string>; externals: Set<string> } {
  const files = new Set<string>();
  const externals = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const imp of meta.inputs[file]?.imports ?? []) {
      if (imp.kind === 'dynamic-import') continue;
      if (imp.external) externals.add(imp.path);
      else todo.push(imp.path);
    }
  }
  return { files, externals };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

describe('the offline CLI never loads the AWS SDK', () => {
  it('no static import path leads from src/bin/borgboi.ts to @aws-sdk/*', async () => {
    const meta = await metafileOf('src/bin/borgboi.ts');
    const { files, externals } = staticClosure(meta, 'src/bin/borgboi.ts');
    expect(files.size).toBeGreaterThan(20);
    expect([...externals, ...files].filter(isSdk)).toEqual([]);
    expect([...files].filter((f) => f.startsWith('src/aws/') && f !== 'src/aws/types.ts')).toEqual(
      [],
    );
  });

  it('the same check does see the SDK behind src/aws/index.ts (the detector works)', async () => {
    const meta = await metafileOf('src/aws/index.ts');
    const { files } = staticClosure(meta, 'src/aws/index.ts');
    const packages = new Set([...files].map((f) => /@aws-sdk\/[^/]+/.exec(f)?.[0]));
    expect([...packages]).toEqual(
      expect.arrayContaining([
        '@aws-sdk/client-s3',
        '@aws-sdk/client-dynamodb',
        '@aws-sdk/lib-storage',
      ]),
    );
  });

  it('only src/aws/ implementation files import the SDK at runtime (types.ts: types only)', () => {
    const offenders = sourceFiles(join(root, 'src')).filter((f) => {
      const rel = relative(root, f);
      const runtime = /^import\s+(?!type\b)[^;]*from\s+'@aws-sdk\//m.test(readFileSync(f, 'utf8'));
      return runtime && (!rel.startsWith('src/aws/') || rel === 'src/aws/types.ts');
    });
    expect(offenders).toEqual([]);
  });
});
