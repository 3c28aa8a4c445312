//! No size crashes tomtat and cost grows as documented (reliability class 4): one very long
//! line is scored by rougeLsum in bounded memory, thousands of one-token sentences take
//! near-linear time, a line over `--max-line-bytes` (or the endless `/dev/zero`) is one error
//! line naming it, never an allocation abort; and `-` is standard input and output.

use assert_cmd::Command;
use std::path::Path;
use std::time::Duration;

fn tomtat(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("tomtat").expect("binary");
    cmd.current_dir(dir);
    cmd
}

/// `n` words drawn from `vocabulary` words by a fixed generator.
fn words(n: usize, vocabulary: u64, seed: u64, sep: &str) -> String {
    let mut state = seed;
    (0..n)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            format!("w{}", (state >> 33) % vocabulary)
        })
        .collect::<Vec<_>>()
        .join(sep)
}

fn fmeasure(report: &[u8], metric: &str) -> f64 {
    let v: serde_json::Value = serde_json::from_slice(report).expect("json report");
    v["metrics"][metric]["fmeasure"]["mean"]
        .as_f64()
        .expect("fmeasure")
}

#[cfg(unix)]
#[test]
fn rougelsum_on_one_long_line_fits_in_bounded_memory() {
    // 60,000 tokens a side: the whole LCS bit table is 450 MB, the checkpointed one < 40 MB.
    // The process gets 300 MB of data segment; it used to abort on the allocation.
    let dir = tempfile::tempdir().expect("temp dir");
    let pair = serde_json::json!({
        "id": "long",
        "candidate": words(60_000, 3_000, 1, " "),
        "reference": words(60_000, 3_000, 2, " "),
    });
    std::fs::write(dir.path().join("p.jsonl"), format!("{pair}\n")).expect("pairs");
    let bin = assert_cmd::cargo::cargo_bin("tomtat");
    let out = std::process::Command::new("sh")
        .current_dir(dir.path())
        .arg("-c")
        .arg(format!(
            "ulimit -d 307200 && exec '{}' score --pairs p.jsonl --profile en-v1 \
             --metrics rougeL,rougeLsum --format json --threads 1",
            bin.display()
        ))
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // One sentence a side: the union LCS is the LCS.
    let (l, lsum) = (
        fmeasure(&out.stdout, "rougeL"),
        fmeasure(&out.stdout, "rougeLsum"),
    );
    assert!(l > 0.01 && l == lsum, "rougeL {l} rougeLsum {lsum}");
}

#[test]
fn many_one_token_sentences_score_in_near_linear_time() {
    // 40,000 sentences a side took minutes (every sentence pair); now well under a second
    // of work in a release build.
    let dir = tempfile::tempdir().expect("temp dir");
    let pair = serde_json::json!({
        "id": "lines",
        "candidate": words(40_000, 5_000, 3, "\n"),
        "reference": words(40_000, 5_000, 4, "\n"),
    });
    std::fs::write(dir.path().join("p.jsonl"), format!("{pair}\n")).expect("pairs");
    let out = tomtat(dir.path())
        .args(["score", "--pairs", "p.jsonl", "--profile", "en-v1"])
        .args(["--metrics", "rouge1,rougeLsum", "--format", "json"])
        .timeout(Duration::from_secs(60))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    // With one token per sentence the clipped union LCS is the unigram overlap.
    let (r1, lsum) = (
        fmeasure(&out.stdout, "rouge1"),
        fmeasure(&out.stdout, "rougeLsum"),
    );
    assert!(r1 > 0.5 && r1 == lsum, "rouge1 {r1} rougeLsum {lsum}");
}

/// Runs and expects exit 2 with one stderr line containing every one of `parts`.
fn one_error_line(mut cmd: Command, parts: &[&str]) {
    let out = cmd.timeout(Duration::from_secs(60)).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    for p in parts {
        assert!(stderr.contains(p), "{p} not in {stderr}");
    }
}

#[test]
fn a_line_over_max_line_bytes_is_one_error_naming_file_and_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let long = serde_json::json!({"id": "2", "candidate": "a ".repeat(3000), "reference": "a"});
    std::fs::write(
        dir.path().join("p.jsonl"),
        format!("{{\"id\":\"1\",\"candidate\":\"a\",\"reference\":\"a\"}}\n{long}\n"),
    )
    .expect("pairs");
    let mut cmd = tomtat(dir.path());
    cmd.args(["score", "--pairs", "p.jsonl", "--max-line-bytes", "4K"]);
    one_error_line(
        cmd,
        &[
            "p.jsonl: line 2 is longer than 4096 bytes",
            "--max-line-bytes",
        ],
    );
    tomtat(dir.path())
        .args(["score", "--pairs", "p.jsonl", "--max-line-bytes", "8K"])
        .args(["--metrics", "rouge1", "--profile", "en-v1"])
        .assert()
        .success();
    let mut cmd = tomtat(dir.path());
    cmd.args(["tokenize", "--max-line-bytes", "100"])
        .write_stdin(format!("ok\n{}\n", "x".repeat(101)));
    one_error_line(cmd, &["stdin: line 2 is longer than 100 bytes"]);
    let mut cmd = tomtat(dir.path());
    cmd.args(["score", "--pairs", "p.jsonl", "--max-line-bytes", "0"]);
    one_error_line(cmd, &["--max-line-bytes", "at least 1 byte"]);
}

#[cfg(unix)]
#[test]
fn dev_zero_as_input_is_an_error_not_an_allocation_abort() {
    let dir = tempfile::tempdir().expect("temp dir");
    for args in [
        &["score", "--pairs", "/dev/zero", "--input-format", "jsonl"][..],
        &["score", "--pairs", "/dev/zero", "--input-format", "csv"][..],
        &["compare", "/dev/zero", "/dev/zero"][..],
    ] {
        let mut cmd = tomtat(dir.path());
        cmd.args(args).args(["--max-line-bytes", "1M"]);
        one_error_line(cmd, &["/dev/zero", "longer than 1048576 bytes"]);
    }
}

#[test]
fn dash_is_standard_input_and_standard_output() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pairs = "{\"id\":\"1\",\"candidate\":\"hoà bình\",\"reference\":\"hòa bình\"}\n";
    std::fs::write(dir.path().join("p.jsonl"), pairs).expect("pairs");
    let from_file = tomtat(dir.path())
        .args(["score", "--pairs", "p.jsonl", "--format", "json"])
        .output()
        .expect("run");
    let from_stdin = tomtat(dir.path())
        .args(["score", "--pairs", "-", "-o", "-", "--format", "json"])
        .write_stdin(pairs)
        .output()
        .expect("run");
    assert_eq!(from_stdin.status.code(), Some(0));
    assert_eq!(from_file.stdout, from_stdin.stdout);
    assert!(!dir.path().join("-").exists(), "-o - made a file named '-'");
    let mut cmd = tomtat(dir.path());
    cmd.args(["score", "--pairs", "p.jsonl", "--per-example", "-"]);
    one_error_line(cmd, &["only one output can be written to standard output"]);
    let mut cmd = tomtat(dir.path());
    cmd.args([
        "score",
        "--pairs",
        "p.jsonl",
        "--per-example",
        "-",
        "-o",
        "-",
    ]);
    one_error_line(cmd, &["only one output can be written to standard output"]);
    let mut cmd = tomtat(dir.path());
    cmd.args(["score", "--pairs", "-", "--format", "json"])
        .write_stdin("not json\n");
    one_error_line(cmd, &["stdin:1: invalid JSON"]);
}
