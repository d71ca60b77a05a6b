#!/usr/bin/env bash
# The main job, offline: a daily backup of a sample folder into a new repo under a temporary
# BORGBOI_HOME. (The full create → daily → list → diff → restore flow lands with the
# orchestrator; until then this shows the installed versions and configuration.)
set -euo pipefail
cd "$(dirname "$0")/.."
demo_home=$(mktemp -d /tmp/borgboi-demo.XXXXXX)
export BORGBOI_HOME="$demo_home"
bb() { echo "+ borgboi $*" >&2; node bin/borgboi.js "$@"; }
bb --version
echo "demo home: $demo_home" >&2
