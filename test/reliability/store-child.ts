/**
 * Child process for the store reliability tests (bundled with esbuild by the tests, so it runs
 * under plain `node`). Usage: node child.mjs <mode> <home> [args…]
 *   upsert NAME        register one repo
 *   increment NAME     read-modify-write: keep_daily += 1 in a transaction
 *   writes FROM TO LOG write #FROM..#TO (each: add repo rN and set counter to N), append N to LOG after each commit
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeConfigSchema } from '../../src/config/schema.js';
import type { Repository } from '../../src/core/models/index.js';
import { createLocalStore } from '../../src/storage/index.js';

export function childRepo(name: string, keepDaily = 1): Repository {
  return {
    name,
    path: `/srv/borg/${name}`,
    backup_target: `/home/${name}`,
    hostname: 'host-a',
    os_platform: 'Linux',
    created_at: null,
    last_backup: null,
    last_s3_sync: null,
    metadata: null,
    retention: { keep_daily: keepDaily, keep_weekly: 0, keep_monthly: 0, keep_yearly: 0 },
    passphrase: null,
    passphrase_file_path: null,
    passphrase_migrated: false,
  };
}

async function main(argv: string[]): Promise<void> {
  const [mode, home, ...args] = argv;
  if (!mode || !home) throw new Error('usage: <mode> <home> [args]');
  const baseDir = join(home, '.borgboi');
  const store = createLocalStore({
    baseDir,
    config: makeConfigSchema(baseDir).parse({}),
    env: {},
    hostname: 'host-a',
    uid: process.getuid?.() ?? 0,
    lockWaitMs: 60_000,
    lockStaleMs: Number(process.env.BB_LOCK_STALE_MS ?? 10_000),
  }).metadata;
  if (mode === 'upsert') await store.upsert(childRepo(args[0] as string));
  else if (mode === 'increment') {
    await store.transaction((tx) => {
      const r = tx.getByName(args[0] as string);
      if (!r?.retention) throw new Error('counter repo missing');
      tx.upsert({ ...r, retention: { ...r.retention, keep_daily: r.retention.keep_daily + 1 } });
    });
  } else if (mode === 'writes') {
    const [from, to, log] = [Number(args[0]), Number(args[1]), args[2] as string];
    for (let n = from; n <= to; n++) {
      await store.transaction((tx) => {
        tx.upsert(childRepo(`r${n}`));
        tx.upsert(childRepo('counter', n));
      });
      appendFileSync(log, `${n}\n`);
    }
  } else throw new Error(`unknown mode ${mode}`);
}

if (process.argv[1]?.endsWith('store-child.mjs')) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}
