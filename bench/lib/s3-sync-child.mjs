// One borgboi S3 sync in its own process (as the CLI will run it), for bench/s3-sync.mjs.
// Bundled by the bench with esbuild (it imports the TypeScript sources); prints one JSON line.
import { hostname } from 'node:os';
import { createRemote } from '../../src/aws/index.ts';
import { makeConfigSchema } from '../../src/config/schema.ts';

const [dir, prefix, bucket] = process.argv.slice(2);
const config = makeConfigSchema('/nonexistent').parse({
  aws: { s3_bucket: bucket },
  offline: false,
});
const remote = await createRemote({ config, env: process.env, hostname: hostname() });
const res = await remote.s3.sync(dir, prefix, {});
process.stdout.write(
  `${JSON.stringify({
    inProcessMs: res.durationMs,
    uploaded: res.uploaded.length,
    unchanged: res.unchanged,
    bytesUploaded: res.bytesUploaded,
    maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);
