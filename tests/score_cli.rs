//! `tomtat score --pairs` through the real binary.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn tomtat() -> Command {
    Command::cargo_bin("tomtat").expect("binary built")
}

fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).expect("write fixture");
    path
}

const VI_PAIRS: &str = r#"{"id":"a","candidate":"Nga và Mỹ đàm phán ở Geneva.\nKhông có đột phá.","reference":"Mỹ và Nga đàm phán tại Geneva.\nHai bên không đạt đột phá."}
{"id":"b","candidate":"Ukraine lo ngại.","references":["Ukraine lo ngại về quân đội Nga.","Kiev lo lắng."]}
{"id":"c","candidate":"Hòa bình","reference":"hoà bình"}
"#;

fn run_json(args: &[&str]) -> Value {
    let out = tomtat().args(args).assert().success();
    serde_json::from_slice(&out.get_output().stdout).expect("JSON report")
}

#[test]
fn json_report_has_the_documented_shape() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pairs = write(dir.path(), "p.jsonl", VI_PAIRS);
    let report = run_json(&["score", "--pairs", pairs.to_str().unwrap_or_default()]);
    assert_eq!(report["tool"], "tomtat");
    assert_eq!(report["schema"], 2);
    assert_eq!(report["signature_fields"]["bmethod"], "poisson-v1");
    assert_eq!(report["count"], 3);
    assert_eq!(
        report["examples"],
        serde_json::json!({"input": 3, "scored": 3, "skipped": 0, "failed": 0, "skipped_by_reason": {}})
    );
    assert!(
        report["signature"]
            .as_str()
            .unwrap_or("")
            .starts_with("profile:vi-v1|")
    );
    assert_eq!(report["signature_fields"]["refs"], "max");
    for metric in ["rouge1", "rouge2", "rougeL", "rougeLsum"] {
        for stat in ["precision", "recall", "fmeasure"] {
            let s = &report["metrics"][metric][stat];
            let (mean, low, high) = (s["mean"].as_f64(), s["low"].as_f64(), s["high"].as_f64());
            let (Some(mean), Some(low), Some(high)) = (mean, low, high) else {
                panic!("{metric}.{stat} lacks mean/low/high: {s}");
            };
            assert!(low <= mean + 1e-12 && mean <= high + 1e-12 && (0.0..=1.0).contains(&mean));
        }
    }
    assert_eq!(report["fingerprint"]["count"], 3);
    assert_eq!(
        report["fingerprint"]["ids"].as_str().map(str::len),
        Some(64)
    );
    // "Hòa bình" and "hoà bình" are the same text under vi-v1.
    let per = dir.path().join("per.jsonl");
    tomtat()
        .args([
            "score",
            "--pairs",
            pairs.to_str().unwrap_or_default(),
            "--per-example",
        ])
        .arg(&per)
        .assert()
        .success();
    let lines: Vec<Value> = std::fs::read_to_string(&per)
        .expect("per-example file")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let ids: Vec<&str> = lines.iter().filter_map(|l| l["id"].as_str()).collect();
    assert_eq!(ids, ["a", "b", "c"]);
    assert_eq!(lines[2]["rouge2"]["fmeasure"], 1.0);
}

/// A pairs file (JSONL, ids "0", "1", …) from a rouge-score fixture part, with the fixture's
/// rows for the expected values.
fn fixture_pairs(dir: &Path, fixture: &str) -> (PathBuf, Vec<Value>) {
    let rows: Vec<Value> = fixture
        .lines()
        .map(|l| serde_json::from_str(l).expect("fixture"))
        .collect();
    let content: String = rows
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let row = serde_json::json!({"id": i.to_string(), "candidate": v["candidate"], "references": v["references"]});
            format!("{row}\n")
        })
        .collect();
    (write(dir, "p.jsonl", &content), rows)
}

#[test]
fn thread_counts_give_byte_identical_reports() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (pairs, _) = fixture_pairs(
        dir.path(),
        include_str!("fixtures/rouge_score_scores/part1.jsonl"),
    );
    let report = |threads: &str| {
        let out = tomtat()
            .args([
                "score",
                "--format",
                "json",
                "--metrics",
                "rouge1,rouge2,rougeL,rougeLsum,rougeW,rougeSU4",
            ])
            .args([
                "--pairs",
                pairs.to_str().unwrap_or_default(),
                "--threads",
                threads,
            ])
            .assert()
            .success();
        out.get_output().stdout.clone()
    };
    let one = report("1");
    assert!(!one.is_empty());
    assert_eq!(one, report("1"), "repeated runs");
    assert_eq!(one, report("2"));
    assert_eq!(one, report("4"));
}

#[test]
fn binary_reproduces_rouge_score_per_example() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (pairs, rows) = fixture_pairs(
        dir.path(),
        include_str!("fixtures/rouge_score_scores/part0.jsonl"),
    );
    let expected: Vec<Value> = rows.iter().map(|v| v["stem"].clone()).collect();
    let per = dir.path().join("per.jsonl");
    let metrics = "rouge1,rouge2,rouge3,rouge4,rouge5,rouge6,rouge7,rouge8,rouge9,rougeL,rougeLsum";
    tomtat()
        .args([
            "score",
            "--profile",
            "rouge-score",
            "--stem",
            "--bootstrap",
            "0",
            "--metrics",
            metrics,
        ])
        .args(["--pairs", pairs.to_str().unwrap_or_default(), "-o"])
        .arg(dir.path().join("report.json"))
        .arg("--per-example")
        .arg(&per)
        .assert()
        .success();
    let text = std::fs::read_to_string(&per).expect("per-example");
    let mut n = 0;
    for (line, want) in text.lines().zip(&expected) {
        let got: Value = serde_json::from_str(line).expect("JSON line");
        for m in metrics.split(',') {
            for (k, stat) in ["precision", "recall", "fmeasure"].iter().enumerate() {
                let g = got[m][stat].as_f64().unwrap_or(f64::NAN);
                let w = want[m][k].as_f64().unwrap_or(f64::NAN);
                assert!(
                    (g - w).abs() <= 1e-12,
                    "{} {m} {stat}: {g} vs {w}",
                    got["id"]
                );
                n += 1;
            }
        }
    }
    assert_eq!(n, 500 * 11 * 3);
}

#[test]
fn csv_input_and_other_formats() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pairs = write(
        dir.path(),
        "p.csv",
        "id,candidate,reference,reference2\n1,\"the cat, it sat\",the cat sat,a cat sat\n2,dogs run,the dogs run,\n",
    );
    let p = pairs.to_str().unwrap_or_default();
    tomtat()
        .args(["score", "--pairs", p, "--format", "csv", "--bootstrap", "0"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "metric,statistic,mean,low,high\nrouge1,precision,",
        ));
    tomtat()
        .args(["score", "--pairs", p, "--format", "md"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("| rouge1 |")
                .and(predicate::str::contains("Signature: `profile:en-v1|")),
        );
    tomtat()
        .args(["score", "--pairs", p, "--format", "table"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("rougeLsum")
                .and(predicate::str::contains("signature: profile:en-v1")),
        );
}

#[test]
fn lsum_without_line_breaks_warns_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pairs = write(
        dir.path(),
        "p.jsonl",
        "{\"id\":\"1\",\"candidate\":\"a b\",\"reference\":\"a c\"}\n",
    );
    let out = tomtat()
        .args(["score", "--pairs", pairs.to_str().unwrap_or_default()])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert_eq!(
        stderr.matches("rougeLsum equals rougeL").count(),
        1,
        "{stderr}"
    );
    let report: Value = serde_json::from_slice(&out.get_output().stdout).expect("JSON");
    assert!(
        report["warnings"][0]
            .as_str()
            .unwrap_or("")
            .contains("rougeLsum equals rougeL")
    );
}

#[test]
fn bad_options_exit_2_with_one_clear_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pairs = write(dir.path(), "p.jsonl", VI_PAIRS);
    let p = pairs.to_str().unwrap_or_default();
    let cases: [(&[&str], &str); 5] = [
        (&["--metrics", "rouge1,bleu"], "unknown metric 'bleu'"),
        (&["--alpha", "2"], "--alpha must be between 0 and 1"),
        (
            &["--bootstrap", "-1"],
            "invalid value '-1' for '--bootstrap",
        ),
        (
            &["-o", "/nonexistent/dir/r.json"],
            "/nonexistent/dir does not exist",
        ),
        (
            &["--profile", "en", "--fold-diacritics"],
            "--fold-diacritics applies only",
        ),
    ];
    for (args, message) in cases {
        tomtat()
            .args(["score", "--pairs", p])
            .args(args)
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains(message).and(predicate::str::contains("panicked").not()),
            );
    }
}

#[test]
fn bad_input_names_file_line_and_field() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = write(
        dir.path(),
        "bad.jsonl",
        "{\"id\":\"1\",\"candidate\":\"a\",\"reference\":\"b\"}\n{\"id\":[2],\"candidate\":\"a\",\"reference\":\"b\"}\n",
    );
    tomtat()
        .args(["score", "--pairs", bad.to_str().unwrap_or_default()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "bad.jsonl:2: field 'id' must be a string or a whole number, not a list",
        ));
    let unknown = write(dir.path(), "pairs.txt", "x");
    tomtat()
        .args(["score", "--pairs", unknown.to_str().unwrap_or_default()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--input-format"));
}

/// Runs `score` on `pairs` with a given chunk size; returns the report, per-example and run
/// file bytes.
fn outputs_with_chunk(dir: &Path, pairs: &Path, chunk: &str) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let per_example = dir.join(format!("pe-{chunk}.jsonl"));
    let save = dir.join(format!("run-{chunk}.json"));
    let out = tomtat()
        .args(["score", "--format", "json", "--threads", "2"])
        .args(["--pairs", pairs.to_str().unwrap_or_default()])
        .args(["--chunk-bytes", chunk])
        .args(["--per-example", per_example.to_str().unwrap_or_default()])
        .args(["--save", save.to_str().unwrap_or_default()])
        .assert()
        .success();
    (
        out.get_output().stdout.clone(),
        std::fs::read(&per_example).expect("per-example written"),
        std::fs::read(&save).expect("run written"),
    )
}

#[test]
fn chunk_size_does_not_change_any_output() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (pairs, rows) = fixture_pairs(
        dir.path(),
        include_str!("fixtures/rouge_score_scores/part1.jsonl"),
    );
    let whole = outputs_with_chunk(dir.path(), &pairs, "100000000");
    for chunk in ["1", "5000"] {
        let chunked = outputs_with_chunk(dir.path(), &pairs, chunk);
        assert_eq!(whole.0, chunked.0, "report, chunk {chunk}");
        assert_eq!(whole.1, chunked.1, "per-example, chunk {chunk}");
        assert_eq!(whole.2, chunked.2, "run file, chunk {chunk}");
    }
    let per_example = String::from_utf8(whole.1).expect("UTF-8");
    assert_eq!(per_example.lines().count(), rows.len());
    let run: Value = serde_json::from_slice(&whole.2).expect("run file is JSON");
    assert_eq!(
        run["examples"].as_array().map(Vec::len),
        Some(rows.len()),
        "every example saved"
    );
}

#[test]
fn duplicate_id_in_a_later_chunk_fails_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut text = String::new();
    for i in 0..50 {
        text.push_str(&format!(
            "{{\"id\":\"{}\",\"candidate\":\"a b\",\"reference\":\"a c\"}}\n",
            i % 40
        ));
    }
    let pairs = write(dir.path(), "dup.jsonl", &text);
    let per_example = dir.path().join("pe.jsonl");
    let report = dir.path().join("r.json");
    tomtat()
        .args(["score", "--pairs", pairs.to_str().unwrap_or_default()])
        .args(["--chunk-bytes", "100"])
        .args(["-o", report.to_str().unwrap_or_default()])
        .args(["--per-example", per_example.to_str().unwrap_or_default()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "dup.jsonl:41: duplicate id '0' (first seen at line 1)",
        ));
    assert!(!per_example.exists() && !report.exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .filter(|n| n.to_string_lossy().starts_with(".tomtat-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let line = "{\"id\":\"ID\",\"candidate\":\"Nga và Mỹ đàm phán ở Geneva.\",\"reference\":\"Mỹ và Nga đàm phán tại Geneva.\"}\n";
    let text: String = (0..70_000)
        .map(|i| line.replace("ID", &i.to_string()))
        .collect();
    assert!(text.len() > 4 << 20, "large enough for a bar on a terminal");
    let pairs = write(dir.path(), "big.jsonl", &text);
    tomtat()
        .args(["score", "--pairs", pairs.to_str().unwrap_or_default()])
        .args([
            "--bootstrap",
            "0",
            "--metrics",
            "rouge1",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("scoring").not());
}

#[test]
fn candidates_in_another_language_than_their_references_are_warned_about() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cross = write(
        dir.path(),
        "cross.jsonl",
        "{\"id\":\"1\",\"candidate\":\"Ministers met in Geneva without a breakthrough\",\"reference\":\"Ngoại trưởng hai nước gặp nhau tại Geneva\"}\n",
    );
    tomtat()
        .args(["score", "--bootstrap", "0", "--pairs", cross.to_str().unwrap_or_default()])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "1 of 1 candidates read as another language than their references (id '1': en against vi)",
        ));
    let same = write(
        dir.path(),
        "same.jsonl",
        "{\"id\":\"1\",\"candidate\":\"Hai bên không đạt được đột phá\",\"reference\":\"Ngoại trưởng hai nước gặp nhau tại Geneva\"}\n",
    );
    tomtat()
        .args([
            "score",
            "--bootstrap",
            "0",
            "--pairs",
            same.to_str().unwrap_or_default(),
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("another language").not());
}

/// The language check reads a bounded sample (at most 200 pairs spread through the input,
/// 400 bytes of each text: it took 77% of a run on long texts when it read everything), and
/// still warns on long texts and on large runs where one pair in five is cross-lingual, and
/// stays quiet when all are in one language.
#[test]
fn language_mismatch_warning_reads_a_bounded_sample_and_still_fires() {
    let dir = tempfile::tempdir().expect("temp dir");
    let vi =
        "Ngoại trưởng hai nước gặp nhau tại Geneva hôm thứ Hai và không đạt được đột phá nào. "
            .repeat(30);
    let en = "The foreign ministers of the two countries met in Geneva on Monday without a breakthrough. "
        .repeat(30);
    let lines = |cross_every: usize| -> String {
        (0..1000)
            .map(|i| {
                let candidate = if cross_every > 0 && i % cross_every == 3 { &en } else { &vi };
                format!(
                    "{}\n",
                    serde_json::json!({"id": i.to_string(), "candidate": candidate, "reference": vi})
                )
            })
            .collect()
    };
    let mixed = write(dir.path(), "mixed.jsonl", &lines(5));
    let out = tomtat()
        .args([
            "score",
            "--bootstrap",
            "0",
            "--metrics",
            "rouge1",
            "--pairs",
        ])
        .arg(&mixed)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    // About one in five of the 200 sampled pairs, named by one of the cross-lingual ids.
    let warned = stderr
        .split("tomtat: warning: ")
        .nth(1)
        .and_then(|w| w.split_once(" of 200 candidates read as another language"))
        .and_then(|(n, rest)| Some((n.parse::<usize>().ok()?, rest)));
    let (n, rest) = warned.unwrap_or_else(|| panic!("no warning: {stderr}"));
    assert!((20..=60).contains(&n), "{stderr}");
    let id: usize = rest
        .split("(id '")
        .nth(1)
        .and_then(|r| r.split('\'').next())
        .and_then(|i| i.parse().ok())
        .unwrap_or_else(|| panic!("no id: {stderr}"));
    assert_eq!(id % 5, 3, "{stderr}");
    assert!(rest.contains("en against vi"), "{stderr}");
    let same = write(dir.path(), "same.jsonl", &lines(0));
    let out = tomtat()
        .args([
            "score",
            "--bootstrap",
            "0",
            "--metrics",
            "rouge1",
            "--pairs",
        ])
        .arg(&same)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("another language"), "{stderr}");
}

/// Issue 32: a pairs file with other field names (`pred`/`gold`) is refused with the fields
/// the row has and the flags that read them; with those flags it scores.
#[test]
fn other_field_names_are_listed_with_the_flags_that_read_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pairs = write(
        dir.path(),
        "preds.jsonl",
        "{\"id\":\"1\",\"pred\":\"Nga và Mỹ đàm phán\",\"gold\":\"Mỹ và Nga đàm phán\"}\n",
    );
    let out = tomtat()
        .args(["score", "--pairs"])
        .arg(&pairs)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("this row also has 'pred', 'gold'"), "{err}");
    assert!(err.contains("--candidate-field NAME") && err.contains("--reference-field NAME"));
    tomtat()
        .args(["score", "--pairs"])
        .arg(&pairs)
        .args(["--candidate-field", "pred", "--reference-field", "gold"])
        .assert()
        .success();
}
