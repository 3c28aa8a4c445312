#!/usr/bin/env bash
# The heavy framework tests (issue 33): a real Seq2SeqTrainer.evaluate() with
# tomtat.hf.compute_metrics on a tiny BART built from a config, and a lighteval task over a
# local file scored by tomtat.lighteval.metric, both against the CLI's numbers
# (tests/python/test_heavy_*.py). They need torch (with its CUDA wheels, run on CPU),
# transformers and lighteval in a venv of their own, target/heavy-venv: on a 2-core machine
# about 3 min and 6.6 GB of disk to create, the tests themselves 9-13 s
# (docs/integrations.md#the-trainer-and-lighteval-for-real). scripts/test_system.sh runs this,
# so `.ci/run` does; TOMTAT_SKIP_HEAVY=1 skips it on a machine without the disk.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${TOMTAT_SKIP_HEAVY:-}" = "1" ]; then
  echo "heavy frameworks: skipped (TOMTAT_SKIP_HEAVY=1)"
  exit 0
fi
venv=target/heavy-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --upgrade "pip>=25.1"   # --resume-retries
# TOMTAT_WHEEL: the wheel scripts/test_system.sh built; else it is built here from the source.
wheel=${TOMTAT_WHEEL:-}
if [ -z "$wheel" ]; then
  rm -rf target/heavy-wheel
  "$venv/bin/pip" wheel --quiet --no-deps . -w target/heavy-wheel
  wheel=$(ls target/heavy-wheel/tomtat-*.whl)
fi
# torch and its CUDA libraries are about 3 GB of downloads: a cut connection resumes.
"$venv/bin/pip" install --quiet --retries 10 --resume-retries 20 "$wheel[test,hf,lighteval]" torch
# The venv is kept between runs (torch is large): the package itself is always this one.
"$venv/bin/pip" install --quiet --no-deps --force-reinstall "$wheel"
cargo build --quiet
TOMTAT_BIN="$PWD/target/debug/tomtat" TOMTAT_REQUIRE_HEAVY=1 \
  "$venv/bin/python" -m pytest -q -p no:cacheprovider tests/python/test_heavy_trainer.py \
  tests/python/test_heavy_lighteval.py
