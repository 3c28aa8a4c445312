//! No flag or file can wave a regression through (reliability class 5) and no count can
//! allocate without bound (class 4): tampered run files are errors naming the field, never a
//! panic or "no significant change"; out-of-range numbers are refused before any work.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

fn tomtat(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("tomtat").expect("binary");
    cmd.current_dir(dir);
    cmd
}

fn saved_run(dir: &Path) -> Value {
    let pairs = "{\"id\":\"1\",\"candidate\":\"hoà bình\",\"reference\":\"hòa bình\"}\n\
                 {\"id\":\"2\",\"candidate\":\"a b\",\"reference\":\"a c\"}\n";
    std::fs::write(dir.join("p.jsonl"), pairs).expect("pairs");
    tomtat(dir)
        .args([
            "score",
            "--pairs",
            "p.jsonl",
            "--profile",
            "vi",
            "--save",
            "run.json",
        ])
        .args(["-o", "report.json"])
        .assert()
        .success();
    serde_json::from_slice(&std::fs::read(dir.join("run.json")).expect("run")).expect("json")
}

/// `merge` and `compare` of the tampered run both fail with exit 2 and a line naming `field`.
fn refused(dir: &Path, run: &Value, field: &str) {
    std::fs::write(dir.join("bad.json"), run.to_string()).expect("write");
    for args in [
        vec!["merge", "bad.json", "-o", "m.json"],
        vec!["compare", "run.json", "bad.json"],
    ] {
        let out = tomtat(dir).args(&args).output().expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(field), "{field} not in {stderr}");
    }
    assert!(!dir.join("m.json").exists());
}

#[test]
fn tampered_run_confidence_5_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().expect("dir");
    let mut run = saved_run(dir.path());
    run["bootstrap"]["confidence"] = 5.into();
    refused(dir.path(), &run, "bootstrap.confidence");
}

#[test]
fn tampered_run_scores_out_of_range_are_errors() {
    let dir = tempfile::tempdir().expect("dir");
    let run = saved_run(dir.path());
    for value in [Value::from(1.5), Value::from(-0.1)] {
        let mut bad = run.clone();
        bad["examples"][0]["prf"][0][2] = value;
        refused(dir.path(), &bad, "fmeasure");
    }
}

#[test]
fn tampered_run_signature_string_must_match_its_fields() {
    let dir = tempfile::tempdir().expect("dir");
    let mut run = saved_run(dir.path());
    run["signature"] = "profile:<b>vi-v1</b>|[x](javascript:alert(1))".into();
    refused(dir.path(), &run, "'signature'");
}

#[test]
fn tampered_run_examples_must_match_the_fingerprint_and_count() {
    let dir = tempfile::tempdir().expect("dir");
    let run = saved_run(dir.path());
    let mut renamed = run.clone();
    renamed["examples"][0]["id"] = "other".into();
    refused(dir.path(), &renamed, "'fingerprint'");
    let mut truncated = run.clone();
    if let Some(list) = truncated["examples"].as_array_mut() {
        list.pop();
    }
    refused(dir.path(), &truncated, "'fingerprint'");
    let mut digest = run.clone();
    digest["examples"][0]["candidate"] = "zz".into();
    refused(dir.path(), &digest, "'candidate'");
}

#[test]
fn tampered_run_resamples_are_bounded_before_allocation() {
    let dir = tempfile::tempdir().expect("dir");
    let mut run = saved_run(dir.path());
    run["bootstrap"]["resamples"] = Value::from(1_000_000_000_000u64);
    refused(dir.path(), &run, "bootstrap.resamples");
}

#[test]
fn compare_trials_0_and_tolerance_nan_are_refused() {
    let dir = tempfile::tempdir().expect("dir");
    saved_run(dir.path());
    for flags in [
        ["--trials", "0"],
        ["--resamples", "0"],
        ["--tolerance", "NaN"],
        ["--tolerance", "inf"],
        ["--trials", "100000000000"],
    ] {
        let out = tomtat(dir.path())
            .args(["compare", "run.json", "run.json"])
            .args(flags)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2), "{flags:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(flags[0]), "{stderr}");
    }
}

#[test]
fn counts_are_bounded_before_any_allocation() {
    let dir = tempfile::tempdir().expect("dir");
    saved_run(dir.path());
    for (flag, value) in [("--bootstrap", "100000000000"), ("--threads", "100000")] {
        let out = tomtat(dir.path())
            .args(["score", "--pairs", "p.jsonl", flag, value])
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2), "{flag}");
        assert!(String::from_utf8_lossy(&out.stderr).contains(flag));
    }
}

// Issue 22, class 6: edits that change numbers but used to be accepted.

#[test]
fn a_reordered_metrics_list_is_refused() {
    // rouge1 would have been read from rougeL's column.
    let dir = tempfile::tempdir().expect("dir");
    let mut run = saved_run(dir.path());
    let mut metrics = run["metrics"].as_array().cloned().unwrap_or_default();
    metrics.reverse();
    run["metrics"] = Value::Array(metrics);
    refused(dir.path(), &run, "are not the signature's");
}

#[test]
fn a_renamed_metric_is_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let mut run = saved_run(dir.path());
    run["metrics"][2] = "rougeW-1.2".into();
    refused(dir.path(), &run, "fields 'metrics' and 'bootstrap'");
}

#[test]
fn an_edited_bootstrap_block_is_refused() {
    // merge used to write a boot:1000 signature over intervals from 3 resamples.
    let dir = tempfile::tempdir().expect("dir");
    let mut run = saved_run(dir.path());
    run["bootstrap"]["resamples"] = 3.into();
    refused(dir.path(), &run, "bootstrap settings (3 resamples");
}

#[test]
fn an_edited_report_block_is_refused() {
    // load_run().report() and compare used to return the edited means.
    let dir = tempfile::tempdir().expect("dir");
    let mut run = saved_run(dir.path());
    run["report"]["metrics"]["rouge1"]["fmeasure"]["mean"] = 0.99.into();
    refused(
        dir.path(),
        &run,
        "field 'report.metrics' does not match the examples",
    );
}

#[test]
fn counts_out_of_range_and_overflowing_empty_references_are_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let base = saved_run(dir.path());
    for bad in [1e300, -5.0] {
        let mut run = base.clone();
        run["examples"][0]["counts"][0] = serde_json::json!([bad, 1.0, 1.0]);
        refused(dir.path(), &run, "are not counts");
    }
    let mut run = base.clone();
    run["examples"][0]["empty_references"] = u64::MAX.into();
    refused(dir.path(), &run, "empty_references is 18446744073709551615");
}

/// Run files carry their examples' texts (issue 24) for reports that show them; a text edited
/// after scoring no longer has the example's digests and is refused.
#[test]
fn tampered_run_text_is_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut run = saved_run(dir.path());
    assert_eq!(run["examples"][0]["texts"]["candidate"], "hoà bình");
    assert_eq!(run["examples"][0]["texts"]["references"][0], "hòa bình");
    run["examples"][1]["texts"]["candidate"] = "a c".into();
    refused(
        dir.path(),
        &run,
        "example '2': its texts do not have its digests",
    );
}

#[test]
fn no_texts_leaves_them_out_and_needs_an_output_to_apply_to() {
    let dir = tempfile::tempdir().expect("tmp");
    saved_run(dir.path());
    tomtat(dir.path())
        .args([
            "score",
            "--pairs",
            "p.jsonl",
            "--profile",
            "vi",
            "--no-texts",
        ])
        .args([
            "--save",
            "small.json",
            "--per-example",
            "per.jsonl",
            "-o",
            "r.json",
        ])
        .assert()
        .success();
    let small: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("small.json")).expect("run"))
            .expect("json");
    assert!(small["examples"][0].get("texts").is_none());
    let per = std::fs::read_to_string(dir.path().join("per.jsonl")).expect("per");
    assert!(!per.contains("hoà bình"), "{per}");
    // The two runs pair their examples by digest alike.
    tomtat(dir.path())
        .args(["compare", "run.json", "small.json", "--fail-on-change"])
        .assert()
        .success();
    let out = tomtat(dir.path())
        .args(["score", "--pairs", "p.jsonl", "--no-texts"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("--no-texts works only with --save, --per-example or --format html")
    );
}
