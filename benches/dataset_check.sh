#!/usr/bin/env bash
# Time and peak memory of `tomtat dataset check` on 100,000 imported VietNews-style articles.
# The articles are the 400 files of the VietNews sample in ../shared/data/vietnews, each copy
# made distinct by a numbered line, imported with `tomtat dataset import vietnews`.
#
#   benches/dataset_check.sh [N]        (N articles, default 100000)
#
# Without ../shared/data/vietnews it says so and exits 2. Needs about 1 GB of free disk.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
sample=../shared/data/vietnews
if [ ! -d "$sample" ]; then
  echo "benches/dataset_check.sh: $sample is missing; this measurement needs the VietNews sample" >&2
  exit 2
fi
cargo build --quiet --release --bin tomtat
work=target/dataset-check-bench
rm -rf "$work"
mkdir -p "$work/src/test_tokenized"
python3 - "$sample" "$work/src/test_tokenized" "$n" <<'PY'
import pathlib, sys
src, dest, n = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), int(sys.argv[3])
texts = [p.read_text(encoding="utf-8") for p in sorted(src.glob("*/*.txt.seg"))]
for i in range(n):
    lines = texts[i % len(texts)].rstrip("\n").split("\n")
    lines.insert(2, f"Bản_tin số {i} .")
    (dest / f"{i:06d}.txt.seg").write_text("\n".join(lines) + "\n", encoding="utf-8")
PY
/usr/bin/time -f "import: %e s, %M KB peak" target/release/tomtat dataset import vietnews \
  "$work/src/test_tokenized" "$work/set" > /dev/null
echo "load: $(uptime | sed 's/.*load average: //')"
/usr/bin/time -f "check: %e s, %M KB peak" target/release/tomtat dataset check "$work/set" | tail -2
rm -rf "$work"
