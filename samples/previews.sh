#!/usr/bin/env bash
# Renders the README previews from the sample: page 1 of a class's letters, checklist and
# envelopes, and of the head teacher's summary, as PNG; with LibreOffice, also the problem
# list and a mailing list as they print. Needs pdftoppm (poppler-utils).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
go run ./samples/gen
go build -o "$out/liushou" .
"$out/liushou" run --quiet --out "$out/out" --as-of 2026-11-28 samples/roster.xlsx || [ $? -eq 3 ]
class="$out/out/青石镇中心小学/三年级(1)班"
batch="$out/out/信件/2026-11-28/青石镇中心小学/三年级(1)班"
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$batch/家长信.pdf" samples/preview-letter
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$class/检查清单.pdf" samples/preview-checklist
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$batch/信封.pdf" samples/preview-envelope
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$out/out/汇总.pdf" samples/preview-summary
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$class/档案.pdf" samples/preview-record
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$class/联系卡.pdf" samples/preview-cards
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$class/家访记录表.pdf" samples/preview-visitform
# 汇总.pdf as a black-and-white printer prints it.
pdftoppm -png -gray -r 60 -f 1 -l 1 -singlefile "$out/out/汇总.pdf" samples/preview-summary-gray
# The month's report.
"$out/liushou" report --month 2026-11 --out "$out/out" samples/roster.xlsx >/dev/null
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$out/out/月报（2026年11月）.pdf" samples/preview-monthly
# A district: the county sample, twice a week apart (the change since the week before).
mkdir -p "$out/county"
go run ./samples/gen -size county -o "$out/county/county.xlsx"
printf '[school]\nname = "台江县教育局"\naddress = "贵州省台江县文化路 1 号"\npostcode = "556400"\nphone = "0855-5312345"\n' > "$out/county/liushou.toml"
"$out/liushou" run --quiet --out "$out/cout" --as-of 2026-11-21 "$out/county" || [ $? -eq 3 ]
"$out/liushou" run --quiet --out "$out/cout" --as-of 2026-11-28 "$out/county" || [ $? -eq 3 ]
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$out/cout/汇总.pdf" samples/preview-district
school=$(ls -d "$out/cout"/*/ | grep -v 信件 | head -1)
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$school/结对教师清单.pdf" samples/preview-teachers
if command -v soffice >/dev/null 2>&1; then
  cp "$out/out/问题清单.xlsx" "$out/problems.xlsx"
  cp "$batch/邮寄清单.xlsx" "$out/mailing.xlsx"
  soffice -env:UserInstallation="file://$out/lo" --headless --convert-to pdf --outdir "$out" "$out/problems.xlsx" "$out/mailing.xlsx" >/dev/null
  pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$out/problems.pdf" samples/preview-problems
  pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$out/mailing.pdf" samples/preview-mailing
  # The template's 花名册 and 填写说明 sheets, as they print.
  "$out/liushou" template "$out/template.xlsx" >/dev/null
  soffice -env:UserInstallation="file://$out/lo" --headless --convert-to pdf --outdir "$out" "$out/template.xlsx" >/dev/null
  pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$out/template.pdf" samples/preview-template
  pages=$(pdfinfo "$out/template.pdf" | awk '/^Pages:/ {print $2}')
  for p in $(seq 1 "$pages"); do
    if pdftotext -f "$p" -l "$p" "$out/template.pdf" - | grep -q 怎样填写; then
      pdftoppm -png -r 60 -f "$p" -l "$p" -singlefile "$out/template.pdf" samples/preview-template-help
      break
    fi
  done
fi
ls -l samples/preview-*.png
