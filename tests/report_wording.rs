//! What a newcomer read wrong in the terminal and Markdown reports (issue 24): a single
//! language printed twice, warnings printed twice, "1 examples", "[0.95 bootstrap interval]",
//! and a compare verdict whose deciding p-value only the Markdown details named.

mod common;

use common::{stdout_of_success, tomtat, write_jsonl};
use serde_json::json;

const DATASET: &str = "datasets/vi-news-ukraine-2022";

#[test]
fn a_run_of_one_language_prints_its_figures_once() {
    let out = stdout_of_success(
        tomtat()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["score", "--dataset", DATASET, "--baseline", "lead-3"])
            .args(["--format", "table", "--bootstrap", "200"]),
    );
    assert!(!out.contains("\nvi ("), "{out}");
    assert!(out.contains("· mean [95% CI]"), "{out}");
    assert_eq!(
        out.matches("rouge1 ").count(),
        2,
        "macro and micro rows only: {out}"
    );
}

#[test]
fn warnings_are_said_once_and_one_example_is_singular() {
    let dir = tempfile::tempdir().expect("tmp");
    write_jsonl(
        &dir.path().join("one.jsonl"),
        &[json!({"id": "a", "candidate": "hòa bình", "reference": "hòa bình ở châu Âu"})],
    );
    let run = |format: &str| {
        tomtat()
            .current_dir(dir.path())
            .args([
                "score",
                "--pairs",
                "one.jsonl",
                "--profile",
                "vi-v1",
                "--format",
                format,
            ])
            .output()
            .expect("runs")
    };
    let table = run("table");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&table.stdout),
        String::from_utf8_lossy(&table.stderr),
    );
    assert!(stdout.contains("· 1 example ·"), "{stdout}");
    assert_eq!(
        stdout.matches("rougeLsum equals rougeL").count(),
        1,
        "{stdout}"
    );
    assert!(
        !stderr.contains("rougeLsum equals rougeL"),
        "said twice: {stderr}"
    );
    // Where the report does not show them (JSON on stdout), the warnings go to stderr.
    let json = run("json");
    assert!(String::from_utf8_lossy(&json.stderr).contains("rougeLsum equals rougeL"));
}

#[test]
fn compare_says_what_decides_the_verdict_and_names_the_worst_examples() {
    let dir = tempfile::tempdir().expect("tmp");
    let rows = |drop: bool| -> Vec<serde_json::Value> {
        (0..30)
            .map(|i| {
                let reference = "nga và mỹ đàm phán về khủng hoảng ukraine tại geneva";
                let candidate = if drop && i % 3 == 0 {
                    "nga".to_string()
                } else {
                    reference.to_string()
                };
                json!({"id": format!("e{i:02}"), "candidate": candidate, "reference": reference})
            })
            .collect()
    };
    write_jsonl(&dir.path().join("base.jsonl"), &rows(false));
    write_jsonl(&dir.path().join("new.jsonl"), &rows(true));
    for name in ["base", "new"] {
        stdout_of_success(tomtat().current_dir(dir.path()).args([
            "score",
            "--pairs",
            &format!("{name}.jsonl"),
            "--profile",
            "vi-v1",
            "--metrics",
            "rouge1",
            "--save",
            &format!("{name}.run"),
            "-o",
            "/dev/null",
        ]));
    }
    let render = |format: &str| {
        let out = tomtat()
            .current_dir(dir.path())
            .args([
                "compare", "base.run", "new.run", "--trials", "2000", "--format", format,
            ])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let rule = "verdict: REGRESSION when a metric got worse by more than the tolerance 0.5 \
                points and its p Holm (the randomization p, Holm-adjusted across metrics) is \
                below --level 0.05";
    let table = render("table");
    assert!(
        table.contains(rule) && table.contains("95% CI of Δ"),
        "{table}"
    );
    let md = render("md");
    assert!(md.contains("#### Worst examples: rouge1"), "{md}");
    assert!(
        md.contains("10 of 30 got worse; the worst: `e00` (Δ "),
        "{md}"
    );
    assert_eq!(md.matches("(Δ ").count(), 5, "five named, no more: {md}");
    let html = render("html");
    assert!(html.contains("<td>REGRESSION</td>") && html.contains("verdict: REGRESSION when"));
    // Both runs' distributions on shared axes, named in a legend.
    assert!(html.contains("base and new on shared axes"));
    assert!(html.contains(">base: base.run</text>") && html.contains(">new: new.run</text>"));
}

/// A data set run says what its examples are, in every format, and a merge of its run file
/// says the same.
#[test]
fn a_data_set_run_says_its_examples_are_articles_and_clusters() {
    let dir = tempfile::tempdir().expect("tmp");
    let root = env!("CARGO_MANIFEST_DIR");
    let run = dir.path().join("run.json");
    let table = stdout_of_success(
        tomtat()
            .current_dir(root)
            .args(["score", "--dataset", DATASET, "--baseline", "lead-3"])
            .args(["--format", "table", "--bootstrap", "100", "--save"])
            .arg(&run),
    );
    assert!(
        table.contains("examples: 6 input, 6 scored (5 articles + 1 cluster), 0 skipped"),
        "{table}"
    );
    let report: serde_json::Value = serde_json::from_str(&stdout_of_success(
        tomtat()
            .current_dir(root)
            .args(["score", "--dataset", DATASET, "--baseline", "lead-3"])
            .args(["--format", "json", "--bootstrap", "100"]),
    ))
    .expect("json");
    assert_eq!(
        report["examples"]["kinds"],
        json!({"article": 5, "cluster": 1})
    );
    let merged = dir.path().join("merged.json");
    stdout_of_success(tomtat().arg("merge").arg(&run).arg("-o").arg(&merged));
    let merged: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&merged).expect("merged")).expect("json");
    assert_eq!(merged["report"]["examples"], report["examples"]);
    // Pairs files have no kinds.
    std::fs::write(
        dir.path().join("p.jsonl"),
        "{\"id\": \"a\", \"candidate\": \"hòa bình\", \"reference\": \"hòa bình\"}\n",
    )
    .expect("write");
    let pairs = stdout_of_success(tomtat().current_dir(dir.path()).args([
        "score",
        "--pairs",
        "p.jsonl",
        "--profile",
        "vi-v1",
        "--format",
        "md",
    ]));
    assert!(pairs.contains("1 input, 1 scored, 0 skipped"), "{pairs}");
}
