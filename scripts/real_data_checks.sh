#!/usr/bin/env bash
# End-to-end checks on the real public data sets (never committed here): import ViMs and
# AbMuSu validation, check them, and compare lead-1 with lead-3 on AbMuSu; then import the
# VietNews sample (vietnews/test_tokenized against val_tokenized) and score lead-1 and lead-3
# on syllables and words (each part says "skipped" when its data is missing).
# Usage: scripts/real_data_checks.sh [DATA]   (DATA holds vims/ and abmusu/validation.jsonl;
# default $TOMTAT_DATA, else ../shared/data). Prints "skipped" and exits 0 when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-${TOMTAT_DATA:-../shared/data}}
cargo build --release --quiet
t=target/release/tomtat
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ -d "$data/vietnews/test_tokenized" ] && [ -d "$data/vietnews/val_tokenized" ]; then
  echo "== VietNews sample: import (test against val) and lead-k"
  /usr/bin/time -f "import: %e s, %M KB peak" \
    $t dataset import vietnews "$data/vietnews/test_tokenized" "$work/vietnews-test" \
    --against "$data/vietnews/val_tokenized"
  for units in syllables words; do
    for b in lead-1 lead-3; do
      printf '%s %s: ' "$b" "$units"
      $t score --dataset "$work/vietnews-test" --baseline "$b" --units "$units" \
        --metrics rouge1,rouge2,rougeL --bootstrap 0 --format csv 2> /dev/null |
        awk -F, '$2 == "fmeasure" { printf "%s %.2f  ", $1, 100 * $3 } END { print "" }'
    done
  done
else
  echo "skipped: $data/vietnews/{test,val}_tokenized not found"
fi

if [ ! -d "$data/vims" ] || [ ! -f "$data/abmusu/validation.jsonl" ]; then
  echo "skipped: $data (ViMs and AbMuSu) not found"
  exit 0
fi

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
