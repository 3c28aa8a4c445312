//! Helpers shared by the integration tests that drive the real binary.
// Each test crate that includes this module uses a subset of it.
#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

/// The `tomtat` binary this test build made.
pub fn tomtat() -> Command {
    Command::cargo_bin("tomtat").expect("binary built")
}

/// Writes `rows` as JSON Lines.
pub fn write_jsonl(path: &Path, rows: &[Value]) {
    let text: String = rows.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(path, text).expect("fixture");
}

/// Runs `cmd`, failing the test with its stderr unless it succeeds; returns its stdout.
pub fn stdout_of_success(cmd: &mut Command) -> String {
    let out = cmd.output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs `cmd`, which must succeed, and reads the JSON report it prints.
pub fn json_report(cmd: &mut Command) -> Value {
    serde_json::from_str(&stdout_of_success(cmd)).expect("JSON report")
}
