//! Nothing is lost: a run killed with SIGKILL while it writes its outputs leaves every
//! previous output file exactly as it was (outputs go to temporary files that are renamed
//! only when complete).

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};

const OUTPUTS: [&str; 3] = ["report.json", "per-example.jsonl", "run.json"];

/// The phases a run can be held at (`TOMTAT_TEST_HOLD`, `src/files/hold.rs`): while it
/// scores, while it writes, inside a commit (an output copied to its named temporary, not yet
/// renamed) and after the first output's commit.
const PHASES: [&str; 4] = ["score", "write", "commit", "committed"];

/// A pairs file of several chunks (`--chunk-bytes 4096`), so that a run held at `score`
/// still has work to do.
fn pairs(dir: &Path) -> std::path::PathBuf {
    let line = r#"{"id":"ID","candidate":"Nga và Mỹ đàm phán ở Geneva.\nKhông có đột phá nào.","reference":"Mỹ và Nga đàm phán tại Geneva.\nHai bên không đạt đột phá."}"#;
    let text: String = (0..400)
        .map(|i| line.replace("ID", &i.to_string()) + "\n")
        .collect();
    let pairs = dir.join("pairs.jsonl");
    std::fs::write(&pairs, text).expect("write pairs");
    pairs
}

fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".tomtat-"))
        .collect()
}

/// Writes a previous version of every output, starts a run that replaces all three, and
/// returns it once it has reached `phase` and waits there (it says so on standard error).
fn run_held_at(dir: &Path, pairs: &Path, phase: &str) -> Child {
    for name in OUTPUTS {
        std::fs::write(dir.join(name), format!("previous {name}\n")).expect("previous");
    }
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tomtat"));
    cmd.args([
        "score",
        "--profile",
        "vi",
        "--threads",
        "1",
        "--format",
        "json",
    ])
    .arg("--pairs")
    .arg(pairs)
    .args(["--chunk-bytes", "4096", "-o"])
    .arg(dir.join("report.json"))
    .arg("--per-example")
    .arg(dir.join("per-example.jsonl"))
    .arg("--save")
    .arg(dir.join("run.json"));
    common::spawn_held(&mut cmd, phase)
        .unwrap_or_else(|| panic!("the run ended without reaching phase {phase}"))
}

/// Every output is its previous version, except at `committed`, where exactly one has been
/// replaced by a complete new one.
fn previous_outputs_intact(dir: &Path, phase: &str, what: &str) {
    let mut replaced = Vec::new();
    for name in OUTPUTS {
        let now = std::fs::read_to_string(dir.join(name)).expect("output");
        if now != format!("previous {name}\n") {
            replaced.push(name);
            for line in now.lines().filter(|l| !l.is_empty()) {
                if name.ends_with(".jsonl") {
                    serde_json::from_str::<serde_json::Value>(line)
                        .unwrap_or_else(|e| panic!("{what}: {name} is half written: {e}"));
                }
            }
            if name.ends_with(".json") {
                serde_json::from_str::<serde_json::Value>(&now)
                    .unwrap_or_else(|e| panic!("{what}: {name} is half written: {e}"));
            }
        }
    }
    let allowed = usize::from(phase == "committed");
    assert!(
        replaced.len() <= allowed && (phase != "committed" || replaced.len() == 1),
        "{what}: replaced {replaced:?}"
    );
}

/// SIGKILL at every phase: the previous outputs stay as they were (or, after a commit, the
/// committed one is whole). A SIGKILL inside a commit can leave its named temporary (no
/// process survives to remove it); the next run writing to that folder removes it, as
/// nothing else can still own it.
#[test]
fn sigkill_at_each_phase_leaves_previous_outputs_intact() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pairs = pairs(dir.path());
    for phase in PHASES {
        let mut child = run_held_at(dir.path(), &pairs, phase);
        child.kill().expect("SIGKILL");
        let status = child.wait().expect("reaped");
        assert!(!status.success());
        previous_outputs_intact(dir.path(), phase, &format!("SIGKILL at {phase}"));
        let left = temporaries(dir.path());
        if phase == "commit" {
            assert_eq!(left.len(), 1, "{left:?}");
            let out = Command::new(env!("CARGO_BIN_EXE_tomtat"))
                .args(["score", "--profile", "vi", "--bootstrap", "0", "--pairs"])
                .arg(&pairs)
                .arg("-o")
                .arg(dir.path().join("other.json"))
                .output()
                .expect("runs");
            assert!(out.status.success());
        }
        let left = temporaries(dir.path());
        assert!(left.is_empty(), "SIGKILL at {phase} left {left:?}");
    }
}

/// `tomtat … | head -1`: a reader that goes away is not an error (exit 0, nothing on stderr).
#[test]
fn closed_stdout_exits_quietly() {
    use std::io::{BufRead, BufReader, Write};
    let dir = tempfile::tempdir().expect("temp dir");
    let pairs = dir.path().join("p.jsonl");
    std::fs::write(
        &pairs,
        "{\"id\":\"1\",\"candidate\":\"Nga và Mỹ\",\"reference\":\"Mỹ và Nga\"}\n",
    )
    .expect("write");
    // The reader is gone before the report is written.
    let mut score = Command::new(env!("CARGO_BIN_EXE_tomtat"))
        .args(["score", "--profile", "vi", "--metrics", "rouge1,rougeL"])
        .args(["--format", "table", "--pairs"])
        .arg(&pairs)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    drop(score.stdout.take());
    let out = score.wait_with_output().expect("ends");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    // The reader takes one line of a long output, then goes away.
    let mut tokenize = Command::new(env!("CARGO_BIN_EXE_tomtat"))
        .arg("tokenize")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut stdin = tokenize.stdin.take().expect("stdin");
    let feeder = std::thread::spawn(move || {
        for _ in 0..200_000 {
            if stdin
                .write_all("Hòa bình cho Ukraine.\n".as_bytes())
                .is_err()
            {
                break;
            }
        }
    });
    let mut first = String::new();
    let mut reader = BufReader::new(tokenize.stdout.take().expect("stdout"));
    reader.read_line(&mut first).expect("one line");
    drop(reader);
    let out = tokenize.wait_with_output().expect("ends");
    let _ = feeder.join();
    assert_eq!(first, "hoà bình cho ukraine\n");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

/// Interrupted runs leave nothing behind (reliability class 1): SIGINT, SIGTERM or SIGHUP at
/// any phase of a run removes its temporary files, leaves the previous outputs as they were
/// and exits 130. Named for the bug: a 1M-line run left ~290 MB of `.tomtat-*.tmp`.
#[cfg(unix)]
#[test]
fn interrupted_run_leaves_no_temporary_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pairs = pairs(dir.path());
    for phase in PHASES {
        for signal in ["INT", "TERM", "HUP"] {
            let mut child = run_held_at(dir.path(), &pairs, phase);
            let sent = Command::new("kill")
                .args([format!("-{signal}"), child.id().to_string()])
                .status()
                .expect("kill");
            assert!(sent.success());
            let status = child.wait().expect("reaped");
            let what = format!("SIG{signal} at {phase}");
            assert_eq!(status.code(), Some(130), "{what}");
            let left = temporaries(dir.path());
            assert!(left.is_empty(), "{what} left {left:?}");
            previous_outputs_intact(dir.path(), phase, &what);
        }
    }
}
