#!/usr/bin/env bash
# Whole-process cost of `tomtat leaderboard` (docs/leaderboard.md#cost): SYSTEMS runs of
# EXAMPLES short Vietnamese pairs (scripts/make_bench_pairs.py; system k keeps a share of each
# candidate's words), scored with rouge1,rouge2,rougeL and the default bootstrap, then ranked
# with the default 1,000 resamples and 10,000 trials. Prints the median wall time of RUNS
# leaderboards and the peak memory of one. Scoring the runs is not timed.
# Usage: benches/leaderboard.sh [SYSTEMS EXAMPLES [RUNS]]   (default: 12 3000 3, then 20 10000 3)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=${TOMTAT_BENCH_BIN:-$PWD/target/release/tomtat}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure() {
  local systems=$1 examples=$2 runs=$3 dir="$work/$1x$2"
  mkdir -p "$dir"
  python3 scripts/make_bench_pairs.py "$examples" "$dir/pairs.jsonl"
  for k in $(seq 1 "$systems"); do
    python3 - "$dir/pairs.jsonl" "$dir/s$k.jsonl" "$k" "$systems" <<'PY'
import json, sys
src, out, k, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
with open(src, encoding="utf-8") as f, open(out, "w", encoding="utf-8") as g:
    for line in f:
        row = json.loads(line)
        words = row["candidate"].split()
        row["candidate"] = " ".join(words[: max(1, len(words) * (n + k) // (2 * n))])
        g.write(json.dumps(row, ensure_ascii=False) + "\n")
PY
    "$bin" score --pairs "$dir/s$k.jsonl" --metrics rouge1,rouge2,rougeL --save "$dir/s$k.json" -o /dev/null
  done
  local times=()
  for _ in $(seq 1 "$runs"); do
    local start end
    start=$(date +%s.%N)
    "$bin" leaderboard "$dir"/s*.json --format json -o "$dir/board.json"
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc)")
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  local peak
  peak=$(/usr/bin/time -f %M "$bin" leaderboard "$dir"/s*.json --format json -o /dev/null 2>&1 | tail -1)
  printf 'leaderboard %s systems × %s examples × 3 metrics (%s pairs): median %.2f s of %s, peak %s MB\n' \
    "$systems" "$examples" "$((systems * (systems - 1) / 2))" "$median" "$runs" "$((peak / 1024))"
}

echo "load: $(uptime)"
if [ $# -ge 2 ]; then
  measure "$1" "$2" "${3:-3}"
else
  measure 12 3000 3
  measure 20 10000 3
fi
