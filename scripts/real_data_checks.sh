#!/usr/bin/env bash
# End-to-end checks on the real public data sets (never committed here): import ViMs and
# AbMuSu validation, check them, and compare lead-1 with lead-3 on AbMuSu.
# Usage: scripts/real_data_checks.sh [DATA]   (DATA holds vims/ and abmusu/validation.jsonl;
# default $TOMTAT_DATA, else ../shared/data). Prints "skipped" and exits 0 when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-${TOMTAT_DATA:-../shared/data}}
if [ ! -d "$data/vims" ] || [ ! -f "$data/abmusu/validation.jsonl" ]; then
  echo "skipped: $data (ViMs and AbMuSu) not found"
  exit 0
fi
cargo build --release --quiet
t=target/release/tomtat
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== import"
$t dataset import vims "$data/vims" "$work/vims"
$t dataset import abmusu "$data/abmusu/validation.jsonl" "$work/abmusu-val"
echo "== check"
$t dataset check "$work/vims" | tail -1 || true
$t dataset check "$work/abmusu-val" | tail -1 || true
echo "== lead-1 vs lead-3 on AbMuSu validation"
for b in lead-1 lead-3; do
  $t score --dataset "$work/abmusu-val" --baseline "$b" --format json --save "$work/$b.json" > /dev/null 2>&1
done
set +e
$t compare "$work/lead-3.json" "$work/lead-1.json"
code=$?
set -e
echo "compare exit code: $code (1 = lead-1 significantly worse than lead-3)"
