#!/usr/bin/env bash
# Installs what borgboi needs on a Debian machine when it is missing: borg (always), a Java
# runtime and sqlite3 (only with --test: DynamoDB Local, migrate's WAL tests), node_modules,
# and the built CLI.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

need=()
command -v borg >/dev/null 2>&1 || need+=(borgbackup)
if [ "$want_test" = 1 ] && ! command -v java >/dev/null 2>&1; then need+=(openjdk-17-jre-headless); fi
# sqlite3: the migrate tests fold a Python SQLite WAL file with it (borgboi migrate uses it when present).
if [ "$want_test" = 1 ] && ! command -v sqlite3 >/dev/null 2>&1; then need+=(sqlite3); fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "borgboi: please install: ${need[*]}" >&2
    exit 1
  fi
  echo "borgboi: installing ${need[*]} with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# node_modules is current when it was installed from this very lock file (a content stamp, not
# mtimes: a fresh checkout makes every file new, and worktrees may share one node_modules).
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.borgboi-lock.sha256
if [ ! -d node_modules ] || [ "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ]; then
  echo "borgboi: installing npm dependencies" >&2
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > "$stamp"
fi
if [ ! -f dist/borgboi.js ] || [ -n "$(find src scripts/build.mjs scripts/esbuild-shared.mjs package.json -newer dist/borgboi.js -print -quit)" ]; then
  npm run --silent build
fi
