// Paths, build and isolated environments for benches that run the built borgboi CLI.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(ROOT, 'bin/borgboi.js');
const BUNDLE = join(ROOT, 'dist/borgboi.js');

function newestMtime(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when it is missing or older than its sources (`npm run build`). */
export function ensureBuilt() {
  let built = 0;
  try {
    built = statSync(BUNDLE).mtimeMs;
  } catch {
    // not built yet
  }
  const sources = ['scripts/build.mjs', 'scripts/esbuild-shared.mjs', 'package.json'];
  const newest = Math.max(
    newestMtime(join(ROOT, 'src')),
    ...sources.map((f) => statSync(join(ROOT, f)).mtimeMs),
  );
  if (built > newest) return;
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (r.status !== 0) throw new Error('bench: npm run build failed');
}

/** A clean environment: nothing from the developer's HOME, AWS or BORG settings leaks in. */
export function cleanEnv(home, extra = {}) {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    HOME: home,
    BORGBOI_HOME: home,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extra,
  };
}

/** Writes `<home>/.borgboi/data/repositories.json` with n repository records directly. */
export function seedRepositories(home, n, hostname = 'bench-host') {
  const dataDir = join(home, '.borgboi', 'data');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const created = new Date('2026-01-01T00:00:00Z').getTime();
  const repositories = Array.from({ length: n }, (_, i) => ({
    name: `repo-${String(i).padStart(5, '0')}`,
    path: join(home, 'repos', `repo-${i}`),
    backup_target: join(home, 'data', `target-${i}`),
    hostname,
    os_platform: 'Linux',
    created_at: new Date(created + i * 60_000).toISOString(),
    last_backup: null,
    last_s3_sync: null,
    metadata: null,
    retention: null,
    passphrase: null,
    passphrase_file_path: null,
    passphrase_migrated: true,
  }));
  const file = join(dataDir, 'repositories.json');
  writeFileSync(file, JSON.stringify({ version: 1, repositories }, null, 2) + '\n');
  return file;
}
