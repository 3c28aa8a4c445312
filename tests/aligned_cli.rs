//! `tomtat score --hyp FILE --ref FILE…`: line-aligned plain text (as sacreBLEU and Hugging
//! Face's `run_summarization` write it) scores exactly as the same texts through `--pairs`.

mod common;

use common::{json_report, tomtat};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

const HYP: &[&str] = &[
    "Nga và Mỹ đàm phán ở Geneva.",
    "",
    "Ukraine lo ngại về quân đội Nga.",
    "Hòa bình vẫn còn xa",
];
const REF1: &[&str] = &[
    "Mỹ và Nga đàm phán tại Geneva.",
    "Hai bên không đạt đột phá.",
    "",
    "hoà bình còn xa",
];
const REF2: &[&str] = &[
    "Geneva: đàm phán Nga Mỹ",
    "Không có đột phá.",
    "Kiev lo lắng về Nga.",
    "Chưa có hòa bình.",
];
const SRC: &[&str] = &[
    "Nga và Mỹ đàm phán ở Geneva hôm thứ Hai.",
    "Các nhà ngoại giao không đạt đột phá.",
    "Ukraine lo ngại về quân đội Nga ở biên giới.",
    "Hòa bình vẫn còn xa, các nhà phân tích nói.",
];

fn lines(dir: &Path, name: &str, lines: &[&str]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, lines.join("\n") + "\n").expect("fixture");
    path
}

/// The same examples as a pairs file, ids the line numbers.
fn pairs(dir: &Path, refs: &[&[&str]], source: bool) -> PathBuf {
    let path = dir.join("pairs.jsonl");
    let rows: String = (0..HYP.len())
        .map(|i| {
            let mut row = json!({
                "id": (i + 1).to_string(),
                "candidate": HYP[i],
                "references": refs.iter().map(|r| r[i]).collect::<Vec<_>>(),
            });
            if source {
                row["source"] = json!(SRC[i]);
            }
            format!("{row}\n")
        })
        .collect();
    std::fs::write(&path, rows).expect("fixture");
    path
}

fn per_example(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .expect("per-example file")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

/// Runs `score` with `input` (the arguments naming the examples) and returns the report
/// and the per-example lines.
fn score(dir: &Path, name: &str, input: &[&Path], flags: &[&str]) -> (Value, Vec<Value>) {
    let per = dir.join(format!("{name}.per.jsonl"));
    let mut cmd = tomtat();
    cmd.arg("score").args(input).args(flags);
    cmd.args(["--format", "json", "--per-example"]).arg(&per);
    let report = json_report(&mut cmd);
    (report, per_example(&per))
}

fn same_scores(a: &(Value, Vec<Value>), b: &(Value, Vec<Value>)) {
    assert_eq!(a.0["metrics"], b.0["metrics"]);
    assert_eq!(a.0["signature"], b.0["signature"]);
    assert_eq!(a.0["fingerprint"], b.0["fingerprint"]);
    assert_eq!(a.1, b.1);
}

#[test]
fn one_reference_file_scores_as_pairs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let (hyp, r1) = (lines(d, "hyp.txt", HYP), lines(d, "ref1.txt", REF1));
    let p = pairs(d, &[REF1], false);
    let flags = ["--profile", "vi-v1"];
    let aligned = score(
        d,
        "aligned",
        &[Path::new("--hyp"), &hyp, Path::new("--ref"), &r1],
        &flags,
    );
    let from_pairs = score(d, "pairs", &[Path::new("--pairs"), &p], &flags);
    same_scores(&aligned, &from_pairs);
    assert_eq!(aligned.0["count"], 4, "an empty line is an empty text");
    let ids: Vec<&str> = aligned.1.iter().filter_map(|e| e["id"].as_str()).collect();
    assert_eq!(ids, ["1", "2", "3", "4"]);
}

#[test]
fn several_reference_files_make_multi_reference_examples() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let hyp = lines(d, "hyp.txt", HYP);
    let (r1, r2) = (lines(d, "r1.txt", REF1), lines(d, "r2.txt", REF2));
    let p = pairs(d, &[REF1, REF2], false);
    for refs in ["max", "pool"] {
        let flags = [
            "--profile",
            "vi-v1",
            "--refs",
            refs,
            "--metrics",
            "rouge1,rouge2",
        ];
        let aligned = score(
            d,
            refs,
            &[
                Path::new("--hyp"),
                &hyp,
                Path::new("--ref"),
                &r1,
                Path::new("--ref"),
                &r2,
            ],
            &flags,
        );
        let from_pairs = score(d, "pairs", &[Path::new("--pairs"), &p], &flags);
        same_scores(&aligned, &from_pairs);
        assert_eq!(aligned.0["signature_fields"]["nrefs"], "2");
    }
}

#[test]
fn src_feeds_copysource_as_a_source_field_does() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let (hyp, r1, src) = (
        lines(d, "hyp.txt", HYP),
        lines(d, "r1.txt", REF1),
        lines(d, "src.txt", SRC),
    );
    let p = pairs(d, &[REF1], true);
    let flags = ["--metrics", "rouge1,copysource", "--lang", "vi"];
    let aligned = score(
        d,
        "aligned",
        &[
            Path::new("--hyp"),
            &hyp,
            Path::new("--ref"),
            &r1,
            Path::new("--src"),
            &src,
        ],
        &flags,
    );
    let pairs_flags = ["--metrics", "rouge1,copysource", "--profile", "vi-v1"];
    let from_pairs = score(d, "pairs", &[Path::new("--pairs"), &p], &pairs_flags);
    assert_eq!(aligned.0["metrics"], from_pairs.0["metrics"]);
    let copied = &aligned.0["metrics"]["copysource"];
    assert!(copied.is_object(), "{}", aligned.0["metrics"]);
}

#[test]
fn files_of_different_line_counts_exit_2_naming_both_counts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let hyp = lines(d, "hyp.txt", HYP);
    let short = lines(d, "short.txt", &REF1[..3]);
    let out = tomtat()
        .args(["score", "--hyp"])
        .arg(&hyp)
        .arg("--ref")
        .arg(&short)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("hyp.txt has 4 lines"), "{err}");
    assert!(err.contains("short.txt has 3 lines"), "{err}");
}

#[test]
fn hyp_from_stdin_and_saved_runs_compare() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let r1 = lines(d, "r1.txt", REF1);
    let (a, b) = (d.join("a.json"), d.join("b.json"));
    tomtat()
        .args(["score", "--hyp", "-", "--ref"])
        .arg(&r1)
        .arg("--save")
        .arg(&a)
        .write_stdin(HYP.join("\n"))
        .assert()
        .success();
    let better: Vec<&str> = REF1.to_vec();
    let hyp2 = lines(d, "hyp2.txt", &better);
    tomtat()
        .args(["score", "--hyp"])
        .arg(&hyp2)
        .arg("--ref")
        .arg(&r1)
        .arg("--save")
        .arg(&b)
        .assert()
        .success();
    let report = json_report(
        tomtat()
            .args(["compare", "--format", "json"])
            .arg(&a)
            .arg(&b),
    );
    assert_eq!(report["count"], 4, "{report}");
}

#[test]
fn ref_without_hyp_and_pairs_flags_with_hyp_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let r1 = lines(dir.path(), "r1.txt", REF1);
    tomtat().args(["score", "--ref"]).arg(&r1).assert().code(2);
    tomtat()
        .args(["score", "--hyp"])
        .arg(&r1)
        .arg("--ref")
        .arg(&r1)
        .args(["--input-format", "csv"])
        .assert()
        .code(2);
    tomtat()
        .args(["score", "--hyp"])
        .arg(&r1)
        .arg("--ref")
        .arg(&r1)
        .args(["--lang", "klingon"])
        .assert()
        .code(2);
}
