//! `--refs best-first` and `--refs avg` against torchmetrics' accumulate="best"/"avg",
//! computed as torchmetrics' own tests compute them (rouge-score per reference plus the
//! accumulation rule: `scripts/gen_torchmetrics_refs_fixtures.py`), on 300 generated English
//! examples with 2-4 references each, through the binary with `--profile rouge-score`.

mod common;

use serde_json::Value;

const KEYS: [&str; 4] = ["rouge1", "rouge2", "rougeL", "rougeLsum"];

fn per_example(mode: &str) -> (Vec<Value>, Vec<Value>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let pairs = dir.path().join("pairs.jsonl");
    std::fs::write(&pairs, include_str!("fixtures/torchmetrics_refs.jsonl")).expect("write");
    let out = common::stdout_of_success(
        common::tomtat()
            .args(["score", "--profile", "rouge-score", "--refs", mode])
            .args([
                "--bootstrap",
                "0",
                "--format",
                "json",
                "--per-example",
                "-",
                "-o",
            ])
            .arg(dir.path().join("report.json"))
            .arg("--pairs")
            .arg(&pairs),
    );
    let got = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    let want = include_str!("fixtures/torchmetrics_refs.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).expect("fixture"))
        .collect();
    (got, want)
}

fn check(mode: &str, field: &str) {
    let (got, want) = per_example(mode);
    assert_eq!(got.len(), 300);
    for (g, w) in got.iter().zip(&want) {
        for key in KEYS {
            for (k, stat) in ["precision", "recall", "fmeasure"].iter().enumerate() {
                let (a, b) = (
                    g[key][stat].as_f64().unwrap_or(-1.0),
                    w[field][key][k].as_f64().unwrap_or(-2.0),
                );
                assert!(
                    (a - b).abs() <= 1e-12,
                    "{} {key} {stat}: {a} vs {b}",
                    w["id"]
                );
            }
        }
    }
}

#[test]
fn refs_best_first_equals_torchmetrics_accumulate_best() {
    check("best-first", "best");
}

#[test]
fn refs_avg_equals_torchmetrics_accumulate_avg() {
    check("avg", "avg");
}

#[test]
fn best_first_needs_a_rouge_metric_first_and_is_signed() {
    let out = common::tomtat()
        .args(["signature", "--refs", "best-first", "--json"])
        .output()
        .expect("runs");
    let fields: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(fields["refs"], "best-first");
    let out = common::tomtat()
        .args([
            "signature",
            "--refs",
            "best-first",
            "--metrics",
            "chrF,rouge1",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--refs best-first"));
}
