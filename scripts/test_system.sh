#!/usr/bin/env bash
# The tests beyond `cargo test`; the README's whole-suite command is
# `cargo test && scripts/test_system.sh`, and .ci/run runs exactly that after fmt and clippy:
#   1. (before this script) cargo test: the Rust tests, docs-as-tests (every console example and
#      link in README.md and docs/) and the layering check; no Python or network needed;
#   2. the Python package, built with `pip install .` into a fresh virtual environment, and its
#      tests (parity with the real rouge-score 0.1.2, reports equal to the CLI's, every Python
#      example of the docs, the engine adapters on Spark local[2], Ray and Dask: a missing
#      engine fails, not skips);
#   3. the heavy frameworks (torch, a real Seq2SeqTrainer, lighteval) in a venv of their own;
#      a short bounded fuzz run; 4. the dogfooding baselines; 5. the HTML reports in Chromium,
#      screenshotted, then opened through Playwright (tests/browser).
# Installs what it needs: a Java runtime for Spark and Chromium (apt-get), Python packages (pip).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo not found: install the Rust toolchain (https://rustup.rs) first" >&2
  exit 1
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "python3 not found: the Python tests need Python 3.9 or later (cargo test alone does not)" >&2
  exit 1
fi

# The Spark adapter's tests run PySpark in local mode, which needs a Java runtime (17+).
if ! command -v java >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi

venv=target/ci-venv
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --upgrade pip
# The package is built once from the source tree (`pip wheel .`, as `pip install .` builds it)
# and installed here and in the heavy frameworks' venv.
rm -rf target/wheels
"$venv/bin/pip" wheel --quiet --no-deps . -w target/wheels
wheel=$(ls target/wheels/tomtat-*.whl)
"$venv/bin/pip" install --quiet "$wheel[test,engines,frameworks]"
TOMTAT_BIN="$PWD/target/debug/tomtat" TOMTAT_REQUIRE_ENGINES=1 \
  "$venv/bin/python" -m pytest -q -p no:cacheprovider tests/python

# The heavy frameworks in a venv of their own: a real Seq2SeqTrainer and a lighteval task.
TOMTAT_WHEEL="$wheel" bash scripts/test_trainer_lighteval.sh

# A short bounded fuzz run (5 targets × 10 s on the test build, 2 at a time: about 30 s);
# long runs: TOMTAT_FUZZ_SECS=600 cargo test --release --test fuzz -- --nocapture.
TOMTAT_FUZZ_SECS=10 cargo test --test fuzz -- --nocapture --test-threads 2 2>&1 | grep -E '^fuzz |test result'

# Dogfooding: the built-in baselines re-scored on the bundled data set must equal the committed
# runs in baselines/ (update them deliberately: scripts/update_baselines.sh).
out=target/ci-runs
mkdir -p "$out"
for b in lead-1 lead-3 random-3 oracle; do
  cargo run --quiet -- score --dataset datasets/vi-news-ukraine-2022 --baseline "$b" \
    --format json --save "$out/$b.json" > /dev/null 2>&1
  cargo run --quiet -- compare "baselines/vi-news-ukraine-2022.$b.json" "$out/$b.json" \
    --fail-on-change --format md > "$out/$b.compare.md" || {
      cat "$out/$b.compare.md"
      echo "the $b baseline's scores changed: if intended, run scripts/update_baselines.sh" >&2
      exit 1
    }
done
echo "dogfooding: all baselines match baselines/*.json"

# The HTML reports must render in a real browser (headless Chromium; screenshots in target/html-check/),
# then load offline with real axes when driven through Playwright (the system Chromium, no download).
bash scripts/html_render_check.sh
"$venv/bin/python" -m pytest -q -p no:cacheprovider tests/browser
