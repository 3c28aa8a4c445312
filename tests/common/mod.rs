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

/// Imports `rows` (AbMuSu's release layout: one cluster a line) with `dataset import abmusu`
/// into `root/NAME`, and returns that folder.
pub fn abmusu_set(root: &Path, name: &str, rows: &[Value]) -> std::path::PathBuf {
    let file = root.join("validation.jsonl");
    write_jsonl(&file, rows);
    let dest = root.join(name);
    stdout_of_success(
        tomtat()
            .args(["dataset", "import", "abmusu"])
            .arg(&file)
            .arg(&dest),
    );
    dest
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

/// Starts `cmd` with `TOMTAT_TEST_HOLD=phase` (src/files/hold.rs) and returns it once it says
/// it is held at that phase; `None` (the process reaped) when it ended without reaching it.
pub fn spawn_held(cmd: &mut std::process::Command, phase: &str) -> Option<std::process::Child> {
    use std::io::{BufRead, BufReader};
    let mut child = cmd
        .env("TOMTAT_TEST_HOLD", phase)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("starts");
    let stderr = child.stderr.take().expect("stderr");
    let said = format!("tomtat-test-hold: {phase}");
    if BufReader::new(stderr)
        .lines()
        .map_while(Result::ok)
        .any(|l| l == said)
    {
        return Some(child);
    }
    let _ = child.wait();
    None
}

/// The peak resident memory (VmHWM) of a running process so far, in kB (Linux).
pub fn peak_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .expect("process status")
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM")
}

/// The data a page embeds in its element `id` as it is sent: a header and blocks of rows, each
/// gzip-compressed JSON in base64 on a line of its own; `rows` holds the blocks' rows in order.
pub fn page_data(html: &str, id: &str) -> Value {
    use base64::Engine;
    use std::io::Read;
    let open = format!("id=\"{id}\">");
    let start = html.find(&open).expect("the page embeds its data") + open.len();
    let end = start
        + html[start..]
            .find("</script>")
            .expect("data element closes");
    let mut blocks = html[start..end].lines().map(|b64| {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .expect("base64");
        let mut json = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut json)
            .expect("gzip");
        serde_json::from_str::<Value>(&json).expect("JSON")
    });
    let mut data = blocks.next().expect("header");
    let rows: Vec<Value> = blocks
        .flat_map(|b| b.as_array().cloned().expect("a block of rows"))
        .collect();
    data["rows"] = Value::Array(rows);
    data
}
