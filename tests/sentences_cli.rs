//! `--sentences lines|split` (issue 32): one option for rougeLsum, baselines and `dataset
//! stats`, recorded in the signature; `--split-sentences` stays its alias; a data set's own
//! record (`dataset.json`) is the default.

mod common;

use common::{abmusu_set, json_report, stdout_of_success, tomtat, write_jsonl};
use serde_json::{Value, json};
use std::path::Path;

/// An AbMuSu-shaped set (one line per cluster, a multi-sentence summary on one line).
fn abmusu(root: &Path) -> std::path::PathBuf {
    let row = json!({
        "single_documents": [{
            "title": "Đàm phán an ninh",
            "anchor_text": "Nga và Mỹ đàm phán ở Geneva. Hai bên không đạt đột phá.",
            "raw_text": "Cuộc họp kéo dài tám giờ. Ông Ryabkov nói Nga không có ý định tấn công Ukraine. Bà Sherman nói Mỹ sẵn sàng đối thoại."
        }],
        "summary": "Nga và Mỹ đàm phán ở Geneva tám giờ. Hai bên không đạt đột phá. Mỹ sẵn sàng đối thoại.",
        "category": "Thế giới"
    });
    abmusu_set(root, "abmusu", &[row])
}

fn stat(dir: &Path, extra: &[&str], figure: &str) -> f64 {
    let out = stdout_of_success(
        tomtat()
            .args(["dataset", "stats", "--format", "json"])
            .arg(dir)
            .args(extra),
    );
    let v: Value = serde_json::from_str(&out).expect("JSON");
    v["summary"]
        .as_array()
        .and_then(|s| s.iter().find(|f| f["figure"] == figure))
        .and_then(|f| f["mean"].as_f64())
        .unwrap_or(f64::NAN)
}

#[test]
fn dataset_stats_count_sentences_where_the_set_says_split() {
    let root = tempfile::tempdir().expect("temp dir");
    let set = abmusu(root.path());
    let record: Value =
        serde_json::from_str(&std::fs::read_to_string(set.join("dataset.json")).expect("record"))
            .expect("JSON");
    assert_eq!(record["sentences"], "split");
    assert_eq!(stat(&set, &[], "reference_sentences"), 3.0);
    assert_eq!(
        stat(&set, &["--sentences", "lines"], "reference_sentences"),
        1.0
    );
}

#[test]
fn the_record_chooses_rouge_lsum_units_and_the_flag_overrides_it() {
    let root = tempfile::tempdir().expect("temp dir");
    let set = abmusu(root.path());
    let run = |extra: &[&str]| {
        json_report(
            tomtat()
                .args([
                    "score",
                    "--baseline",
                    "lead-1",
                    "--format",
                    "json",
                    "--dataset",
                ])
                .arg(&set)
                .args(["--bootstrap", "0"])
                .args(extra),
        )
    };
    let recorded = run(&[]);
    assert_eq!(recorded["signature_fields"]["sent"], "split-v2");
    let lines = run(&["--sentences", "lines"]);
    assert_eq!(lines["signature_fields"]["sent"], "lines");
    // The record gives what `--sentences split` gives; one-line references make rougeLsum on
    // lines rougeL's twin, on split sentences not.
    let split = run(&["--sentences", "split"]);
    assert_eq!(recorded["metrics"], split["metrics"]);
    assert_eq!(recorded["signature"], split["signature"]);
    assert_ne!(
        recorded["metrics"]["rougeLsum"],
        lines["metrics"]["rougeLsum"]
    );
}

#[test]
fn split_sentences_is_an_alias_and_both_at_once_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pairs = dir.path().join("p.jsonl");
    write_jsonl(
        &pairs,
        &[
            json!({"id": "1", "candidate": "Hai bên gặp nhau. Không có kết quả.", "reference": "Hai bên gặp nhau ở Geneva. Không đạt kết quả nào."}),
        ],
    );
    let run = |flags: &[&str]| {
        json_report(
            tomtat()
                .args(["score", "--format", "json", "--bootstrap", "0", "--pairs"])
                .arg(&pairs)
                .args(flags),
        )
    };
    let alias = run(&["--split-sentences"]);
    let named = run(&["--sentences", "split"]);
    assert_eq!(alias["metrics"], named["metrics"]);
    assert_eq!(alias["signature"], named["signature"]);
    assert_eq!(run(&[])["signature_fields"]["sent"], "lines");
    tomtat()
        .args(["score", "--pairs"])
        .arg(&pairs)
        .args(["--split-sentences", "--sentences", "lines"])
        .assert()
        .code(2);
}

#[test]
fn a_record_tomtat_cannot_read_is_an_error_naming_the_file() {
    let root = tempfile::tempdir().expect("temp dir");
    let set = abmusu(root.path());
    std::fs::write(set.join("dataset.json"), "{\"sentences\": \"paragraphs\"}").expect("write");
    let out = tomtat()
        .args(["dataset", "check"])
        .arg(&set)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("dataset.json") && text.contains("'sentences' must be"),
        "{text}"
    );
}
