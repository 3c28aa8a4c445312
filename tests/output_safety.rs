//! Outputs never destroy what they point at (reliability class 1): an output that is an input
//! (same spelling, `./` alias or hard link), another output, a directory or a file inside the
//! data set being read is refused before any work with exit 2 and one line naming both; a
//! device or FIFO is streamed into and stays what it was; a symlink's target is written and the
//! link stays a link.

use assert_cmd::Command;
use std::path::Path;

const PAIRS: &str = "{\"id\":\"1\",\"candidate\":\"hoà bình\",\"reference\":\"hòa bình\"}\n\
                     {\"id\":\"2\",\"candidate\":\"đàm phán\",\"reference\":\"đàm phán ở Geneva\"}\n";

fn tomtat(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("tomtat").expect("binary");
    cmd.current_dir(dir);
    cmd
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("in.jsonl"), PAIRS).expect("pairs");
    dir
}

/// Runs and expects exit 2 with one error line that contains every `parts`.
fn refused(dir: &Path, args: &[&str], parts: &[&str]) {
    let out = tomtat(dir).args(args).output().expect("run");
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    for p in parts {
        assert!(lines[0].contains(p), "{p} not in {stderr}");
    }
    assert!(out.stdout.is_empty());
}

fn no_temporary_files(dir: &Path) {
    for e in std::fs::read_dir(dir).expect("dir").flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        assert!(!name.starts_with(".tomtat-"), "left {name}");
    }
}

#[test]
fn output_onto_input_is_refused_by_identity_not_spelling() {
    let dir = setup();
    let d = dir.path();
    std::fs::hard_link(d.join("in.jsonl"), d.join("hard.jsonl")).expect("hard link");
    for (flag, out) in [
        ("-o", "in.jsonl"),
        ("-o", "./in.jsonl"),
        ("-o", "hard.jsonl"),
        ("--per-example", "in.jsonl"),
        ("--save", "./hard.jsonl"),
    ] {
        refused(
            d,
            &["score", "--pairs", "in.jsonl", flag, out],
            &[out, "in.jsonl"],
        );
    }
    assert_eq!(
        std::fs::read_to_string(d.join("in.jsonl")).expect("read"),
        PAIRS
    );
    no_temporary_files(d);
}

#[test]
fn two_outputs_onto_one_file_are_refused() {
    let dir = setup();
    let d = dir.path();
    refused(
        d,
        &[
            "score", "--pairs", "in.jsonl", "-o", "a.json", "--save", "./a.json",
        ],
        &["a.json", "same file"],
    );
    refused(
        d,
        &[
            "score",
            "--pairs",
            "in.jsonl",
            "--per-example",
            "b.jsonl",
            "--save",
            "b.jsonl",
        ],
        &["b.jsonl"],
    );
    assert!(!d.join("a.json").exists() && !d.join("b.jsonl").exists());
}

#[test]
fn compare_and_merge_never_overwrite_a_run_they_read() {
    let dir = setup();
    let d = dir.path();
    tomtat(d)
        .args([
            "score", "--pairs", "in.jsonl", "--save", "run.json", "-o", "r.json",
        ])
        .assert()
        .success();
    let before = std::fs::read(d.join("run.json")).expect("run");
    refused(
        d,
        &["compare", "run.json", "run.json", "-o", "run.json"],
        &["run.json"],
    );
    refused(d, &["merge", "run.json", "-o", "./run.json"], &["run.json"]);
    assert_eq!(std::fs::read(d.join("run.json")).expect("run"), before);
}

#[test]
fn dataset_stats_output_inside_the_data_set_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = env!("CARGO_MANIFEST_DIR");
    let ds = format!("{root}/datasets/vi-news-ukraine-2022");
    let manifest = format!("{ds}/manifest.csv");
    let before = std::fs::read(&manifest).expect("manifest");
    refused(
        dir.path(),
        &["dataset", "stats", &ds, "-o", &manifest],
        &["manifest.csv"],
    );
    assert_eq!(std::fs::read(&manifest).expect("manifest"), before);
}

#[test]
fn output_that_is_a_directory_is_refused_before_anything_is_written() {
    let dir = setup();
    let d = dir.path();
    std::fs::create_dir(d.join("sub")).expect("dir");
    std::fs::write(d.join("keep.json"), "previous").expect("previous");
    refused(
        d,
        &[
            "score",
            "--pairs",
            "in.jsonl",
            "--save",
            "keep.json",
            "-o",
            "sub",
        ],
        &["sub", "directory"],
    );
    assert_eq!(
        std::fs::read_to_string(d.join("keep.json")).expect("keep"),
        "previous"
    );
    no_temporary_files(d);
}

#[cfg(unix)]
#[test]
fn dev_null_stays_a_device() {
    use std::os::unix::fs::FileTypeExt;
    let dir = setup();
    for flag in ["-o", "--per-example", "--save"] {
        tomtat(dir.path())
            .args([
                "score",
                "--pairs",
                "in.jsonl",
                "--format",
                "json",
                flag,
                "/dev/null",
            ])
            .assert()
            .success();
        let meta = std::fs::metadata("/dev/null").expect("/dev/null");
        assert!(
            meta.file_type().is_char_device(),
            "{flag} replaced /dev/null"
        );
    }
    no_temporary_files(Path::new("/dev"));
}

#[cfg(unix)]
#[test]
fn fifo_is_streamed_into_not_replaced() {
    use std::io::Read;
    use std::os::unix::fs::FileTypeExt;
    let dir = setup();
    let fifo = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo not available; skipped");
        return;
    }
    let reader_path = fifo.clone();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        std::fs::File::open(reader_path)
            .and_then(|mut f| f.read_to_string(&mut text))
            .map(|_| text)
    });
    tomtat(dir.path())
        .args([
            "score", "--pairs", "in.jsonl", "--format", "json", "-o", "pipe",
        ])
        .assert()
        .success();
    let text = reader.join().expect("reader").expect("read fifo");
    assert!(text.contains("\"signature\""));
    let meta = std::fs::symlink_metadata(&fifo).expect("fifo");
    assert!(meta.file_type().is_fifo());
}

#[cfg(unix)]
#[test]
fn symlink_output_writes_its_target_and_stays_a_link() {
    let dir = setup();
    let d = dir.path();
    std::fs::create_dir(d.join("reports")).expect("dir");
    std::fs::write(d.join("reports/target.json"), "old").expect("target");
    std::os::unix::fs::symlink("reports/target.json", d.join("link.json")).expect("symlink");
    tomtat(d)
        .args([
            "score",
            "--pairs",
            "in.jsonl",
            "--format",
            "json",
            "-o",
            "link.json",
        ])
        .assert()
        .success();
    let meta = std::fs::symlink_metadata(d.join("link.json")).expect("link");
    assert!(meta.file_type().is_symlink());
    let text = std::fs::read_to_string(d.join("reports/target.json")).expect("target");
    assert!(text.contains("\"signature\""));
    no_temporary_files(d);
    no_temporary_files(&d.join("reports"));
    // A link to an input is the input.
    std::os::unix::fs::symlink("in.jsonl", d.join("in-link.jsonl")).expect("symlink");
    refused(
        d,
        &["score", "--pairs", "in.jsonl", "-o", "in-link.jsonl"],
        &["in-link.jsonl"],
    );
    assert_eq!(
        std::fs::read_to_string(d.join("in.jsonl")).expect("read"),
        PAIRS
    );
}

/// All or nothing across outputs: when one output cannot be written (here a file in `/proc`,
/// which not even root can create), the run fails before scoring and the other outputs keep
/// their previous contents.
#[cfg(target_os = "linux")]
#[test]
fn unwritable_output_leaves_every_other_output_untouched() {
    let dir = setup();
    let d = dir.path();
    for name in ["run.json", "pe.jsonl"] {
        std::fs::write(d.join(name), "previous").expect("previous");
    }
    let out = tomtat(d)
        .args(["score", "--pairs", "in.jsonl", "--save", "run.json"])
        .args([
            "--per-example",
            "pe.jsonl",
            "-o",
            "/proc/tomtat-cannot-write.json",
        ])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 1);
    for name in ["run.json", "pe.jsonl"] {
        assert_eq!(
            std::fs::read_to_string(d.join(name)).expect("read"),
            "previous"
        );
    }
    no_temporary_files(d);
}

#[test]
fn dataset_output_onto_a_reference_summary_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = env!("CARGO_MANIFEST_DIR");
    let ds = format!("{root}/datasets/vi-news-ukraine-2022");
    let refs = std::path::PathBuf::from(format!("{root}/reference-summaries/vi-news-ukraine-2022"));
    let mut files: Vec<_> = std::fs::read_dir(&refs)
        .expect("references")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let target = files
        .first()
        .expect("a reference file")
        .display()
        .to_string();
    let before = std::fs::read(&target).expect("reference");
    refused(
        dir.path(),
        &["dataset", "stats", &ds, "-o", &target],
        &["inside the input folder"],
    );
    refused(
        dir.path(),
        &[
            "score",
            "--dataset",
            &ds,
            "--baseline",
            "lead-1",
            "-o",
            &target,
        ],
        &["inside the input folder"],
    );
    assert_eq!(std::fs::read(&target).expect("reference"), before);
}
