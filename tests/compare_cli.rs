//! `tomtat compare`, `tomtat merge` and `tomtat signature` through the real binary.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn tomtat() -> Command {
    Command::cargo_bin("tomtat").expect("binary built")
}

/// 500 generated English pairs; `truncate` keeps only the first half of each candidate's
/// words (a clearly worse system).
fn pairs_file(dir: &Path, name: &str, truncate: bool, skip: usize) -> PathBuf {
    let mut out = String::new();
    for (i, line) in include_str!("fixtures/rouge_score_scores/part2.jsonl")
        .lines()
        .enumerate()
        .skip(skip)
    {
        let v: Value = serde_json::from_str(line).expect("fixture");
        let mut cand = v["candidate"].as_str().unwrap_or("").to_string();
        if truncate {
            let words: Vec<&str> = cand.split(' ').collect();
            cand = words[..words.len() / 2].join(" ");
        }
        let row = serde_json::json!({"id": format!("ex{i}"), "candidate": cand, "references": v["references"]});
        out.push_str(&format!("{row}\n"));
    }
    let path = dir.join(name);
    std::fs::write(&path, out).expect("write pairs");
    path
}

fn save(pairs: &Path, run: &Path, extra: &[&str]) {
    tomtat()
        .args([
            "score",
            "--profile",
            "en",
            "--bootstrap",
            "200",
            "--format",
            "json",
            "--pairs",
        ])
        .arg(pairs)
        .arg("--save")
        .arg(run)
        .args(extra)
        .assert()
        .success();
}

/// The good and the clearly worse system saved as runs `a.json` and `b.json` (with `extra`
/// score flags).
fn good_and_bad_runs(dir: &Path, extra: &[&str]) -> (PathBuf, PathBuf) {
    let (good, bad) = (
        pairs_file(dir, "g.jsonl", false, 0),
        pairs_file(dir, "b.jsonl", true, 0),
    );
    let (a, b) = (dir.join("a.json"), dir.join("b.json"));
    save(&good, &a, extra);
    save(&bad, &b, extra);
    (a, b)
}

fn compare_json(base: &Path, new: &Path, extra: &[&str]) -> (i32, Value) {
    let out = tomtat()
        .args(["compare", "--format", "json", "--trials", "2000"])
        .arg(base)
        .arg(new)
        .args(extra)
        .output()
        .expect("runs");
    let v = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap_or(-1), v)
}

#[test]
fn same_system_twice_has_zero_delta_and_p_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pairs = pairs_file(dir.path(), "p.jsonl", false, 0);
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    save(&pairs, &a, &["--threads", "1"]);
    save(&pairs, &b, &["--threads", "2"]);
    let (code, v) = compare_json(&a, &b, &[]);
    assert_eq!(code, 0, "{v}");
    for m in v["metrics"].as_array().expect("metrics") {
        assert_eq!(m["delta"], 0.0);
        assert_eq!(m["p_bootstrap"], 1.0);
        assert_eq!(m["p_randomization"], 1.0);
        assert_eq!(m["p_holm"], 1.0);
    }
    let (_, again) = compare_json(&a, &b, &[]);
    assert_eq!(v, again, "repeated compare must be identical");
}

#[test]
fn worse_system_is_a_significant_regression() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (good, bad) = (
        pairs_file(dir.path(), "g.jsonl", false, 0),
        pairs_file(dir.path(), "b.jsonl", true, 0),
    );
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    save(&good, &a, &[]);
    save(&bad, &b, &[]);
    let (code, v) = compare_json(&a, &b, &[]);
    assert_eq!(code, 1, "{v}");
    let regressions: Vec<&str> = v["regressions"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        regressions.contains(&"rouge1") && regressions.contains(&"rougeL"),
        "{regressions:?}"
    );
    tomtat()
        .args(["compare", "--trials", "2000", "--format", "junit"])
        .arg(&a)
        .arg(&b)
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("<failure message=\"significant regression\">")
                .and(predicate::str::contains("tests=\"4\"")),
        );
    tomtat()
        .args(["compare", "--trials", "2000", "--format", "md"])
        .arg(&a)
        .arg(&b)
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("significant regression in rouge1")
                .and(predicate::str::contains("<details>")),
        );
    // The other way round it is an improvement, never a failure; a huge tolerance forgives.
    assert_eq!(compare_json(&b, &a, &[]).0, 0);
    assert_eq!(compare_json(&a, &b, &["--tolerance", "100"]).0, 0);
}

#[test]
fn different_options_are_refused_naming_the_fields() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pairs = pairs_file(dir.path(), "p.jsonl", false, 0);
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    save(&pairs, &a, &[]);
    tomtat()
        .args([
            "score",
            "--profile",
            "rouge-score",
            "--bootstrap",
            "0",
            "--format",
            "json",
            "--pairs",
        ])
        .arg(&pairs)
        .arg("--save")
        .arg(&b)
        .assert()
        .success();
    tomtat()
        .arg("compare")
        .arg(&a)
        .arg(&b)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "signatures differ in: profile (en-v1 vs rouge-score), norm (nfc vs none)",
        ));
    let vi = dir.path().join("vi.jsonl");
    std::fs::write(
        &vi,
        "{\"id\":\"1\",\"candidate\":\"Hòa bình\",\"reference\":\"hoà bình ở châu Âu\"}\n",
    )
    .expect("write");
    let (c, d) = (dir.path().join("c.json"), dir.path().join("d.json"));
    for (run, style) in [(&c, "new"), (&d, "old")] {
        tomtat()
            .args([
                "score",
                "--format",
                "json",
                "--tone-style",
                style,
                "--pairs",
            ])
            .arg(&vi)
            .arg("--save")
            .arg(run)
            .assert()
            .success();
    }
    tomtat()
        .arg("compare")
        .arg(&c)
        .arg(&d)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("tone (new vs old)"));
}

#[test]
fn different_examples_need_allow_subset() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (all, some) = (
        pairs_file(dir.path(), "all.jsonl", false, 0),
        pairs_file(dir.path(), "some.jsonl", false, 100),
    );
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    save(&all, &a, &[]);
    save(&some, &b, &[]);
    tomtat()
        .arg("compare")
        .arg(&a)
        .arg(&b)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "500 in base, 400 in new, 400 in both",
        ));
    let (code, v) = compare_json(&a, &b, &["--allow-subset"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["count"], 400);
    assert!(
        v["notes"][0]
            .as_str()
            .unwrap_or("")
            .contains("compared the shared examples only")
    );
}

#[test]
fn fail_on_change_pins_exact_scores() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pairs = pairs_file(dir.path(), "p.jsonl", false, 0);
    let mut tweaked = std::fs::read_to_string(&pairs).expect("read");
    tweaked = tweaked.replacen("\"candidate\":\"", "\"candidate\":\"extra ", 1);
    let other = dir.path().join("t.jsonl");
    std::fs::write(&other, tweaked).expect("write");
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    save(&pairs, &a, &[]);
    save(&other, &b, &[]);
    assert_eq!(compare_json(&a, &b, &[]).0, 0);
    let (code, v) = compare_json(&a, &b, &["--fail-on-change"]);
    assert_eq!(code, 1);
    assert!(
        v["notes"]
            .to_string()
            .contains("per-example score(s) differ"),
        "{v}"
    );
}

#[test]
fn merging_three_shards_in_any_order_equals_the_unsplit_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pairs = pairs_file(dir.path(), "p.jsonl", false, 0);
    let text = std::fs::read_to_string(&pairs).expect("read");
    let lines: Vec<&str> = text.lines().collect();
    let mut shards = Vec::new();
    for (k, chunk) in lines.chunks(167).enumerate() {
        let shard = dir.path().join(format!("s{k}.jsonl"));
        std::fs::write(&shard, chunk.join("\n")).expect("write shard");
        let run = dir.path().join(format!("s{k}.json"));
        save(&shard, &run, &[]);
        shards.push(run);
    }
    assert_eq!(shards.len(), 3);
    let whole = dir.path().join("whole.json");
    save(&pairs, &whole, &[]);
    let merged = dir.path().join("merged.json");
    tomtat()
        .arg("merge")
        .args(&shards)
        .arg("-o")
        .arg(&merged)
        .assert()
        .success();
    let read = |p: &Path| -> Value {
        serde_json::from_str(&std::fs::read_to_string(p).expect("read")).expect("JSON")
    };
    let (w, m) = (read(&whole), read(&merged));
    assert_eq!(w["fingerprint"], m["fingerprint"]);
    assert_eq!(w["signature"], m["signature"]);
    // The whole report (means, intervals, fingerprint, accounting, warnings) is a function of
    // the set of examples: byte-identical to the unsplit run's.
    assert_eq!(
        serde_json::to_string(&w["report"]).ok(),
        serde_json::to_string(&m["report"]).ok()
    );
    // Any merge order gives the same bytes (examples are listed by key).
    let merged_bytes = std::fs::read(&merged).expect("read");
    for order in [[2, 0, 1], [1, 2, 0], [2, 1, 0]] {
        let other = dir.path().join(format!("merged-{order:?}.json"));
        tomtat()
            .arg("merge")
            .args(order.iter().map(|&k| &shards[k]))
            .arg("-o")
            .arg(&other)
            .assert()
            .success();
        assert!(
            std::fs::read(&other).expect("read") == merged_bytes,
            "merge order {order:?} changed the bytes"
        );
    }
    let (code, _) = compare_json(&whole, &merged, &["--fail-on-change"]);
    assert_eq!(code, 0);
    tomtat()
        .arg("merge")
        .arg(&shards[0])
        .arg(&shards[0])
        .arg("-o")
        .arg(dir.path().join("x.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("shards must be disjoint"));
}

#[test]
fn signature_command_prints_every_scoring_field() {
    tomtat()
        .args([
            "signature",
            "--profile",
            "rouge-score",
            "--stem",
            "--nrefs",
            "1",
        ])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "profile:rouge-score|norm:none|tone:n/a|",
        ))
        .stdout(
            predicate::str::contains("|stem:yes|")
                .and(predicate::str::contains("|nrefs:1|alpha:0.5|")),
        );
    tomtat()
        .args(["signature", "--aliases", "/nonexistent.tsv"])
        .assert()
        .code(2);
}

#[test]
fn broken_run_file_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"tool\": \"tomtat\"}").expect("write");
    tomtat()
        .arg("compare")
        .arg(&bad)
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "bad.json:1: not a tomtat run file",
        ));
}

/// The paired bootstrap and randomization draw from (seed, resample, example key), so the
/// example order of either run (input order, or the key order of a merged run) cannot change
/// a p-value or an interval.
#[test]
fn compare_statistics_do_not_depend_on_example_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    let base_pairs = pairs_file(dir.path(), "base.jsonl", false, 0);
    let new_pairs = pairs_file(dir.path(), "new.jsonl", true, 0);
    let text = std::fs::read_to_string(&new_pairs).expect("read");
    let mut lines: Vec<&str> = text.lines().collect();
    lines.reverse();
    let reversed_pairs = dir.path().join("new-reversed.jsonl");
    std::fs::write(&reversed_pairs, lines.join("\n")).expect("write");
    let (base, new, reversed) = (
        dir.path().join("base.json"),
        dir.path().join("new.json"),
        dir.path().join("new-reversed.json"),
    );
    save(&base_pairs, &base, &[]);
    save(&new_pairs, &new, &[]);
    save(&reversed_pairs, &reversed, &[]);
    let (code_a, a) = compare_json(&base, &new, &[]);
    let (code_b, b) = compare_json(&reversed, &base, &[]);
    let (code_c, c) = compare_json(&base, &reversed, &[]);
    assert_eq!((code_a, code_c), (1, 1), "{a}");
    assert_eq!(a["metrics"], c["metrics"]);
    // Swapping the sides negates Δ and mirrors the interval; the p-values are the same.
    for (x, y) in a["metrics"]
        .as_array()
        .into_iter()
        .flatten()
        .zip(b["metrics"].as_array().into_iter().flatten())
    {
        assert!(x["p_bootstrap"].is_f64() && x["ci_low"].is_f64(), "{x}");
        assert_eq!(x["p_bootstrap"], y["p_bootstrap"], "{x} {y} {code_b}");
        assert_eq!(x["p_randomization"], y["p_randomization"]);
    }
}

/// Regression: shards whose examples each have a constant but different number of references
/// (`nrefs:1` and `nrefs:2` in their signatures) were refused by `merge` as "scored
/// differently", though the unsplit run (`nrefs:var`) is one run.
#[test]
fn shards_with_different_reference_counts_merge_to_the_unsplit_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rows = [
        r#"{"id":"a","candidate":"the cat sat","references":["a cat sat"]}"#,
        r#"{"id":"b","candidate":"dogs bark loudly","references":["the dogs bark"]}"#,
        r#"{"id":"c","candidate":"rain fell","references":["it rained","rain fell all day"]}"#,
        r#"{"id":"d","candidate":"sun rose early","references":["the sun rose","early sun"]}"#,
    ];
    let write = |name: &str, lines: &[&str]| {
        let path = dir.path().join(name);
        std::fs::write(&path, lines.join("\n")).expect("write");
        path
    };
    let (one, two, all) = (
        write("one.jsonl", &rows[..2]),
        write("two.jsonl", &rows[2..]),
        write("all.jsonl", &rows),
    );
    let runs: Vec<PathBuf> = ["one", "two", "all"]
        .iter()
        .map(|n| dir.path().join(format!("{n}.json")))
        .collect();
    for (pairs, run) in [&one, &two, &all].into_iter().zip(&runs) {
        save(pairs, run, &[]);
    }
    let merged = dir.path().join("merged.json");
    tomtat()
        .arg("merge")
        .args(&runs[..2])
        .arg("-o")
        .arg(&merged)
        .assert()
        .success();
    let read = |p: &Path| -> Value {
        serde_json::from_str(&std::fs::read_to_string(p).expect("read")).expect("JSON")
    };
    let (w, m) = (read(&runs[2]), read(&merged));
    assert_eq!(m["signature_fields"]["nrefs"], "var");
    assert_eq!(
        serde_json::to_string(&w["report"]).ok(),
        serde_json::to_string(&m["report"]).ok()
    );
}

#[test]
fn allow_subset_accepts_runs_that_differ_only_in_nrefs() {
    // Issue 22, class 15: a subset of single-reference examples against the whole set of
    // one- and two-reference examples was refused with "signatures differ in: nrefs".
    let dir = tempfile::tempdir().expect("temp dir");
    let row = |id: &str, refs: &[&str]| {
        format!(
            "{}\n",
            serde_json::json!({"id": id, "candidate": "the cat sat on a mat", "references": refs})
        )
    };
    let mut all = String::new();
    let mut some = String::new();
    for i in 0..20 {
        let one = row(&format!("s{i}"), &["the cat sat on the mat"]);
        all.push_str(&one);
        some.push_str(&one);
        all.push_str(&row(
            &format!("d{i}"),
            &["a cat sat", "the cat was on a mat"],
        ));
    }
    let (all_pairs, some_pairs) = (dir.path().join("all.jsonl"), dir.path().join("some.jsonl"));
    std::fs::write(&all_pairs, all).expect("write");
    std::fs::write(&some_pairs, some).expect("write");
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    save(&all_pairs, &a, &[]);
    save(&some_pairs, &b, &[]);
    let (code, v) = compare_json(&a, &b, &["--allow-subset"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["count"], 20);
    // Without --allow-subset the different examples are still refused.
    tomtat().arg("compare").arg(&a).arg(&b).assert().code(2);
}

/// Issue 33: a significantly better run says so ("significant improvement in …"), in every
/// format, and exits 0; "no significant regression" stays for runs that did not change.
#[test]
fn a_better_run_is_a_significant_improvement() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (good, bad) = (
        pairs_file(dir.path(), "g.jsonl", false, 0),
        pairs_file(dir.path(), "b.jsonl", true, 0),
    );
    let (worse, better) = (
        dir.path().join("worse.json"),
        dir.path().join("better.json"),
    );
    save(&bad, &worse, &[]);
    save(&good, &better, &[]);
    let (code, v) = compare_json(&worse, &better, &[]);
    assert_eq!(code, 0, "{v}");
    let improved: Vec<&str> = v["improvements"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(improved.contains(&"rouge1"), "{improved:?}");
    assert_eq!(v["regressions"], serde_json::json!([]));
    for format in ["table", "md"] {
        let out = tomtat()
            .args(["compare", "--trials", "2000", "--format", format])
            .arg(&worse)
            .arg(&better)
            .output()
            .expect("runs");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("significant improvement in rouge1"), "{text}");
        assert!(!text.contains("no significant regression"), "{text}");
    }
    let (_, same) = compare_json(&better, &better, &[]);
    assert_eq!(same["improvements"], serde_json::json!([]));
}

/// Issue 33: ids in the Markdown are copyable: the id alone in its code span, the language
/// after it (it was `` `ex3 (vi)` ``, and a copy picked up " (vi)").
#[test]
fn markdown_ids_are_copyable_without_their_language() {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |name: &str, truncate: bool| {
        let path = pairs_file(dir.path(), name, truncate, 0);
        let text = std::fs::read_to_string(&path).expect("pairs");
        let with_lang: String = text
            .lines()
            .map(|l| {
                let mut v: Value = serde_json::from_str(l).expect("row");
                v["lang"] = "en".into();
                format!("{v}\n")
            })
            .collect();
        std::fs::write(&path, with_lang).expect("write");
        path
    };
    let (good, bad) = (write("g.jsonl", false), write("b.jsonl", true));
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    save(&good, &a, &[]);
    save(&bad, &b, &[]);
    let out = tomtat()
        .args(["compare", "--trials", "2000", "--format", "md"])
        .arg(&a)
        .arg(&b)
        .output()
        .expect("runs");
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.contains("#### Worst examples"), "{md}");
    assert!(md.contains("` (en) (Δ"), "{md}");
    assert!(!md.contains(" (en)`"), "{md}");
}

/// Issue 33: runs of different metric sets compare on the metric named (or on those both
/// have, with a note); under `--refs best-first` the first metric picks the reference, so
/// there the sets must match.
#[test]
fn runs_with_different_metric_sets_compare_on_the_shared_metric() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (good, bad) = (
        pairs_file(dir.path(), "g.jsonl", false, 0),
        pairs_file(dir.path(), "b.jsonl", true, 0),
    );
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    save(&good, &a, &["--metrics", "rouge1,rouge2"]);
    save(&bad, &b, &["--metrics", "rouge2,rougeL"]);
    let (code, v) = compare_json(&a, &b, &["--metric", "rouge2"]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["metrics"][0]["metric"], "rouge2");
    let (_, all) = compare_json(&a, &b, &[]);
    assert_eq!(all["metrics"].as_array().map(Vec::len), Some(1), "{all}");
    let notes = all["notes"].to_string();
    assert!(notes.contains("not in both: rouge1, rougeL"), "{notes}");
    let (c, d) = (dir.path().join("c.json"), dir.path().join("d.json"));
    save(
        &good,
        &c,
        &["--metrics", "rouge1,rouge2", "--refs", "best-first"],
    );
    save(
        &bad,
        &d,
        &["--metrics", "rouge2,rouge1", "--refs", "best-first"],
    );
    let (code, _) = compare_json(&c, &d, &["--metric", "rouge2"]);
    assert_eq!(code, 2);
}

/// Issue 33: the significance level is `--level`; `--alpha` stays its alias for scripts, and
/// an error names `--level`.
#[test]
fn level_names_the_significance_level_and_alpha_stays_its_alias() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (a, b) = good_and_bad_runs(dir.path(), &[]);
    let (_, level) = compare_json(&a, &b, &["--level", "0.01"]);
    let (_, alpha) = compare_json(&a, &b, &["--alpha", "0.01"]);
    assert_eq!(level, alpha);
    assert_eq!(level["alpha"], 0.01);
    let out = tomtat()
        .args(["compare", "--level", "2"])
        .arg(&a)
        .arg(&b)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--level must be in (0, 1]"));
}

/// Issue 33: the Markdown and JUnit reports of a regression show the worst examples with a
/// one-line base/new/reference snippet each, and JUnit's failure carries the signature.
#[test]
fn regression_reports_show_worst_examples_with_snippets_and_the_signature() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (a, b) = good_and_bad_runs(dir.path(), &[]);
    let render = |format: &str| {
        let out = tomtat()
            .args([
                "compare", "--trials", "2000", "--metric", "rouge1", "--format", format,
            ])
            .arg(&a)
            .arg(&b)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let md = render("md");
    let snippets: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("- `ex") && l.contains(" · new “") && l.contains("reference “"))
        .collect();
    assert_eq!(snippets.len(), 5, "{md}");
    assert!(
        snippets.iter().all(|l| l.chars().count() < 260),
        "one clipped line each"
    );
    let junit = render("junit");
    let failure = junit.split("<failure").nth(1).expect("a failure element");
    assert!(failure.contains("worst examples:"), "{failure}");
    // Line breaks inside the element are written as character references.
    assert!(
        failure.contains("&#10;  ex") && failure.contains("base: "),
        "{failure}"
    );
    assert!(failure.contains("signature: profile:en-v1|"), "{failure}");
    // Saved without texts: the ids stay, the snippets go.
    let plain = tempfile::tempdir().expect("temp dir");
    let (c, d) = good_and_bad_runs(plain.path(), &["--no-texts"]);
    let out = tomtat()
        .args([
            "compare", "--trials", "2000", "--metric", "rouge1", "--format", "md",
        ])
        .arg(&c)
        .arg(&d)
        .output()
        .expect("runs");
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(
        md.contains("the worst: `ex") && !md.contains(" · new “"),
        "{md}"
    );
}
