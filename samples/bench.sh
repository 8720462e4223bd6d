#!/usr/bin/env bash
# County benchmark: one run measures (a) the floor, excelize reading every cell of the
# county workbook; (b) liushou run on it, end to end; (c) a second run with nothing
# changed; (d) peak memory of (b) as a process. It prints the ratios b/a and c/b and
# children per second. Usage: bash samples/bench.sh [benchtime, default 3x]
set -euo pipefail
cd "$(dirname "$0")/.."
benchtime=${1:-3x}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go test -run '^$' -bench '^BenchmarkCounty' -benchtime "$benchtime" -count 1 . | tee "$tmp/bench.txt"
ns() { awk -v n="$1" '$1 ~ "^"n"(-[0-9]+)?$" {print $3}' "$tmp/bench.txt"; }
a=$(ns BenchmarkCountyFloor); b=$(ns BenchmarkCountyRun); c=$(ns BenchmarkCountyRerun)

go run ./samples/gen -size county -o "$tmp/county.xlsx"
go build -o "$tmp/liushou" .
/usr/bin/time -v "$tmp/liushou" run --quiet --out "$tmp/out" --as-of 2026-11-28 "$tmp/county.xlsx" 2> "$tmp/time.txt"
rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$tmp/time.txt")
pdfs=$(find "$tmp/out" -name '*.pdf' | wc -l)

awk -v a="$a" -v b="$b" -v c="$c" -v rss="$rss" -v pdfs="$pdfs" 'BEGIN {
  printf "\n(a) floor, excelize reads every cell:  %8.3f s\n", a/1e9
  printf "(b) liushou run, end to end:           %8.3f s   (%d PDFs)\n", b/1e9, pdfs
  printf "(c) rerun, nothing changed:            %8.3f s\n", c/1e9
  printf "(d) peak memory of (b):                %8.1f MB\n", rss/1024
  printf "b/a = %.2f   (target <= 6, stretch <= 4)\n", b/a
  printf "c/b = %.4f (target <= 0.05)\n", c/b
  printf "children per second: %.0f\n", 12285/(b/1e9)
}'
