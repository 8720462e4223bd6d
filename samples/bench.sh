#!/usr/bin/env bash
# County benchmark, side by side with the pipeline a school's IT person would write
# (../shared/bench/peer.py: openpyxl + reportlab) on the same county roster
# (../shared/bench/gen_county.py), in the same run. Prints wall times (three runs each,
# taken in turn: the fastest, and the median) and peak memory (the largest), and the ratios
# the project tracks (from the fastest runs):
#   peer / liushou      how much faster than the Python pipeline   (target >= 5)
#   liushou / floor     above excelize merely reading every cell   (target <= 5)
#   rerun / liushou     a night with nothing changed                (target <= 0.05)
# Then the scale: 1x, 2x and 4x the county and the county as 31 school files, 8x once, and
# a night after three batches of letters at 1x and 4x (SCALE=0 skips).
# Usage: bash samples/bench.sh   (installs python3-openpyxl and python3-reportlab if missing)
#        PROFILE=1 bash samples/bench.sh   also prints where a county run spends its CPU
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared}/bench
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! /usr/bin/python3 -c 'import openpyxl, reportlab' 2>/dev/null || ! command -v qpdf >/dev/null || ! command -v pdftotext >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-openpyxl python3-reportlab qpdf poppler-utils >/dev/null
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

# Three rounds, each program in turn, and the fastest and the median of each program's
# three runs: a shared machine speeds up and slows down, and whichever ran second would
# otherwise pay for it.
# Every run writes into a folder of its own, and nothing is deleted until the end: ext4
# will not reuse an inode freed in the last minute or so, and searching past two thousand
# just freed made creating files cost a second of CPU more (measured with perf: 12% of a
# run in recently_deleted). A night's run does not follow a mass deletion; run the script
# again five minutes after the last, for the same reason.
# Each timed run starts with nothing of another program's left to write: the Python
# pipeline's 60 MB of PDFs were still being written back when liushou started, and
# liushou's one syncfs before it moves its files into place could wait for them (three
# pairs, just after the pipeline and after a sync of 0.07 s: syncfs 0.155 / 0.142 / 0.010 s
# against 0.008 / 0.093 / 0.008 s, whole runs 3.97 / 3.67 / 4.61 s against 3.44 / 3.61 /
# 4.43 s). A night runs alone; the pipeline never syncs, so the order favoured it.
timed() { sync; /usr/bin/time -v "$@"; }
for round in 1 2 3; do
  timed "$tmp/liushou" run --quiet --out "$tmp/out$round" --as-of 2026-11-28 "$tmp/county.xlsx" 2> "$tmp/run-$round.time" || [ $? -eq 3 ]
  timed /usr/bin/python3 "$shared/peer.py" "$tmp/county.xlsx" "$tmp/peer$round" "$font" 2> "$tmp/peer-$round.time"
done
timed "$tmp/liushou" run --quiet --out "$tmp/out2" --as-of 2026-11-28 "$tmp/county.xlsx" 2> "$tmp/rerun.time" || [ $? -eq 3 ]
LIUSHOU_BENCH_ROSTER="$tmp/county.xlsx" go test -run '^$' -bench '^BenchmarkCountyFloor$' -benchtime 3x -count 1 . > "$tmp/floor.txt"
floor=$(awk '$1 ~ /^BenchmarkCountyFloor/ {print $3 / 1e9}' "$tmp/floor.txt")

least() { printf '%s\n' "$@" | sort -g | head -1; }
most() { printf '%s\n' "$@" | sort -g | tail -1; }
middle() { printf '%s\n' "$@" | sort -g | sed -n 2p; }
# Of a program's three runs (NAME-1.time to NAME-3.time): each one's figure by $2 (secs, cpu
# or rss), and then the least, the median or the most by $3.
of3() { "$3" "$("$2" "$tmp/$1-1.time")" "$("$2" "$tmp/$1-2.time")" "$("$2" "$tmp/$1-3.time")"; }
peer=$(of3 peer secs least)
run=$(of3 run secs least)
rerun=$(secs "$tmp/rerun.time")
pdfs=$(find "$tmp/out2" -name '*.pdf' | wc -l); peerpdfs=$(find "$tmp/peer2" -name '*.pdf' | wc -l)
lrss1=$(of3 run rss most)
awk -v peer="$peer" -v run="$run" -v rerun="$rerun" -v floor="$floor" \
    -v peerm="$(of3 peer secs middle)" -v runm="$(of3 run secs middle)" \
    -v prss="$(of3 peer rss most)" -v lrss="$lrss1" -v pdfs="$pdfs" -v ppdfs="$peerpdfs" 'BEGIN {
  printf "Python pipeline (openpyxl + reportlab):  %7.2f s (median %5.2f)  %6.0f MB  (%d PDFs)\n", peer, peerm, prss, ppdfs
  printf "liushou run, end to end:                 %7.2f s (median %5.2f)  %6.0f MB  (%d PDFs, with envelopes, workbooks, summaries)\n", run, runm, lrss, pdfs
  printf "liushou rerun, nothing changed:          %7.2f s\n", rerun
  printf "floor, excelize reads every cell:        %7.2f s\n", floor
  printf "peer / liushou   = %5.2f   (target >= 5; medians: %.2f)\n", peer / run, peerm / runm
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

# Scale: 1x, 2x and 4x the county in one workbook, and the county as 31 school files; the
# Python pipeline at 1x and 2x. Three runs of each size (the 1x and the pipeline's 1x are those
# above; the 31 files, one run), in folders of their own. SCALE=0 skips it (it takes a few
# minutes).
[ "${SCALE:-1}" = 0 ] && exit 0
cpu() { awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {print u + s}' "$1"; }
/usr/bin/python3 "$shared/gen_county.py" "$tmp/county2.xlsx" 24570 62
/usr/bin/python3 "$shared/gen_county.py" "$tmp/county4.xlsx" 49140 124
/usr/bin/python3 "$shared/gen_county.py" "$tmp/county8.xlsx" 98280 248
mkdir -p "$tmp/schools"
/usr/bin/python3 - "$tmp/county.xlsx" "$tmp/schools" <<'PY'
import sys, openpyxl
src, out = sys.argv[1], sys.argv[2]
ws = openpyxl.load_workbook(src, read_only=True).worksheets[0]
rows = ws.iter_rows(values_only=True)
head = next(rows)
books = {}
for r in rows:
    school = r[head.index("学校")]
    if school not in books:
        wb = openpyxl.Workbook(write_only=True)
        books[school] = (wb, wb.create_sheet("花名册"))
        books[school][1].append(head)
    books[school][1].append(r)
for school, (wb, _) in books.items():
    wb.save(f"{out}/{school}.xlsx")
PY
touch -d '-10 minutes' "$tmp"/county2.xlsx "$tmp"/county4.xlsx "$tmp"/county8.xlsx "$tmp"/schools/*.xlsx
cp "$tmp/liushou.toml" "$tmp/schools/"
# Three rounds here too, each program in turn: one run of each was at the mercy of whatever
# else the machine did in that minute (the 2x ratio to the script swung by a fifth).
for round in 1 2 3; do
  for size in 2 4; do
    timed "$tmp/liushou" run --quiet --out "$tmp/out-x$size-$round" --as-of 2026-11-28 "$tmp/county$size.xlsx" 2> "$tmp/x$size-$round.time" || [ $? -eq 3 ]
  done
  timed /usr/bin/python3 "$shared/peer.py" "$tmp/county2.xlsx" "$tmp/peer-x2-$round" "$font" 2> "$tmp/peer-x2-$round.time"
done
timed "$tmp/liushou" run --quiet --out "$tmp/out-files" --as-of 2026-11-28 "$tmp/schools" 2> "$tmp/files.time" || [ $? -eq 3 ]
# Past the targets: 8x, once, where the live data outgrows the soft memory limit (memlimit.go).
timed "$tmp/liushou" run --quiet --out "$tmp/out-x8" --as-of 2026-11-28 "$tmp/county8.xlsx" 2> "$tmp/x8.time" || [ $? -eq 3 ]
# Most nights are not a county's first: the state holds every letter issued so far (a
# batch a term and more, each read whole every night) and last night's roll. A night after
# three batches, at 1x and 4x: the last round's folders, their batch posted, two batches
# more (letters --reissue, each posted), then a night with no letter to send.
later() {
  for day in 2026-11-29 2026-11-30; do
    "$tmp/liushou" letters --posted "$(ls "$1/信件" | tail -1)" --out "$1" > /dev/null
    "$tmp/liushou" letters --reissue --quiet --out "$1" --as-of "$day" "$2" > /dev/null 2>&1 || [ $? -eq 3 ]
  done
  "$tmp/liushou" letters --posted "$(ls "$1/信件" | tail -1)" --out "$1" > /dev/null
  timed "$tmp/liushou" run --quiet --out "$1" --as-of 2026-12-01 "$2" 2> "$tmp/$3.time" || [ $? -eq 3 ]
}
later "$tmp/out3" "$tmp/county.xlsx" later1
later "$tmp/out-x4-3" "$tmp/county4.xlsx" later4
# The fastest of a size's three runs, its CPU the least, its memory the largest.
fast() { of3 "$1" secs least; }
lesscpu() { of3 "$1" cpu least; }
morerss() { of3 "$1" rss most; }
bytes() { find "$1" -name "$2" -exec stat -c %s {} + | awk '{s += $1; n++} END {printf "%d %d", s, n}'; }
read -r lb ln <<< "$(bytes "$tmp/out2/信件" 家长信.pdf)"
read -r cb cn <<< "$(bytes "$tmp/out2" 检查清单.pdf)"
read -r plb pln <<< "$(bytes "$tmp/peer2" '*家长信.pdf')"
read -r pcb pcn <<< "$(bytes "$tmp/peer2" '*检查清单.pdf')"
letters=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["letters"]["issued"])' "$tmp/out1/summary.json")
children=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["totals"]["children"])' "$tmp/out1/summary.json")
echo
echo "Scale (of three runs each: the fastest wall and the least CPU, the medians after them, the largest"
echo "memory; 31 files and 8x: one run). The ratios are of the least, then of the medians:"
awk -v c1="$(lesscpu run)" -v w1="$run" -v r1="$lrss1" \
    -v m1="$(of3 run cpu middle)" -v n1="$(of3 run secs middle)" -v m2="$(of3 x2 cpu middle)" -v m4="$(of3 x4 cpu middle)" \
    -v n4="$(of3 x4 secs middle)" -v p1m="$(of3 peer secs middle)" \
    -v c2="$(lesscpu x2)" -v w2="$(fast x2)" -v r2="$(morerss x2)" \
    -v c4="$(lesscpu x4)" -v w4="$(fast x4)" -v r4="$(morerss x4)" \
    -v c8="$(cpu "$tmp/x8.time")" -v w8="$(secs "$tmp/x8.time")" -v r8="$(rss "$tmp/x8.time")" \
    -v cl1="$(cpu "$tmp/later1.time")" -v wl1="$(secs "$tmp/later1.time")" -v rl1="$(rss "$tmp/later1.time")" \
    -v cl4="$(cpu "$tmp/later4.time")" -v wl4="$(secs "$tmp/later4.time")" -v rl4="$(rss "$tmp/later4.time")" \
    -v cf="$(cpu "$tmp/files.time")" -v wf="$(secs "$tmp/files.time")" -v rf="$(rss "$tmp/files.time")" \
    -v p1="$peer" -v p2="$(fast peer-x2)" -v p2m="$(of3 peer-x2 secs middle)" -v w2m="$(of3 x2 secs middle)" \
    -v lb="$lb" -v cb="$cb" -v cn="$cn" -v plb="$plb" -v pcb="$pcb" -v pcn="$pcn" -v letters="$letters" -v children="$children" 'BEGIN {
  printf "%-22s %8s %8s %8s %10s %19s %10s\n", "", "wall s", "CPU s", "RSS MB", "script s", "median: wall  CPU", "script"
  printf "%-22s %8.2f %8.2f %8.0f %10.2f %13.2f %5.2f %10.2f\n", "county (1x)", w1, c1, r1, p1, n1, m1, p1m
  printf "%-22s %8.2f %8.2f %8.0f %10.2f %13.2f %5.2f %10.2f\n", "2x", w2, c2, r2, p2, w2m, m2, p2m
  printf "%-22s %8.2f %8.2f %8.0f %10s %13.2f %5.2f %10s\n", "4x", w4, c4, r4, "-", n4, m4, "-"
  printf "%-22s %8.2f %8.2f %8.0f %10s\n", "county as 31 files", wf, cf, rf, "-"
  printf "%-22s %8.2f %8.2f %8.0f %10s\n", "8x (one run)", w8, c8, r8, "-"
  printf "%-22s %8.2f %8.2f %8.0f %10s\n", "1x, after 3 batches", wl1, cl1, rl1, "-"
  printf "%-22s %8.2f %8.2f %8.0f %10s\n", "4x, after 3 batches", wl4, cl4, rl4, "-"
  printf "CPU 2x / 1x      = %5.2f / %5.2f   (linear: 2; target <= 2.2)\n", c2 / c1, m2 / m1
  printf "CPU 4x / 1x      = %5.2f / %5.2f   (linear: 4; target <= 4.4)\n", c4 / c1, m4 / m1
  printf "CPU 8x / 1x      = %5.2f   (linear: 8; no target)\n", c8 / c1
  printf "RSS 4x / 1x      = %5.2f   (target <= 1.10, and 4x <= 150 MB)\n", r4 / r1
  printf "RSS after 3 batches / first night = %5.2f at 1x, %5.2f at 4x; 4x / 1x = %5.2f\n", rl1 / r1, rl4 / r4, rl4 / rl1
  printf "script / liushou = %5.2f / %5.2f at 1x, %5.2f / %5.2f at 2x   (target >= 5)\n", p1 / w1, p1m / n1, p2 / w2, p2m / w2m
  printf "bytes per letter    %6.0f (script %6.0f)\n", lb / letters, plb / children
  printf "bytes per checklist %6.0f (script %6.0f)\n", cb / cn, pcb / pcn
}'
# Every PDF of the county run is sound (qpdf --check) and reads back whole (pdftotext finds
# text on every page: a page without text would be a lost content stream). About 3 minutes.
find "$tmp/out2" -name '*.pdf' -print0 | xargs -0 -P 2 -I{} sh -c '
  qpdf --check "$1" >/dev/null 2>&1 || { echo "qpdf: $1"; exit 0; }
  pages=$(pdfinfo "$1" | awk "/^Pages:/ {print \$2}")
  text=$(pdftotext "$1" - | tr -d " \n" | awk -v RS="\f" "length > 0" | wc -l)
  [ "$text" -ge "$pages" ] || echo "pages without text: $1"' _ {} > "$tmp/pdfcheck.txt"
echo "PDFs checked: $pdfs, unsound or with pages without text: $(wc -l < "$tmp/pdfcheck.txt")"
head -5 "$tmp/pdfcheck.txt"
