#!/usr/bin/env bash
# Whole-process speed of `tomtat score` against the rougers-based anchor
# (examples/rougers_score.rs: the same JSON Lines, rouge1 + rouge2 + rougeL, one thread), run
# alternately in this process tree on the same files. Prints the median wall time of each and
# the ratio anchor/tomtat for short pairs, long pairs and the default run (with its keyed
# bootstrap of 1,000 resamples).
#
#   benches/whole_process.sh [--runs N] [--floor short=X,long=Y,default=Z,python=P]
#                            [--python PY] [--tokenizer]
#
# --python PY also prints Python's ratio (tomtat score_batch against rouge_score_rs
# score_batch on 4,000 pairs, alternating, benches/python_bench.py --ratio-only) with the
# interpreter PY, which must have tomtat and rouge-score-rs installed; --tokenizer also prints the tokenizer's throughput
# as a share of UTF-8 validation (the criterion bench's tokenize group, about a minute).
#
# With --floor, exits 1 when a ratio is below its floor (.ci/run sets the floors at half of
# what a quiet 2-core machine measures, so a 2x regression fails and noise does not).
# Inputs are drawn from the bundled articles with a fixed seed (scripts/make_bench_pairs.py):
# short = 20,000 pairs of 3 vs 3 sentences, long = 3,000 pairs of 25 vs 25 sentences.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=5
floors=""
python=""
tokenizer=0
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --floor) floors="$2"; shift 2 ;;
    --python) python="$2"; shift 2 ;;
    --tokenizer) tokenizer=1; shift ;;
    *) echo "usage: benches/whole_process.sh [--runs N] [--floor short=X,long=Y,default=Z,python=P] [--python PY] [--tokenizer]" >&2; exit 2 ;;
  esac
done

# Built without the Parquet/Arrow reader (the scoring path is the same code; the build is a
# minute shorter from a fresh clone, which .ci/run is).
cargo build --quiet --release --no-default-features --bin tomtat
# The anchor in Cargo.toml's `anchor` profile: release with LTO across codegen units.
cargo build --quiet --profile anchor --no-default-features --example rougers_score
# TOMTAT_BENCH_BIN measures another build (e.g. an older commit) against the same anchor.
tomtat=${TOMTAT_BENCH_BIN:-target/release/tomtat}
anchor=target/anchor/examples/rougers_score
dir=target/whole-process
mkdir -p "$dir"
[ -s "$dir/short.jsonl" ] || python3 scripts/make_bench_pairs.py 20000 "$dir/short.jsonl" 3 3
[ -s "$dir/long.jsonl" ] || python3 scripts/make_bench_pairs.py 3000 "$dir/long.jsonl" 25 25

# Wall seconds of one run of the command.
seconds() {
  local start end
  start=$(date +%s%N)
  "$@" > /dev/null 2>&1
  end=$(date +%s%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.4f\n", (e - s) / 1e9 }'
}

median() {
  sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Below its floor when the ratio is under it: a 2x regression fails and noise does not.
check_floor() {
  local workload="$1" ratio="$2" floor
  floor=$(echo ",$floors," | sed -n "s/.*,$workload=\([0-9.]*\),.*/\1/p")
  if [ -n "$floor" ] && awk -v r="$ratio" -v f="$floor" 'BEGIN { exit !(r < f) }'; then
    echo "whole-process speed: $workload ratio ${ratio}x is below its floor ${floor}x" >&2
    failed=1
  fi
}

metrics=rouge1,rouge2,rougeL
echo "load: $(uptime | sed 's/.*load average: //')"
printf '%-8s %10s %10s %8s\n' workload tomtat anchor ratio
failed=0
for workload in short long default; do
  file="$dir/$workload.jsonl"
  bootstrap=(--bootstrap 0)
  if [ "$workload" = default ]; then
    file="$dir/short.jsonl"
    bootstrap=()
  fi
  mine=() theirs=()
  for _ in $(seq "$runs"); do
    mine+=("$(seconds "$tomtat" score --pairs "$file" --threads 1 --metrics "$metrics" \
      "${bootstrap[@]}" --format json -o /dev/null)")
    theirs+=("$(seconds "$anchor" "$file")")
  done
  t=$(printf '%s\n' "${mine[@]}" | median)
  a=$(printf '%s\n' "${theirs[@]}" | median)
  ratio=$(awk -v a="$a" -v t="$t" 'BEGIN { printf "%.2f", a / t }')
  printf '%-8s %9.3fs %9.3fs %7.2fx\n' "$workload" "$t" "$a" "$ratio"
  check_floor "$workload" "$ratio"
done
if [ -n "$python" ]; then
  line=$("$python" benches/python_bench.py --pairs 4000 --repeat "$((runs * 2 + 1))" --ratio-only)
  echo "python: $line"
  check_floor python "$(echo "$line" | sed -n 's/.*: \([0-9.]*\)x$/\1/p')"
fi
if [ "$tokenizer" = 1 ]; then
  cargo bench --quiet --bench throughput -- --warm-up-time 1 --measurement-time 3 tokenize \
    2>/dev/null | grep 'tokenizer into ids, warm'
fi
exit "$failed"
