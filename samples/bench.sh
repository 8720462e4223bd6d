#!/usr/bin/env bash
# County benchmark, side by side with the pipeline a school's IT person would write
# (../shared/bench/peer.py: openpyxl + reportlab) on the same county roster
# (../shared/bench/gen_county.py), in the same run. Prints wall times (the faster of two
# runs each, taken in turn) and peak memory (the larger), and the ratios the project tracks:
#   peer / liushou      how much faster than the Python pipeline   (target >= 5)
#   liushou / floor     above excelize merely reading every cell   (target <= 5)
#   rerun / liushou     a night with nothing changed                (target <= 0.05)
# Usage: bash samples/bench.sh   (installs python3-openpyxl and python3-reportlab if missing)
#        PROFILE=1 bash samples/bench.sh   also prints where a county run spends its CPU
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared}/bench
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! /usr/bin/python3 -c 'import openpyxl, reportlab' 2>/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-openpyxl python3-reportlab >/dev/null
fi
font=output/pdf/font/LXGWWenKai-Regular.ttf

/usr/bin/python3 "$shared/gen_county.py" "$tmp/county.xlsx"
# Saved earlier in the day, as a night's rosters are: liushou reads a roster saved in the
# last two minutes twice, a second apart (it may still be being copied), which would add
# that second to its runs here and not to the Python pipeline's.
touch -d '-10 minutes' "$tmp/county.xlsx"
# The school's details, so that liushou's letters are real (with envelopes and mailing lists).
printf '[school]\nname = "台江县教育局"\naddress = "贵州省台江县文化路 1 号"\npostcode = "556400"\nphone = "0855-5312345"\n' > "$tmp/liushou.toml"
go build -o "$tmp/liushou" .

secs() { awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$1"; }
rss() { awk -F': ' '/Maximum resident set size/ {print $2 / 1024}' "$1"; }

# Two rounds, each program in turn, and the faster of each program's two runs: a shared
# machine speeds up and slows down, and whichever ran second would otherwise pay for it.
# Every run writes into a folder of its own, and nothing is deleted until the end: ext4
# will not reuse an inode freed in the last minute or so, and searching past two thousand
# just freed made creating files cost a second of CPU more (measured with perf: 12% of a
# run in recently_deleted). A night's run does not follow a mass deletion; run the script
# again five minutes after the last, for the same reason.
for round in 1 2; do
  /usr/bin/time -v "$tmp/liushou" run --quiet --out "$tmp/out$round" --as-of 2026-11-28 "$tmp/county.xlsx" 2> "$tmp/run$round.time" || [ $? -eq 3 ]
  /usr/bin/time -v /usr/bin/python3 "$shared/peer.py" "$tmp/county.xlsx" "$tmp/peer$round" "$font" 2> "$tmp/peer$round.time"
done
/usr/bin/time -v "$tmp/liushou" run --quiet --out "$tmp/out2" --as-of 2026-11-28 "$tmp/county.xlsx" 2> "$tmp/rerun.time" || [ $? -eq 3 ]
LIUSHOU_BENCH_ROSTER="$tmp/county.xlsx" go test -run '^$' -bench '^BenchmarkCountyFloor$' -benchtime 3x -count 1 . > "$tmp/floor.txt"
floor=$(awk '$1 ~ /^BenchmarkCountyFloor/ {print $3 / 1e9}' "$tmp/floor.txt")

least() { printf '%s\n' "$@" | sort -g | head -1; }
most() { printf '%s\n' "$@" | sort -g | tail -1; }
peer=$(least "$(secs "$tmp/peer1.time")" "$(secs "$tmp/peer2.time")")
run=$(least "$(secs "$tmp/run1.time")" "$(secs "$tmp/run2.time")")
rerun=$(secs "$tmp/rerun.time")
pdfs=$(find "$tmp/out2" -name '*.pdf' | wc -l); peerpdfs=$(find "$tmp/peer2" -name '*.pdf' | wc -l)
awk -v peer="$peer" -v run="$run" -v rerun="$rerun" -v floor="$floor" \
    -v prss="$(most "$(rss "$tmp/peer1.time")" "$(rss "$tmp/peer2.time")")" \
    -v lrss="$(most "$(rss "$tmp/run1.time")" "$(rss "$tmp/run2.time")")" -v pdfs="$pdfs" -v ppdfs="$peerpdfs" 'BEGIN {
  printf "Python pipeline (openpyxl + reportlab):  %7.2f s  %6.0f MB  (%d PDFs)\n", peer, prss, ppdfs
  printf "liushou run, end to end:                 %7.2f s  %6.0f MB  (%d PDFs, with envelopes, workbooks, summaries)\n", run, lrss, pdfs
  printf "liushou rerun, nothing changed:          %7.2f s\n", rerun
  printf "floor, excelize reads every cell:        %7.2f s\n", floor
  printf "peer / liushou   = %5.2f   (target >= 5)\n", peer / run
  printf "liushou / floor  = %5.2f   (target <= 5)\n", run / floor
  printf "rerun / liushou  = %6.4f  (target <= 0.05)\n", rerun / run
  printf "peak memory      = %5.0f MB (target <= 150)\n", lrss
}'
if [ -n "${PROFILE:-}" ]; then
  LIUSHOU_BENCH_ROSTER="$tmp/county.xlsx" go test -run '^$' -bench '^BenchmarkCountyRun$' -benchtime 2x -count 1 \
    -o "$tmp/liushou.test" -cpuprofile "$tmp/cpu.prof" . > /dev/null
  echo
  echo "Where a county run spends its CPU (go tool pprof -top -cum, liushou's own functions):"
  go tool pprof -top -cum -nodecount=400 "$tmp/liushou.test" "$tmp/cpu.prof" 2>/dev/null |
    awk 'NR <= 6 || /liushou\/|gofpdf|excelize|runtime\.gcBgMarkWorker|RawSyscall6$/' | grep -v 'func[0-9]' | head -40
fi
