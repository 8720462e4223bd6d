#!/usr/bin/env bash
# Builds the Windows package: liushou.exe (GOOS=windows for this build only) and a zip
# with the README, the font licence, 每晚运行.bat, 检查花名册.bat and the folders they use.
# Usage: bash samples/release.sh [out.zip]   (default dist/liushou-windows.zip)
set -euo pipefail
cd "$(dirname "$0")/.."
zip=${1:-dist/liushou-windows.zip}
mkdir -p "$(dirname "$zip")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
GOOS=windows GOARCH=amd64 go build -trimpath -o "$tmp/liushou.exe" .
go run ./samples/release -exe "$tmp/liushou.exe" -o "$zip"
echo "已生成 $zip"
