//! Nothing from an input reaches a terminal raw (reliability class 3): control characters and
//! bidi overrides in ids, file and folder names come out as visible escapes, and every error
//! stays one line.

use assert_cmd::Command;

const HOSTILE: &str = "x\u{1b}]0;owned\u{7}\u{1b}[31m\r\nfake: line\u{202e}";

fn assert_inert(stderr: &[u8]) {
    let text = String::from_utf8_lossy(stderr);
    assert_eq!(text.lines().count(), 1, "{text:?}");
    assert!(
        !text
            .trim_end_matches('\n')
            .chars()
            .any(|c| c.is_control() || c == '\u{202e}'),
        "{text:?}"
    );
    assert!(text.contains("\\u{1b}"), "{text:?}");
}

#[test]
fn control_characters_in_a_duplicate_id_do_not_reach_the_terminal() {
    let dir = tempfile::tempdir().expect("dir");
    let id = serde_json::to_string(HOSTILE).expect("json");
    let line = format!("{{\"id\":{id},\"candidate\":\"a\",\"reference\":\"a\"}}\n");
    std::fs::write(dir.path().join("p.jsonl"), line.repeat(2)).expect("pairs");
    let out = Command::cargo_bin("tomtat")
        .expect("binary")
        .current_dir(dir.path())
        .args(["score", "--pairs", "p.jsonl", "--profile", "en"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert_inert(&out.stderr);
}

#[test]
fn control_characters_in_a_file_name_do_not_reach_the_terminal() {
    let dir = tempfile::tempdir().expect("dir");
    let name = format!("{HOSTILE}.jsonl").replace('\u{0}', "");
    let out = Command::cargo_bin("tomtat")
        .expect("binary")
        .current_dir(dir.path())
        .args(["score", "--pairs", &name])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert_inert(&out.stderr);
}

#[test]
fn control_characters_in_a_folder_name_do_not_reach_the_terminal() {
    let dir = tempfile::tempdir().expect("dir");
    let out = Command::cargo_bin("tomtat")
        .expect("binary")
        .current_dir(dir.path())
        .args(["dataset", "stats", HOSTILE])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert_inert(&out.stderr);
}
