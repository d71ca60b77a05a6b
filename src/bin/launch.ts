// The launcher bin/borgboi.js requires (built to dist/launch.js): runs the CLI bundle
// dist/borgboi.js (and, online, dist/aws-sdk.js) with V8's code cache in the user's cache dir
// (src/bin/code-cache.ts).
import { join } from 'node:path';
import { codeCacheDir, commandKey, createLoader } from './code-cache.js';

declare const __BORGBOI_BUNDLE_HASHES__: Record<string, string>;

const loader = createLoader({
  cacheDir: codeCacheDir(process.env),
  command: commandKey(process.argv.slice(2)),
  runtime: [process.version, process.arch, ...process.execArgv, process.env.NODE_OPTIONS].join(' '),
  hashes: __BORGBOI_BUNDLE_HASHES__,
});
process.once('exit', () => loader.save());
loader.load(join(__dirname, 'borgboi.js'));
