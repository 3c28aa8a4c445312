//! Ambiguous input is an error, not a silent choice (reliability class 6): a key twice in a
//! JSON object, both `candidate` and `prediction`, a CSV header naming a column twice; and a
//! column that only starts like a reference (`reference_url`) is not scored as one.

use assert_cmd::Command;

fn score(name: &str, content: &str) -> std::process::Output {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join(name), content).expect("write");
    Command::cargo_bin("tomtat")
        .expect("binary")
        .current_dir(dir.path())
        .args([
            "score",
            "--pairs",
            name,
            "--profile",
            "en",
            "--format",
            "json",
        ])
        .output()
        .expect("run")
}

fn error_line(out: &std::process::Output) -> String {
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    stderr
}

#[test]
fn duplicate_key_in_a_json_object_is_an_error() {
    let out = score(
        "p.jsonl",
        "{\"id\":\"1\",\"candidate\":\"a\",\"reference\":\"a\"}\n\
         {\"id\":\"2\",\"candidate\":\"good\",\"candidate\":\"bad\",\"reference\":\"b\"}\n",
    );
    let line = error_line(&out);
    assert!(
        line.contains("p.jsonl:2: field 'candidate' appears twice"),
        "{line}"
    );
}

#[test]
fn candidate_and_prediction_both_present_is_an_error() {
    let out = score(
        "p.jsonl",
        "{\"id\":\"1\",\"candidate\":\"a\",\"prediction\":\"b\",\"reference\":\"a\"}\n",
    );
    let line = error_line(&out);
    assert!(
        line.contains("p.jsonl:1: fields 'candidate' and 'prediction' are both present"),
        "{line}"
    );
}

#[test]
fn duplicate_csv_header_is_an_error() {
    let out = score("p.csv", "id,candidate,reference,candidate\n1,a,a,b\n");
    let line = error_line(&out);
    assert!(
        line.contains("p.csv:1: column 'candidate' appears twice in the header (columns 2 and 4)"),
        "{line}"
    );
}

#[test]
fn reference_url_column_is_not_scored_as_a_reference() {
    let out = score(
        "p.csv",
        "id,candidate,reference,reference_url,reference2\n1,a b,a b,http://x.example/a,a c\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    // Two references (reference, reference2): the URL is not a third.
    assert_eq!(report["signature_fields"]["nrefs"], "2");
    assert_eq!(report["metrics"]["rouge1"]["fmeasure"]["mean"], 1.0);
}

/// The one-line error promise holds when the profile is detected: the "profile … (detected)"
/// line is printed only after the whole input was read, so a bad line far into the file is
/// still the only line on stderr.
#[test]
fn error_after_profile_detection_is_still_one_line() {
    let dir = tempfile::tempdir().expect("dir");
    let mut text = String::new();
    for i in 0..2000 {
        text.push_str(&format!(
            "{{\"id\":\"{i}\",\"candidate\":\"hoà bình\",\"reference\":\"hòa bình\"}}\n"
        ));
    }
    text.push_str("{\"id\":\"5\",\"candidate\":\"a\",\"reference\":\"a\"}\n");
    std::fs::write(dir.path().join("p.jsonl"), text).expect("write");
    let out = Command::cargo_bin("tomtat")
        .expect("binary")
        .current_dir(dir.path())
        .args(["score", "--pairs", "p.jsonl", "--chunk-bytes", "4096"])
        .output()
        .expect("run");
    let line = error_line(&out);
    assert!(line.contains("p.jsonl:2001: duplicate id '5'"), "{line}");
}

#[test]
fn duplicate_key_in_an_object_of_a_json_array_file_is_an_error() {
    let out = score(
        "p.json",
        "[{\"id\":\"1\",\"candidate\":\"a\",\"reference\":\"a\"},\n \
         {\"id\":\"2\",\"reference\":\"b\",\"candidate\":\"good\",\"candidate\":\"bad\"}]\n",
    );
    let line = error_line(&out);
    assert!(
        line.contains("p.json:2: field 'candidate' appears twice"),
        "{line}"
    );
}
