//! `tomtat leaderboard` through the real binary: its pairs are `compare`'s bit for bit, its
//! clusters follow the significant differences, and runs that do not compare are refused.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn tomtat() -> Command {
    Command::cargo_bin("tomtat").expect("binary built")
}

/// Candidates of the 500 English fixture pairs, cut to `keep(i, words)` words.
fn pairs_file(
    dir: &Path,
    name: &str,
    skip: usize,
    lang: bool,
    keep: impl Fn(usize, usize) -> usize,
) -> PathBuf {
    let mut out = String::new();
    for (i, line) in include_str!("fixtures/rouge_score_scores/part2.jsonl")
        .lines()
        .enumerate()
        .skip(skip)
    {
        let v: Value = serde_json::from_str(line).expect("fixture");
        let words: Vec<&str> = v["candidate"].as_str().unwrap_or("").split(' ').collect();
        let cand = words[..keep(i, words.len()).min(words.len())].join(" ");
        let mut row = serde_json::json!({"id": format!("ex{i}"), "candidate": cand, "references": v["references"]});
        if lang {
            row["lang"] = Value::from(if i % 3 == 0 { "en" } else { "vi" });
        }
        out.push_str(&format!("{row}\n"));
    }
    let path = dir.join(name);
    std::fs::write(&path, out).expect("write pairs");
    path
}

fn save(pairs: &Path, run: &Path, extra: &[&str]) {
    tomtat()
        .args(["score", "--profile", "en", "--bootstrap", "200", "--pairs"])
        .arg(pairs)
        .arg("--save")
        .arg(run)
        .args(["-o", "/dev/null"])
        .args(extra)
        .assert()
        .success();
}

/// How many of a candidate's words a system keeps, from the example's index and word count.
type Keep = dyn Fn(usize, usize) -> usize;

/// Runs `good` (the fixture), `worse` (every candidate cut to half) and `mixed` (every third
/// cut to a third), in `dir`.
fn three_runs(dir: &Path) -> Vec<PathBuf> {
    let specs: [(&str, &Keep); 3] = [
        ("good", &|_, n| n),
        ("worse", &|_, n| n / 2),
        ("mixed", &|i, n| if i % 3 == 0 { n / 3 } else { n }),
    ];
    specs
        .iter()
        .map(|(name, keep)| {
            let pairs = pairs_file(dir, &format!("{name}.jsonl"), 0, false, keep);
            let run = dir.join(format!("{name}.json"));
            save(&pairs, &run, &[]);
            run
        })
        .collect()
}

/// The JSON a command prints; exit 0, or 1 for a `compare` that found a regression.
fn json_of(args: &[&std::ffi::OsStr]) -> Value {
    let out = tomtat().args(args).output().expect("runs");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

fn board(runs: &[PathBuf], extra: &[&str]) -> Value {
    let mut args: Vec<&std::ffi::OsStr> = vec!["leaderboard".as_ref()];
    args.extend(runs.iter().map(|p| p.as_os_str()));
    args.extend(["--format", "json", "--trials", "2000"].map(std::ffi::OsStr::new));
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    json_of(&args)
}

fn system<'a>(b: &'a Value, name: &str) -> &'a Value {
    b["systems"]
        .as_array()
        .and_then(|s| s.iter().find(|x| x["name"] == name))
        .unwrap_or_else(|| panic!("no system {name} in {b}"))
}

#[test]
fn every_pair_equals_compare_bit_for_bit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let runs = three_runs(dir.path());
    let b = board(&runs, &[]);
    let pairs = b["pairs"].as_array().expect("pairs");
    assert_eq!(pairs.len(), 3 * 4, "3 pairs × 4 metrics");
    for (i, j) in [(0, 1), (0, 2), (1, 2)] {
        let c = json_of(&[
            "compare".as_ref(),
            runs[i].as_os_str(),
            runs[j].as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
            "--trials".as_ref(),
            "2000".as_ref(),
        ]);
        let name = |k: usize| runs[k].file_stem().unwrap().to_string_lossy().into_owned();
        for m in c["metrics"].as_array().expect("metrics") {
            let p = pairs
                .iter()
                .find(|p| p["a"] == name(i) && p["b"] == name(j) && p["metric"] == m["metric"])
                .expect("the pair is on the board");
            for field in [
                "delta",
                "ci_low",
                "ci_high",
                "p_bootstrap",
                "p_randomization",
                "wins",
                "ties",
                "losses",
            ] {
                assert_eq!(p[field], m[field], "{field} of {} vs {}", name(i), name(j));
            }
        }
    }
    // Holm runs across the three pairs of a metric: never below the raw p-value.
    assert!(
        pairs
            .iter()
            .all(|p| p["p_holm"].as_f64() >= p["p_randomization"].as_f64())
    );
    assert_eq!(b["ranked_by"], "rouge1");
    assert_eq!(system(&b, "good")["rank"], 1);
}

#[test]
fn identical_runs_share_a_cluster_and_a_clearly_worse_run_sits_below() {
    let dir = tempfile::tempdir().expect("tempdir");
    let runs = three_runs(dir.path());
    let twin = dir.path().join("twin.json");
    std::fs::copy(&runs[0], &twin).expect("copy");
    let b = board(&[runs[0].clone(), twin, runs[1].clone()], &[]);
    assert_eq!(system(&b, "good")["cluster"], 1);
    assert_eq!(system(&b, "twin")["cluster"], 1);
    assert_eq!(system(&b, "worse")["cluster"], 2);
    assert_eq!(system(&b, "worse")["rank_range"], serde_json::json!([3, 3]));
    assert_eq!(system(&b, "good")["rank_range"], serde_json::json!([1, 2]));
    let same = b["pairs"]
        .as_array()
        .and_then(|p| p.iter().find(|p| p["a"] == "good" && p["b"] == "twin"))
        .expect("pair");
    assert_eq!(same["delta"], 0.0);
    assert_eq!(same["p_randomization"], 1.0);
    assert_eq!(system(&b, "worse")["losses"], 2);
    assert_eq!(system(&b, "good")["wins"], 1);
}

#[test]
fn a_run_on_other_examples_is_refused_naming_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let runs = three_runs(dir.path());
    let fewer = pairs_file(dir.path(), "fewer.jsonl", 10, false, |_, n| n);
    let odd = dir.path().join("odd.json");
    save(&fewer, &odd, &[]);
    tomtat()
        .arg("leaderboard")
        .args([&runs[0], &runs[1], &odd])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("run 'odd'").and(predicate::str::contains(
                "different examples: 500 in base, 490 in new, 490 in both",
            )),
        );
}

#[test]
fn a_run_scored_differently_is_refused_naming_the_difference() {
    let dir = tempfile::tempdir().expect("tempdir");
    let runs = three_runs(dir.path());
    let pairs = pairs_file(dir.path(), "stemmed.jsonl", 0, false, |_, n| n);
    let stemmed = dir.path().join("stemmed.json");
    save(&pairs, &stemmed, &["--stem"]);
    tomtat()
        .arg("leaderboard")
        .args([&runs[0], &stemmed])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("run 'stemmed'").and(predicate::str::contains("stem")));
    tomtat()
        .arg("leaderboard")
        .args([&runs[0], &runs[1]])
        .args(["--metric", "rouge3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "metric 'rouge3' is not in run 'good'",
        ));
}

#[test]
fn a_baseline_is_tested_against_every_run_and_nothing_else() {
    let dir = tempfile::tempdir().expect("tempdir");
    let runs = three_runs(dir.path());
    let b = board(
        &runs[..2],
        &[
            "--baseline",
            runs[2].to_str().expect("utf-8 path"),
            "--metric",
            "rouge2",
        ],
    );
    let pairs = b["pairs"].as_array().expect("pairs");
    assert_eq!(pairs.len(), 2);
    assert!(
        pairs
            .iter()
            .all(|p| p["a"] == "mixed" && p["metric"] == "rouge2")
    );
    assert_eq!(b["baseline"], "mixed");
    assert_eq!(b["systems"].as_array().map(Vec::len), Some(3));
    assert!(b["systems"][0]["cluster"].is_null());
    assert_eq!(b["metrics"], serde_json::json!(["rouge2"]));
    // A baseline among the runs, spelled another way, is that run: not a fourth system.
    let spelled = dir.path().join(".").join("good.json");
    let among = board(
        &runs,
        &["--baseline", spelled.to_str().expect("utf-8 path")],
    );
    assert_eq!(among["systems"].as_array().map(Vec::len), Some(3));
    assert_eq!(among["baseline"], "good");
}

#[test]
fn runs_of_several_languages_get_a_board_per_language() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut runs = Vec::new();
    for (name, half) in [("full", false), ("half", true)] {
        let pairs = pairs_file(dir.path(), &format!("{name}.jsonl"), 0, true, |_, n| {
            if half { n / 2 } else { n }
        });
        let run = dir.path().join(format!("{name}.json"));
        save(&pairs, &run, &[]);
        runs.push(run);
    }
    let b = board(&runs, &[]);
    let blocks = b["languages"].as_array().expect("language blocks");
    let langs: Vec<&str> = blocks.iter().filter_map(|l| l["lang"].as_str()).collect();
    assert_eq!(langs, ["en", "vi"]);
    let counts: u64 = blocks.iter().filter_map(|l| l["count"].as_u64()).sum();
    assert_eq!(counts, 500);
    assert_eq!(blocks[0]["pairs"].as_array().map(Vec::len), Some(4));
    // The table shows each block under its language.
    tomtat()
        .arg("leaderboard")
        .args(&runs)
        .args(["--trials", "500"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\nen (167 examples)\n"));
}

#[test]
fn names_reach_csv_markdown_and_the_terminal_defused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let runs = three_runs(dir.path());
    let run = |format: &str| {
        let out = tomtat()
            .arg("leaderboard")
            .args(&runs[..2])
            .args(["--name", "=HYPERLINK(\"x\")", "--name", "\u{1b}[31mred|x"])
            .args(["--trials", "500", "--format", format])
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let csv = run("csv");
    assert!(
        csv.starts_with("lang,system,rank,rank_low,rank_high,cluster,wins,ties,losses,rouge1_mean")
    );
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    let md = run("md");
    assert!(md.contains("red\\|x") && !md.contains('\u{1b}'), "{md}");
    let table = run("table");
    assert!(!table.contains('\u{1b}'), "{table}");
    tomtat()
        .arg("leaderboard")
        .args(&runs[..2])
        .args(["--name", "one"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("one name per RUN"));
}

#[test]
fn the_page_sends_a_text_several_systems_share_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let runs = three_runs(dir.path());
    let page = dir.path().join("board.html");
    tomtat()
        .arg("leaderboard")
        .args(&runs)
        .args(["--trials", "200", "--format", "html", "-o"])
        .arg(&page)
        .assert()
        .success();
    let html = std::fs::read_to_string(&page).expect("page");
    let mut data = common::page_data(&html, "tomtat-board");
    let rows = data["rows"].as_array_mut().expect("rows");
    // `mixed` keeps two thirds of `good`'s candidates whole: those are sent as numbers.
    let numbers = rows
        .iter()
        .flat_map(|r| r["s"].as_array().into_iter().flatten())
        .filter_map(|s| s["c"].as_array())
        .flatten()
        .filter(|p| p.is_u64())
        .count();
    assert!(numbers > 250, "{numbers} shared sentences sent as numbers");
    tomtat::report::repeats::expand(rows);
    let run: Value =
        serde_json::from_str(&std::fs::read_to_string(&runs[2]).expect("run")).expect("json");
    let order = data["systems"]
        .as_array()
        .and_then(|s| s.iter().position(|n| n == "mixed"))
        .expect("mixed is on the board");
    for (row, example) in data["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .zip(run["examples"].as_array().expect("examples"))
    {
        assert_eq!(row["s"][order]["c"], example["texts"]["candidate"]);
        assert_eq!(row["r"], example["texts"]["references"]);
    }
}
