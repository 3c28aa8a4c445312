"""Checks the metrics beyond ROUGE (issue 23) line by line through a built binary: chrF and its
corpus figure against the sacreBLEU fixtures, supplied scores from every input format through
score/merge/compare, the micro figures in every format, correlate against scipy, the
torchmetrics reference modes, and that the committed (older) baseline runs still compare.
Needs pyarrow and scipy in the Python that runs it.

Usage: python3 scripts/check_beyond_rouge.py BINARY CHECKOUT
(e.g. target/release/tomtat .); prints PASS/FAIL per line and exits 1 on any failure."""
import json, math, os, subprocess, sys, tempfile
T = os.path.abspath(sys.argv[1]); ROOT = os.path.abspath(sys.argv[2])
W = tempfile.mkdtemp(); os.chdir(W)
ok = []
def run(*a, code=0):
    p = subprocess.run([T, *map(str, a)], capture_output=True, text=True)
    assert p.returncode == code, (a, p.returncode, p.stderr)
    return p
def check(name, cond):
    ok.append((name, bool(cond))); print(("PASS " if cond else "FAIL ") + name)

# Part 1: chrF per example and per corpus against the sacreBLEU fixtures.
cases = f"{ROOT}/tests/fixtures/chrf/cases.jsonl"
p = run("score", "--pairs", cases, "--metrics", "chrF,chrF++", "--bootstrap", "0", "--per-example", "per.jsonl", "--format", "json")
rep = json.loads(p.stdout)
want = {json.loads(l)["id"]: json.loads(l) for l in open(cases)}
worst = 0.0
for l in open("per.jsonl"):
    e = json.loads(l)
    for m in ("chrF", "chrF++"):
        got = [e[m]["precision"], e[m]["recall"], e[m]["fmeasure"]]
        worst = max(worst, max(abs(a - b) for a, b in zip(got, want[e["id"]][m])))
check(f"chrF/chrF++ per example = sacreBLEU 2.6.0 on 600 pairs (max |diff| {worst:.1e})", worst <= 1e-9)
corpus = json.load(open(f"{ROOT}/tests/fixtures/chrf/corpus.json"))
d = max(abs(rep["metrics"][m]["micro"]["fmeasure"]["mean"] - corpus[m]) for m in corpus)
check(f"chrF micro = sacrebleu.corpus_chrf (|diff| {d:.1e})", d <= 1e-9)
sig = rep["signature"]
check("signature records chrF parameters", "chrf:sacrebleu2-nc6-b2-cmixed-sno-eyes" in sig and "chrfnorm:no" in sig)
p = run("score", "--pairs", cases, "--metrics", "chrF", "--bootstrap", "0", "--chrf-normalize", "--format", "json")
check("--chrf-normalize is in the signature", "chrfnorm:vi" in json.loads(p.stdout)["signature"])

# Part 2: supplied scores from JSONL, CSV, Parquet, Arrow.
rows = [{"id": f"e{i}", "candidate": "hòa bình ở châu Âu", "reference": "hòa bình cho châu Âu " * (1 + i % 3), "judge": 1 + i % 10, "wer": (i % 7) / 8} for i in range(60)]
with open("j.jsonl", "w") as f:
    for r in rows: f.write(json.dumps(r, ensure_ascii=False) + "\n")
with open("j.csv", "w") as f:
    f.write("id,candidate,reference,judge,wer\n")
    for r in rows: f.write(f'{r["id"]},{r["candidate"]},{r["reference"]},{r["judge"]},{r["wer"]}\n')
import pyarrow as pa, pyarrow.parquet as pq, pyarrow.feather as pf
t = pa.Table.from_pylist(rows); pq.write_table(t, "j.parquet"); pf.write_feather(t, "j.arrow")
flags = ["--profile", "vi-v1", "--score-field", "judge", "--score-field", "wer", "--lower-is-better", "wer"]
outs = {ext: run("score", "--pairs", f"j.{ext}", *flags, "--format", "json").stdout for ext in ("jsonl", "csv", "parquet", "arrow")}
check("--score-field reads JSONL, CSV, Parquet and Arrow alike", len(set(outs.values())) == 1)
r = json.loads(outs["jsonl"])
mean = sum(x["judge"] for x in rows) / len(rows)
jm = r["metrics"]["extra:judge"]["fmeasure"]
check(f"extra:judge mean = exact mean {mean} with an interval, no clipping", jm["mean"] == mean and jm["low"] < mean < jm["high"] and mean > 1)
check("signature says supplied (extra:judge, extra:wer:lower)", "extra:judge+extra:wer:lower" in r["signature"])
for fmt, needle in (("table", "extra:judge"), ("md", "extra:judge"), ("csv", "extra:judge,fmeasure"), ("html", "extra:judge")):
    check(f"supplied score in --format {fmt}", needle in run("score", "--pairs", "j.jsonl", *flags, "--format", fmt).stdout)
run("score", "--pairs", "j.jsonl", *flags, "--per-example", "jp.jsonl", "--save", "base.json", "-o", "/dev/null")
check("per-example output holds the supplied value", json.loads(open("jp.jsonl").readline())["extra:judge"]["fmeasure"] == rows[0]["judge"])
with open("a.jsonl", "w") as f:
    for r0 in rows[:25]: f.write(json.dumps(r0, ensure_ascii=False) + "\n")
with open("b.jsonl", "w") as f:
    for r0 in rows[25:]: f.write(json.dumps(r0, ensure_ascii=False) + "\n")
run("score", "--pairs", "a.jsonl", *flags, "--save", "a.run", "-o", "/dev/null")
run("score", "--pairs", "b.jsonl", *flags, "--save", "b.run", "-o", "/dev/null")
run("merge", "b.run", "a.run", "-o", "m.run")
check("merge of shards = the whole run (supplied scores)", json.load(open("m.run"))["report"]["metrics"] == json.load(open("base.json"))["report"]["metrics"])
with open("w.jsonl", "w") as f:
    for r0 in rows: f.write(json.dumps(dict(r0, judge=r0["judge"] - 1, wer=r0["wer"] + 0.125), ensure_ascii=False) + "\n")
run("score", "--pairs", "w.jsonl", *flags, "--save", "new.json", "-o", "/dev/null")
p = run("compare", "base.json", "new.json", "--format", "json", code=1)
check("compare fails on the judge's drop and the rate's rise", json.loads(p.stdout)["regressions"] == ["extra:judge", "extra:wer:lower"])
for fmt, needle in (("junit", 'failures="2"'), ("md", "extra:judge"), ("html", "extra:judge")):
    check(f"compare --format {fmt} names the supplied regression", needle in run("compare", "base.json", "new.json", "--format", fmt, code=1).stdout)
run("score", "--pairs", "j.jsonl", "--profile", "vi-v1", "--score-field", "wer", "--save", "other.json", "-o", "/dev/null")
check("compare refuses runs whose supplied scores differ", "signatures differ in: metrics" in run("compare", "base.json", "other.json", code=2).stderr)
for bad, word in (('"judge": "x"', "must be a number"), ('"judge": NaN', "field 'judge' is NaN"), ('"judge": "inf"', "not a finite number"), ('"x": 1', "missing field 'judge'")):
    with open("bad.jsonl", "w") as f:
        f.write('{"id": "1", "candidate": "a", "reference": "b", ' + bad + "}\n")
    e = run("score", "--pairs", "bad.jsonl", "--score-field", "judge", code=2).stderr
    check(f"bad value ({bad}) is an error naming line and field: {e.strip()}", word in e and "bad.jsonl:1" in e)

# Part 3: micro figures in every format.
for fmt, needle in (("json", '"micro"'), ("csv", "micro_fmeasure"), ("table", "corpus-level (micro)"), ("md", "corpus-level \\(micro\\)"), ("html", "Corpus-level (micro)")):
    check(f"micro figures in --format {fmt}", needle in run("score", "--pairs", "j.jsonl", "--profile", "vi-v1", "--format", fmt).stdout)

# Part 4: correlate.
rated = f"{ROOT}/docs/examples/rated"
os.makedirs("vi", exist_ok=True)
for s in ("tight", "nfd", "retoned", "lead"):
    run("score", "--pairs", f"{rated}/{s}.jsonl", "--profile", "vi-v1", "--metrics", "rouge2,rouge1", "--bootstrap", "0", "--save", f"vi/{s}.json", "-o", "/dev/null")
runs_ = [f"vi/{s}.json" for s in ("lead", "nfd", "retoned", "tight")]
rrows = [json.loads(l) for l in open(f"{rated}/ratings.jsonl")]
pq.write_table(pa.Table.from_pylist(rrows), "ratings.parquet")
js = run("correlate", "--ratings", f"{rated}/ratings.jsonl", "--rating-field", "adequacy", "--format", "json", "--resamples", "200", *runs_).stdout
check("correlate reads Parquet ratings like JSON Lines", js == run("correlate", "--ratings", "ratings.parquet", "--rating-field", "adequacy", "--format", "json", "--resamples", "200", *runs_).stdout)
c = json.loads(js)
from scipy import stats
sysx = [sum(e["prf"][0][2] for e in json.load(open(r))["examples"]) / 12 for r in runs_]
sysh = [sum(x["adequacy"] for x in rrows if x["system"] == s) / 12 for s in ("lead", "nfd", "retoned", "tight")]
d = abs(c["levels"]["system"]["rouge2"]["pearson"]["value"] - stats.pearsonr(sysx, sysh)[0])
check(f"system-level Pearson = scipy ({d:.1e})", d <= 1e-12)
d = abs(c["levels"]["system"]["rouge2"]["kendall_c"]["value"] - stats.kendalltau(sysx, sysh, variant="c")[0])
check(f"system-level Kendall tau-c = scipy ({d:.1e})", d <= 1e-12)
check("correlate has intervals, the permutation test and fingerprints", c["levels"]["global"]["rouge2"]["pearson"]["low"] is not None and "p_permutation" in json.dumps(c) and len(c["fingerprints"]) == 4)
for fmt, needle in (("table", "system level"), ("md", "| metric |"), ("html", 'class="point"')):
    check(f"correlate --format {fmt}", needle in run("correlate", "--ratings", f"{rated}/ratings.jsonl", "--rating-field", "adequacy", "--format", fmt, "--resamples", "50", *runs_).stdout)

# Part 5: torchmetrics reference modes.
for mode in ("best-first", "avg"):
    p = run("score", "--pairs", f"{ROOT}/docs/examples/pairs.jsonl", "--refs", mode, "--format", "json", "--bootstrap", "0")
    check(f"--refs {mode} runs and is in the signature", f"refs:{mode}" in json.loads(p.stdout)["signature"])

# Acceptance: old run files still load.
for b in ("lead-3", "oracle"):
    run("score", "--dataset", f"{ROOT}/datasets/vi-news-ukraine-2022", "--baseline", b, "--save", f"{b}.json", "-o", "/dev/null")
    check(f"committed {b} baseline (older format) compares unchanged", run("compare", f"{ROOT}/baselines/vi-news-ukraine-2022.{b}.json", f"{b}.json", "--fail-on-change").returncode == 0)
readme = open(f"{ROOT}/README.md").read()
check("README gates an LLM judge in CI", "--score-field judge" in readme and "extra:judge" in readme)
print(f"{sum(v for _, v in ok)} of {len(ok)} checks pass")
sys.exit(0 if all(v for _, v in ok) else 1)
