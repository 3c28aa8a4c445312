#!/usr/bin/env bash
# Re-scores the built-in baselines on the bundled data set and overwrites the committed run
# files in baselines/. Run this only when a change is meant to alter scores, and commit the
# result with an explanation: .ci/run compares every CI run against these files.
set -euo pipefail
cd "$(dirname "$0")/.."
for b in lead-1 lead-3 random-3 oracle; do
  cargo run --quiet -- score --dataset datasets/vi-news-ukraine-2022 --baseline "$b" \
    --format json --save "baselines/vi-news-ukraine-2022.$b.json" > /dev/null
done
echo "updated baselines/*.json"
