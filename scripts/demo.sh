#!/usr/bin/env bash
# The main job, offline and for real: a new repo under a temporary BORGBOI_HOME, two daily
# backups of generated sample data with a change between them, then list, diff, restore into
# a temp dir, a byte-for-byte comparison with the source (the demo fails when they differ), and
# status. Everything lives in one temp dir, removed at the end unless KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
cli="$PWD/bin/borgboi.js"

demo=$(mktemp -d "${TMPDIR:-/tmp}/borgboi-demo.XXXXXX")
cleanup() {
  local rc=$?
  if [ "${KEEP:-0}" = 1 ]; then
    echo "demo files kept in $demo (KEEP=1)" >&2
  else
    rm -rf "$demo"
  fi
  [ "$rc" = 0 ] || echo "demo FAILED (exit $rc); run again with KEEP=1 to inspect $demo" >&2
}
trap cleanup EXIT

export BORGBOI_HOME="$demo/home" # borgboi's files: $BORGBOI_HOME/.borgboi
export BORG_BASE_DIR="$demo/borg" # borg's cache and security dirs, also thrown away
unset BORG_PASSPHRASE BORG_NEW_PASSPHRASE BORG_PASSCOMMAND
sample="$demo/sample"
restored="$demo/restored"
mkdir -p "$BORGBOI_HOME"

step() { printf '\n== %s\n' "$*"; }
# Echo each command as the user would type it, then run it.
bb() {
  printf '$ borgboi %s\n' "$*"
  node "$cli" "$@"
}

step "sample data in $sample"
mkdir -p "$sample/docs" "$sample/photos" "$sample/.cache"
for i in 1 2 3; do printf 'note %s: borg archives are deduplicated\n' "$i" >"$sample/docs/note-$i.txt"; done
printf 'a file name with spaces\n' >"$sample/docs/read me.txt"
head -c 262144 /dev/urandom >"$sample/photos/holiday.jpg"
head -c 65536 /dev/urandom >"$sample/.cache/thumbnails.tmp"
ln -s docs/note-1.txt "$sample/latest-note"
find "$sample" | sed "s|^$sample|  sample|"

step "create a repository and exclude scratch files"
bb repo create -n demo -p "$demo/repos/demo" -b "$sample"
bb exclusions add -n demo 'sh:**/*.tmp'

step "first daily backup (create → prune → compact; offline: no S3 sync)"
bb backup daily -n demo

step "change the sample: edit one file, add one, remove one"
printf 'note 1: edited after the first backup\n' >"$sample/docs/note-1.txt"
printf 'new since the first backup\n' >"$sample/docs/note-4.txt"
rm "$sample/docs/note-3.txt"

step "second daily backup"
bb backup daily -n demo

step "archives, and what changed between the two newest"
bb backup list -n demo
bb backup diff -n demo

step "restore the newest archive into $restored"
echo '$ borgboi backup list -n demo --json   # the newest archive'"'"'s name'
latest=$(node "$cli" backup list -n demo --json | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    console.log(JSON.parse(s).archives[0].name);
  });')
bb backup restore -n demo -a "$latest" --target "$restored"

step "compare the restore with the sample, byte for byte"
# Archives hold absolute paths without the leading slash; the exclusion must have held.
copy="$restored/${sample#/}"
if [ -n "$(find "$copy" -name '*.tmp' -print -quit)" ]; then
  echo "excluded *.tmp files were restored" >&2
  exit 1
fi
printf '$ diff -r --no-dereference --exclude=*.tmp %s %s\n' "$sample" "$copy"
diff -r --no-dereference --exclude='*.tmp' "$sample" "$copy"
echo "identical: $(find "$copy" -type f | wc -l) files, $(find "$copy" -type l | wc -l) symlink"

step "status"
bb status

step "done: the daily job works on this machine"
