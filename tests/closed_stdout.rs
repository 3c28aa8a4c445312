//! No subcommand panics on a closed pipe (reliability class 7): every one of them, run with a
//! standard output whose reader is already gone (`tomtat … | head -0`), exits quietly with 0
//! and prints nothing on stderr. Named for the bug: `dataset check … | head -1` exited 101.

use std::process::{Command, Stdio};

fn run_with_closed_stdout(args: &[&str], stdin: &str, dir: &std::path::Path) -> (i32, String) {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let mut child = Command::new(env!("CARGO_BIN_EXE_tomtat"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::from(writer))
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    if let Some(mut input) = child.stdin.take() {
        use std::io::Write;
        let _ = input.write_all(stdin.as_bytes());
    }
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn dataset_check_into_a_closed_pipe_does_not_panic() {
    let root = env!("CARGO_MANIFEST_DIR");
    let (code, stderr) = run_with_closed_stdout(
        &["dataset", "check", "datasets/vi-news-ukraine-2022"],
        "",
        std::path::Path::new(root),
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn every_subcommand_exits_quietly_on_a_closed_stdout() {
    let root = env!("CARGO_MANIFEST_DIR");
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let pairs = "{\"id\":\"1\",\"candidate\":\"hoà bình\",\"reference\":\"hòa bình\"}\n\
                 {\"id\":\"2\",\"candidate\":\"a b\",\"reference\":\"a c\"}\n";
    std::fs::write(d.join("p.jsonl"), pairs).expect("pairs");
    let status = Command::new(env!("CARGO_BIN_EXE_tomtat"))
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
        .current_dir(d)
        .output()
        .expect("score");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let ds = format!("{root}/datasets/vi-news-ukraine-2022");
    let cases: Vec<Vec<&str>> = vec![
        vec![
            "score",
            "--pairs",
            "p.jsonl",
            "--profile",
            "vi",
            "--format",
            "json",
        ],
        vec![
            "score",
            "--pairs",
            "p.jsonl",
            "--profile",
            "vi",
            "--format",
            "table",
        ],
        vec!["compare", "run.json", "run.json"],
        vec!["compare", "run.json", "run.json", "--format", "md"],
        vec!["signature"],
        vec!["signature", "--json"],
        vec!["tokenize"],
        vec!["dataset", "check", &ds],
        vec!["dataset", "stats", &ds],
        vec!["merge", "run.json", "-o", "merged.json"],
        vec!["--help"],
        vec!["--version"],
    ];
    for args in cases {
        let (code, stderr) = run_with_closed_stdout(&args, "Hòa bình\nhoà bình\n", d);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(code, 0, "{args:?}: {stderr}");
        assert!(
            !stderr.contains("error"),
            "{args:?} printed an error for a closed pipe: {stderr}"
        );
    }
}
