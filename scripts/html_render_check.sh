#!/usr/bin/env bash
# Renders the HTML reports (dataset stats, one set and two side by side, score, compare, leaderboard,
# correlate, and explorer pages of hostile text) in headless Chromium and
# checks that each page rendered to a non-trivial PNG. Installs Debian's chromium when missing.
# Screenshots are left in target/html-check/ for people (and CI artifacts) to look at.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && apt-get install -y -qq chromium) >/dev/null 2>&1 || {
      echo "html check: cannot install chromium" >&2; exit 1; }
  else
    echo "html check: chromium is not installed and apt-get is not available" >&2
    exit 1
  fi
fi
out=target/html-check
mkdir -p "$out"
t="cargo run --quiet --"
$t dataset stats datasets/vi-news-ukraine-2022 --format html -o "$out/stats.html"
$t dataset stats datasets/vi-news-ukraine-2022 datasets/vi-news-ukraine-2022 --format html -o "$out/stats-side.html"
$t score --dataset datasets/vi-news-ukraine-2022 --baseline lead-3 --format html -o "$out/score.html" --save "$out/lead-3.json" 2>/dev/null
$t score --dataset datasets/vi-news-ukraine-2022 --baseline lead-1 --format json --save "$out/lead-1.json" > /dev/null 2>&1
$t compare "$out/lead-3.json" "$out/lead-1.json" --format html -o "$out/compare.html" --trials 1000
for b in random-3 oracle; do
  $t score --dataset datasets/vi-news-ukraine-2022 --baseline $b --format json --save "$out/$b.json" > /dev/null 2>&1
done
# Six examples: a level of 0.25 lets the page show significant cells (tests/browser/test_leaderboard.py).
$t leaderboard "$out"/{lead-1,lead-3,random-3,oracle}.json --level 0.25 --format html -o "$out/leaderboard.html"
# Hostile text in every field that reaches the explorer (tests/browser/test_explorer.py).
evil='</script><script>alert(1)</script><img src=x onerror=alert(2)>\u001b[31m&amp;'
for v in a b; do
  : > "$out/hostile-$v.jsonl"
  for i in 1 2 3; do
    printf '{"id":"%s%s","lang":"vi","candidate":"%s mưa to %s","reference":"mưa to ở %s Hà Nội"}\n' \
      "$evil" "$i" "$evil" "$v$i" "$evil" >> "$out/hostile-$v.jsonl"
  done
  $t score --pairs "$out/hostile-$v.jsonl" --format html -o "$out/hostile-score-$v.html" \
    --save "$out/<img src=x onerror=alert(3)>$v.json" --bootstrap 50 2>/dev/null
done
$t compare "$out/<img src=x onerror=alert(3)>a.json" "$out/<img src=x onerror=alert(3)>b.json" \
  --format html -o "$out/hostile-compare.html" --trials 100
$t leaderboard "$out/<img src=x onerror=alert(3)>a.json" "$out/<img src=x onerror=alert(3)>b.json" \
  --format html -o "$out/hostile-leaderboard.html" --trials 100
# 1,200 examples: more than one block of the page's data and many pages of its table.
words=(Nga Mỹ đàm phán hòa bình tại Geneva quân đội biên giới Ukraine an ninh châu Âu)
: > "$out/many.jsonl"
for i in $(seq 0 1199); do
  c="" r=""
  for j in 0 1 2 3 4 5 6 7; do
    c="$c ${words[$(( (i * 7 + j * 3) % 16 ))]}"
    r="$r ${words[$(( (i * 5 + j * 2) % 16 ))]}"
  done
  printf '{"id":"m%04d","lang":"%s","candidate":"%s","reference":"%s"}\n' "$i" \
    "$([ $((i % 4)) = 0 ] && echo en || echo vi)" "${c# }" "${r# }" >> "$out/many.jsonl"
done
$t score --pairs "$out/many.jsonl" --profile vi-v1 --format html -o "$out/many.html" --bootstrap 50 2>/dev/null
# 1,100 examples whose references are three summaries rotated: sentences the page's data sends
# once and shows whole in every example, over three blocks (tests/browser/test_explorer.py).
: > "$out/repeats.jsonl"
for i in $(seq 0 1099); do
  s=$((i % 3)) turn=$(( (i / 3) % 4 )) r=""
  for k in 0 1 2 3; do
    r="$r Câu $(( (k + turn) % 4 )) của bản tóm tắt $s nói về giá xăng hôm nay."
  done
  printf '{"id":"r%04d","candidate":"Ứng viên %s viết. Câu %s của bản tóm tắt %s nói về giá xăng hôm nay.","reference":"%s"}\n' \
    "$i" "$i" "$(( i % 4 ))" "$s" "${r# }" >> "$out/repeats.jsonl"
done
$t score --pairs "$out/repeats.jsonl" --profile vi-v1 --format html -o "$out/repeats.html" --bootstrap 0 2>/dev/null
mkdir -p "$out/rated"
for s in tight nfd retoned lead; do
  $t score --pairs docs/examples/rated/$s.jsonl --profile vi-v1 --metrics rouge1,rouge2 --bootstrap 0 --save "$out/rated/$s.json" -o /dev/null
done
$t correlate --ratings docs/examples/rated/ratings.jsonl --rating-field adequacy --format html -o "$out/correlate.html" "$out"/rated/*.json
grep -q 'class="point"' "$out/correlate.html"
grep -q 'class="cell"' "$out/stats.html"
grep -q 'class="legend"' "$out/stats-side.html"
grep -q 'class="bar"' "$out/score.html"
grep -q 'class="deltas"' "$out/compare.html"
grep -q 'class="matrix"' "$out/leaderboard.html"
grep -q 'class="interval"' "$out/score.html"     # confidence intervals drawn as intervals
grep -q 'class="interval"' "$out/compare.html"
for page in stats stats-side score compare correlate leaderboard; do
  profile=$(mktemp -d)
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --window-size=1200,1400 \
    --screenshot="$out/$page.png" "file://$PWD/$out/$page.html" > "$out/$page.chromium.log" 2>&1
  rm -rf "$profile"
  size=$(stat -c %s "$out/$page.png")
  if [ "$size" -lt 10000 ]; then
    echo "html check: $page.png is only $size bytes" >&2
    exit 1
  fi
  echo "html check: $page.html rendered to $out/$page.png ($size bytes)"
done
