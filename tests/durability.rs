//! Nothing is lost: a run killed with SIGKILL while it writes its outputs leaves every
//! previous output file exactly as it was (outputs go to temporary files that are renamed
//! only when complete).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn temporary_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().starts_with(".tomtat-"))
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

const OUTPUTS: [&str; 3] = ["report.json", "per-example.jsonl", "run.json"];

/// A 200,000-line pairs file in `dir`, big enough to interrupt a run while it writes.
fn big_pairs(dir: &Path) -> std::path::PathBuf {
    let line = r#"{"id":"ID","candidate":"Nga và Mỹ đàm phán ở Geneva.\nKhông có đột phá nào.","reference":"Mỹ và Nga đàm phán tại Geneva.\nHai bên không đạt đột phá."}"#;
    let text: String = (0..200_000)
        .map(|i| line.replace("ID", &i.to_string()) + "\n")
        .collect();
    let pairs = dir.join("pairs.jsonl");
    std::fs::write(&pairs, text).expect("write pairs");
    pairs
}

/// Writes a previous version of every output, starts a run that replaces all three, and
/// returns it once it is writing them.
fn run_caught_writing(dir: &Path, pairs: &Path) -> std::process::Child {
    for name in OUTPUTS {
        std::fs::write(dir.join(name), format!("previous {name}\n")).expect("previous");
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_tomtat"))
        .args([
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
        .args(["--chunk-bytes", "65536", "-o"])
        .arg(dir.join("report.json"))
        .arg("--per-example")
        .arg(dir.join("per-example.jsonl"))
        .arg("--save")
        .arg(dir.join("run.json"))
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let start = Instant::now();
    while temporary_bytes(dir) < 100_000 {
        assert!(
            child.try_wait().ok().flatten().is_none(),
            "the run ended before it could be stopped mid-write"
        );
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "no output written"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}

fn previous_outputs_intact(dir: &Path, what: &str) {
    for name in OUTPUTS {
        assert_eq!(
            std::fs::read_to_string(dir.join(name)).ok(),
            Some(format!("previous {name}\n")),
            "{what}: {name} must be untouched"
        );
    }
}

#[test]
fn sigkill_mid_write_leaves_previous_outputs_intact() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pairs = big_pairs(dir.path());
    let mut child = run_caught_writing(dir.path(), &pairs);
    child.kill().expect("SIGKILL");
    let status = child.wait().expect("reaped");
    assert!(!status.success());
    previous_outputs_intact(dir.path(), "SIGKILL");
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

/// Interrupted runs leave nothing behind (reliability class 1): SIGINT, SIGTERM or SIGHUP
/// while a run writes its outputs removes its temporary files, leaves the previous outputs as
/// they were and exits 130. Named for the bug: a 1M-line run left ~290 MB of `.tomtat-*.tmp`.
#[cfg(unix)]
#[test]
fn interrupted_run_leaves_no_temporary_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pairs = big_pairs(dir.path());
    for signal in ["INT", "TERM", "HUP"] {
        let mut child = run_caught_writing(dir.path(), &pairs);
        let sent = Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
            .expect("kill");
        assert!(sent.success());
        let status = child.wait().expect("reaped");
        assert_eq!(status.code(), Some(130), "SIG{signal}");
        let left: Vec<String> = std::fs::read_dir(dir.path())
            .expect("dir")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| n.starts_with(".tomtat-"))
            .collect();
        assert!(left.is_empty(), "SIG{signal} left {left:?}");
        previous_outputs_intact(dir.path(), &format!("SIG{signal}"));
    }
}
