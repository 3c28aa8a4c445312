//! `tomtat dataset check` by kind (issue 33, item 3): a summary of the warnings by kind after
//! the list, `--ignore KIND` to leave a kind out (counted apart), `--format json` with each
//! finding's kind; errors cannot be ignored.

mod common;

use common::{abmusu_set, stdout_of_success, tomtat};
use serde_json::{Value, json};

/// An AbMuSu-shaped set whose article has a look-alike Ð (a `text` warning) and whose summary
/// copies 30 tokens of its article (a `copy-span` warning).
fn set(root: &std::path::Path) -> std::path::PathBuf {
    let body = "Nga và Mỹ đàm phán tại Geneva trong tám giờ liền về an ninh châu Âu nhưng hai bên \
                không đạt được bất kỳ đột phá nào và sẽ tiếp tục gặp nhau vào tuần sau ở Brussels";
    abmusu_set(
        root,
        "set",
        &[json!({
            "single_documents": [{"title": "Ðàm phán", "anchor_text": body, "raw_text": "Cuộc họp kết thúc."}],
            "summary": body,
            "category": "x"
        })],
    )
}

#[test]
fn the_summary_counts_warnings_by_kind_and_ignore_leaves_a_kind_out() {
    let root = tempfile::tempdir().expect("temp dir");
    let dir = set(root.path());
    let all = stdout_of_success(tomtat().args(["dataset", "check"]).arg(&dir));
    assert!(all.contains("by kind: copy-span 1, text 1\n"), "{all}");
    assert!(all.ends_with("0 error(s), 2 warning(s)\n"), "{all}");
    let some = stdout_of_success(
        tomtat()
            .args(["dataset", "check", "--ignore", "copy-span"])
            .arg(&dir),
    );
    assert!(!some.contains("copies a"), "{some}");
    assert!(
        some.contains("by kind: text 1\nignored (--ignore): copy-span 1\n"),
        "{some}"
    );
    assert!(some.ends_with("0 error(s), 1 warning(s)\n"), "{some}");
}

#[test]
fn json_gives_each_finding_its_kind() {
    let root = tempfile::tempdir().expect("temp dir");
    let dir = set(root.path());
    let out = stdout_of_success(
        tomtat()
            .args(["dataset", "check", "--format", "json", "--ignore", "text"])
            .arg(&dir),
    );
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["kinds"], json!({"copy-span": 1}));
    assert_eq!(v["ignored"], json!({"text": 1}));
    let findings = &v["datasets"][0]["findings"];
    assert_eq!(findings[0]["kind"], "copy-span");
    assert_eq!(findings[0]["severity"], "warning");
    assert_eq!(v["datasets"][0]["articles"], 1);
}

#[test]
fn errors_cannot_be_ignored() {
    let root = tempfile::tempdir().expect("temp dir");
    let dir = set(root.path());
    let out = tomtat()
        .args(["dataset", "check", "--ignore", "layout"])
        .arg(&dir)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("errors cannot be ignored"));
}
