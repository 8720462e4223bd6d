#!/usr/bin/env bash
# Runs the same nights with liushou as it was at a git revision and as it is now, into two
# output folders that share one secret, and says after each step whether the two states
# (.liushou/state.json, all but the run key, which hashes the program) and the two output
# folders (every file but liushou.log) are the same, byte for byte. For a change that must
# not change what a night decides: the letter ledger, the letters, the replies awaited.
# Usage: bash samples/same-nights.sh REVISION [ROSTER]   (ROSTER: samples/roster.xlsx)
# The nights: a first night, its batch posted, a quiet night, letters --reissue, that batch
# withdrawn, a night after, a batch posted that does not exist, and two nights at the end
# of term (the posted letters' replies awaited).
set -uo pipefail
cd "$(dirname "$0")/.."
rev=${1:?usage: bash samples/same-nights.sh REVISION [ROSTER]}
roster=$(realpath "${2:-samples/roster.xlsx}")
tmp=$(mktemp -d)
trap 'git worktree remove --force "$tmp/old-tree" >/dev/null 2>&1; rm -rf "$tmp"' EXIT
git worktree add --detach "$tmp/old-tree" "$rev" >/dev/null 2>&1 || { echo "没有这个版本：$rev" >&2; exit 2; }
(cd "$tmp/old-tree" && go build -o "$tmp/old" .) || exit 2
go build -o "$tmp/new" . || exit 2
# The roster's folder, with its liushou.toml, copied: saved an hour ago, as a night's are.
mkdir -p "$tmp/in"
cp "$roster" "$tmp/in/"
[ -f "$(dirname "$roster")/liushou.toml" ] && cp "$(dirname "$roster")/liushou.toml" "$tmp/in/"
touch -d '-1 hour' "$tmp/in/"*
for side in old new; do
  mkdir -p "$tmp/out-$side/.liushou"
  echo 00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff > "$tmp/out-$side/.liushou/secret"
  chmod 600 "$tmp/out-$side/.liushou/secret"
done
differ=0
step() {
  local name=$1; shift
  local rc=()
  for side in old new; do
    "$tmp/$side" "${@//OUT/$tmp/out-$side}" > "$tmp/$side.txt" 2>&1
    rc+=($?)
  done
  local state=same tree=same
  cmp -s <(grep -v '^  "key":' "$tmp/out-old/.liushou/state.json") <(grep -v '^  "key":' "$tmp/out-new/.liushou/state.json") || state=DIFFERENT
  files() { (cd "$1" && find . -type f ! -path './.liushou/*' ! -name liushou.log -exec md5sum {} + | sort -k 2); }
  cmp -s <(files "$tmp/out-old") <(files "$tmp/out-new") || tree=DIFFERENT
  [ "${rc[0]}" = "${rc[1]}" ] && [ $state = same ] && [ $tree = same ] || differ=1
  printf '%-10s exit %s / %s   state %-9s   files %-9s (%d)\n' "$name" "${rc[0]}" "${rc[1]}" $state $tree "$(files "$tmp/out-new" | wc -l)"
}
step first    run --quiet --out OUT --as-of 2026-11-20 "$tmp/in"
step posted   letters --posted 2026-11-20 --out OUT
step quiet    run --quiet --out OUT --as-of 2026-11-21 "$tmp/in"
step reissue  letters --reissue --quiet --out OUT --as-of 2026-11-22 "$tmp/in"
step withdraw letters --withdrawn 2026-11-22 --out OUT
step after    run --quiet --out OUT --as-of 2026-11-23 "$tmp/in"
step nobatch  letters --posted 2026-11-23 --out OUT
step term-end run --quiet --out OUT --as-of 2027-01-08 "$tmp/in"
step next     run --quiet --out OUT --as-of 2027-01-09 "$tmp/in"
if [ $differ = 0 ]; then
  echo "每一步两边都一样。"
else
  echo "有的步骤两边不一样：见上。" >&2
  exit 1
fi
