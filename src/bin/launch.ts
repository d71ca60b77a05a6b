// The launcher bin/borgboi.js requires (built to dist/launch.js): runs the CLI bundle
// dist/borgboi.js with V8's code cache in the user's cache dir (src/bin/code-cache.ts).
import { join } from 'node:path';
import { codeCacheDir, commandKey, runBundle } from './code-cache.js';

declare const __BORGBOI_BUNDLE_HASH__: string;

const run = runBundle({
  bundle: join(__dirname, 'borgboi.js'),
  bundleHash: __BORGBOI_BUNDLE_HASH__,
  cacheDir: codeCacheDir(process.env),
  command: commandKey(process.argv.slice(2)),
  runtime: [process.version, process.arch, ...process.execArgv, process.env.NODE_OPTIONS].join(' '),
});
process.once('exit', run.save);
