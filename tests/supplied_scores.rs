//! Supplied scores (issue 23, part 2): `--score-field NAME` makes a numeric field of the pairs
//! a metric `extra:NAME` on its own scale, with an exact mean, a bootstrap interval, per-language
//! blocks, run files, `merge` and `compare`'s paired tests and gate.

mod common;

use common::{json_report, stdout_of_success, tomtat, write_jsonl};
use serde_json::{Value, json};
use std::path::Path;

/// `n` examples; the judge grades are multiples of 1/8 (held exactly), `wer` a rate.
fn rows(n: usize, judge_shift: f64, wer_shift: f64) -> Vec<Value> {
    let words = [
        "hòa", "bình", "Ukraine", "Nga", "đàm", "phán", "tại", "Geneva", "quân", "đội",
    ];
    (0..n)
        .map(|i| {
            let text = |k: usize| {
                (0..6 + k % 5)
                    .map(|j| words[(i * 7 + j * k) % words.len()])
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            json!({
                "id": format!("e{i}"),
                "lang": if i % 3 == 0 { "en" } else { "vi" },
                "candidate": text(3),
                "reference": text(5),
                "judge": (1 + (i * 37) % 10) as f64 - (i % 8) as f64 / 8.0 + judge_shift,
                "wer": ((i * 13) % 100) as f64 / 128.0 + wer_shift,
            })
        })
        .collect()
}

fn score(dir: &Path, file: &str, extra: &[&str]) -> Value {
    let mut args = vec![
        "score",
        "--pairs",
        file,
        "--profile",
        "vi-v1",
        "--format",
        "json",
        "--score-field",
        "judge",
        "--score-field",
        "wer",
        "--lower-is-better",
        "wer",
    ];
    args.extend_from_slice(extra);
    json_report(tomtat().current_dir(dir).args(&args))
}

fn error_of(dir: &Path, args: &[&str]) -> String {
    let out = tomtat().current_dir(dir).args(args).output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_supplied_score_is_a_metric_with_its_exact_mean_and_an_interval() {
    let dir = tempfile::tempdir().expect("tmp");
    let rows = rows(240, 0.0, 0.0);
    write_jsonl(&dir.path().join("run.jsonl"), &rows);
    let report = score(dir.path(), "run.jsonl", &[]);
    let mean_of = |field: &str| {
        rows.iter()
            .map(|r| r[field].as_f64().unwrap_or(0.0))
            .sum::<f64>()
            / rows.len() as f64
    };
    for (metric, field) in [("extra:judge", "judge"), ("extra:wer:lower", "wer")] {
        let f = &report["metrics"][metric]["fmeasure"];
        assert_eq!(f["mean"].as_f64(), Some(mean_of(field)), "{metric}");
        let (low, high) = (
            f["low"].as_f64().unwrap_or(f64::NAN),
            f["high"].as_f64().unwrap_or(f64::NAN),
        );
        assert!(
            low < mean_of(field) && mean_of(field) < high,
            "{metric}: {f}"
        );
        assert_eq!(report["metrics"][metric]["precision"], *f);
    }
    let signature = report["signature"].as_str().unwrap_or_default();
    assert!(
        signature.contains("metrics:rouge1+rouge2+rougeL+rougeLsum+extra:judge+extra:wer:lower|"),
        "{signature}"
    );
}

#[test]
fn supplied_scores_read_alike_from_jsonl_and_csv_and_shown_on_their_own_scale() {
    let dir = tempfile::tempdir().expect("tmp");
    let rows = rows(60, 0.0, 0.0);
    write_jsonl(&dir.path().join("run.jsonl"), &rows);
    let mut csv = String::from("id,lang,candidate,reference,Judge,wer\n");
    for r in &rows {
        csv.push_str(&format!(
            "{},{},{},{},{},{}\n",
            r["id"].as_str().unwrap_or_default(),
            r["lang"].as_str().unwrap_or_default(),
            r["candidate"].as_str().unwrap_or_default(),
            r["reference"].as_str().unwrap_or_default(),
            r["judge"],
            r["wer"]
        ));
    }
    std::fs::write(dir.path().join("run.csv"), csv).expect("csv");
    assert_eq!(
        score(dir.path(), "run.jsonl", &[]),
        score(dir.path(), "run.csv", &[])
    );
    let table = stdout_of_success(tomtat().current_dir(dir.path()).args([
        "score",
        "--pairs",
        "run.jsonl",
        "--profile",
        "vi-v1",
        "--format",
        "table",
        "--score-field",
        "judge",
        "--bootstrap",
        "0",
    ]));
    assert!(
        table.contains("scores ×100 (extra: supplied scores as given)"),
        "{table}"
    );
    let judge_line = table
        .lines()
        .find(|l| l.starts_with("extra:judge"))
        .unwrap_or_default();
    let mean = rows
        .iter()
        .map(|r| r["judge"].as_f64().unwrap_or(0.0))
        .sum::<f64>()
        / 60.0;
    assert!(judge_line.contains(&format!("{mean:.4}")), "{judge_line}");
}

#[test]
fn bad_supplied_values_are_errors_naming_the_line_and_field() {
    let dir = tempfile::tempdir().expect("tmp");
    let base = r#"{"id":"a","candidate":"x y","reference":"x z","judge":3}"#;
    for (second, message) in [
        (
            r#"{"id":"b","candidate":"x","reference":"y"}"#,
            "bad.jsonl:2: missing field 'judge' (a number, read for --score-field judge)",
        ),
        (
            r#"{"id":"b","candidate":"x","reference":"y","judge":"high"}"#,
            "bad.jsonl:2: field 'judge' must be a number, not a string (\"high\")",
        ),
        (
            r#"{"id":"b","candidate":"x","reference":"y","judge":[1]}"#,
            "bad.jsonl:2: field 'judge' must be a number, not a list",
        ),
        (
            r#"{"id":"b","candidate":"x","reference":"y","judge":"NaN"}"#,
            "bad.jsonl:2: field 'judge' must be a number, not a string (\"NaN\")",
        ),
        (
            r#"{"id":"b","candidate":"x","reference":"y","judge":"-inf"}"#,
            "bad.jsonl:2: field 'judge' must be a number, not a string (\"-inf\")",
        ),
        // Python's json.dumps writes NaN and Infinity, which are not JSON: name the field.
        (
            r#"{"id":"b","candidate":"x","reference":"y","judge": NaN}"#,
            "bad.jsonl:2: field 'judge' is NaN, which is not a JSON number (Python's json.dumps \
             writes it; a score must be finite)",
        ),
        (
            r#"{"id":"b","candidate":"x","reference":"y","judge":-Infinity}"#,
            "bad.jsonl:2: field 'judge' is -Infinity, which is not a JSON number (Python's \
             json.dumps writes it; a score must be finite)",
        ),
        (
            r#"{"id":"b","candidate":"x","reference":"y","judge":5e9}"#,
            "bad.jsonl:2: field 'judge' is 5000000000: supplied scores must lie within \
             ±1073741824 (2^30)",
        ),
    ] {
        std::fs::write(dir.path().join("bad.jsonl"), format!("{base}\n{second}\n")).expect("w");
        let err = error_of(
            dir.path(),
            &["score", "--pairs", "bad.jsonl", "--score-field", "judge"],
        );
        assert_eq!(err, format!("tomtat: error: {message}\n"));
    }
    std::fs::write(dir.path().join("ok.jsonl"), format!("{base}\n")).expect("w");
    for (flags, message) in [
        (
            &["--score-field", "a b"][..],
            "score field name 'a b' must be 1 to 32 ASCII letters, digits, '_', '-' or '.'",
        ),
        (
            &["--score-field", "judge", "--lower-is-better", "wer"][..],
            "--lower-is-better wer names no --score-field",
        ),
        (
            &["--score-field", "judge", "--score-field", "judge"][..],
            "--score-field judge is given twice",
        ),
    ] {
        let mut args = vec!["score", "--pairs", "ok.jsonl"];
        args.extend_from_slice(flags);
        assert_eq!(
            error_of(dir.path(), &args),
            format!("tomtat: error: {message}\n")
        );
    }
    let err = error_of(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &[
            "score",
            "--dataset",
            "datasets/vi-news-ukraine-2022",
            "--baseline",
            "lead-3",
            "--score-field",
            "judge",
        ],
    );
    assert!(
        err.contains("--score-field works only with --pairs or --candidates"),
        "{err}"
    );
}

#[test]
fn data_set_candidates_carry_supplied_scores_into_the_language_blocks() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dataset = root.join("datasets/vi-news-ukraine-2022");
    let dir = tempfile::tempdir().expect("tmp");
    stdout_of_success(tomtat().current_dir(dir.path()).args([
        "score",
        "--dataset",
        &dataset.display().to_string(),
        "--baseline",
        "lead-1",
        "--per-example",
        "lead.jsonl",
        "--format",
        "json",
    ]));
    let text = std::fs::read_to_string(dir.path().join("lead.jsonl")).expect("per-example");
    let ids: Vec<String> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|v| v["id"].as_str().map(str::to_string))
        .collect();
    assert!(ids.len() >= 3);
    let rows: Vec<Value> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| json!({"id": id, "lang": "vi", "summary": "Nga và Mỹ đàm phán tại Geneva.", "judge": i}))
        .collect();
    write_jsonl(&dir.path().join("cands.jsonl"), &rows);
    let report = json_report(tomtat().current_dir(dir.path()).args([
        "score",
        "--dataset",
        &dataset.display().to_string(),
        "--candidates",
        "cands.jsonl",
        "--score-field",
        "judge",
        "--format",
        "json",
    ]));
    let mean = (ids.len() - 1) as f64 / 2.0;
    assert_eq!(
        report["metrics"]["extra:judge"]["fmeasure"]["mean"].as_f64(),
        Some(mean)
    );
    assert_eq!(
        report["by_language"]["vi"]["metrics"]["extra:judge"]["fmeasure"]["mean"].as_f64(),
        Some(mean)
    );
    write_jsonl(&dir.path().join("bad.jsonl"), &rows[..1]);
    let err = error_of(
        dir.path(),
        &[
            "score",
            "--dataset",
            &dataset.display().to_string(),
            "--candidates",
            "bad.jsonl",
            "--allow-missing",
            "--score-field",
            "grade",
        ],
    );
    assert_eq!(
        err,
        "tomtat: error: bad.jsonl:1: missing field 'grade' (a number, read for --score-field grade)\n"
    );
}

#[test]
fn shards_of_supplied_scores_merge_into_the_whole_run() {
    let dir = tempfile::tempdir().expect("tmp");
    let rows = rows(150, 0.0, 0.0);
    write_jsonl(&dir.path().join("all.jsonl"), &rows);
    write_jsonl(&dir.path().join("a.jsonl"), &rows[..61]);
    write_jsonl(&dir.path().join("b.jsonl"), &rows[61..]);
    for (file, run) in [
        ("all.jsonl", "all.run"),
        ("a.jsonl", "a.run"),
        ("b.jsonl", "b.run"),
    ] {
        score(dir.path(), file, &["--save", run]);
    }
    stdout_of_success(tomtat().current_dir(dir.path()).args([
        "merge",
        "b.run",
        "a.run",
        "-o",
        "merged.run",
    ]));
    let read = |name: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(dir.path().join(name)).expect("run"))
            .expect("json")
    };
    let (merged, whole) = (read("merged.run"), read("all.run"));
    assert_eq!(merged["report"]["metrics"], whole["report"]["metrics"]);
    assert!(merged["report"]["metrics"]["extra:judge"].is_object());
}

#[test]
fn compare_gates_a_supplied_score_in_its_own_direction_and_units() {
    let dir = tempfile::tempdir().expect("tmp");
    write_jsonl(&dir.path().join("base.jsonl"), &rows(200, 0.0, 0.0));
    // The judge drops by 0.25 on every example; the error rate rises by 1/64.
    write_jsonl(
        &dir.path().join("worse.jsonl"),
        &rows(200, -0.25, 1.0 / 64.0),
    );
    score(dir.path(), "base.jsonl", &["--save", "base.run"]);
    score(dir.path(), "worse.jsonl", &["--save", "worse.run"]);
    let compare = |extra: &[&str]| {
        let mut args = vec!["compare", "base.run", "worse.run", "--format", "json"];
        args.extend_from_slice(extra);
        let out = tomtat()
            .current_dir(dir.path())
            .args(&args)
            .output()
            .expect("runs");
        let json: Value = serde_json::from_slice(&out.stdout).expect("json");
        (out.status.code(), json)
    };
    let (code, c) = compare(&[]);
    assert_eq!(code, Some(1));
    assert_eq!(c["regressions"], json!(["extra:judge", "extra:wer:lower"]));
    let judge = c["metrics"]
        .as_array()
        .and_then(|m| m.iter().find(|m| m["metric"] == "extra:judge"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(judge["delta"].as_f64(), Some(-0.25));
    let wer = c["metrics"]
        .as_array()
        .and_then(|m| m.iter().find(|m| m["metric"] == "extra:wer:lower"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(wer["delta"].as_f64(), Some(1.0 / 64.0));
    // Every example got worse: for a lower-is-better score a rise is a loss.
    assert_eq!(
        (wer["wins"].as_u64(), wer["losses"].as_u64()),
        (Some(0), Some(200))
    );
    // Markdown, JUnit and HTML name the regressed supplied scores and show them as given.
    let render = |format: &str| {
        let out = tomtat()
            .current_dir(dir.path())
            .args(["compare", "base.run", "worse.run", "--format", format])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1), "{format}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let md = render("md");
    assert!(
        md.contains("| extra:judge |") && md.contains("-0.2500"),
        "{md}"
    );
    assert!(md.contains("\\(extra: 0 in their own units\\)"), "{md}");
    let junit = render("junit");
    assert!(junit.contains("tests=\"6\" failures=\"2\""), "{junit}");
    assert!(
        junit.contains("name=\"extra:wer:lower\">\n    <failure"),
        "{junit}"
    );
    let html = render("html");
    assert!(html.contains("extra:judge Δ (as supplied)") && html.contains("-0.2500"));
    // The tolerance of supplied scores is in their own units.
    let (code, c) = compare(&["--extra-tolerance", "0.3"]);
    assert_eq!(code, Some(0), "{c}");
    assert_eq!(c["extra_tolerance"].as_f64(), Some(0.3));
    // The other way round, both are improvements.
    let out = tomtat()
        .current_dir(dir.path())
        .args(["compare", "worse.run", "base.run"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("(extra: 0 in their own units)"), "{table}");
    let wer_line = table
        .lines()
        .find(|l| l.starts_with("extra:wer:lower"))
        .unwrap_or_default();
    assert!(
        wer_line.ends_with("better") && wer_line.contains("200/0/0"),
        "{wer_line}"
    );
}

#[test]
fn runs_whose_supplied_scores_differ_are_not_compared() {
    let dir = tempfile::tempdir().expect("tmp");
    let rows = rows(30, 0.0, 0.0);
    write_jsonl(&dir.path().join("run.jsonl"), &rows);
    let save = |fields: &[&str], run: &str| {
        let mut args = vec![
            "score",
            "--pairs",
            "run.jsonl",
            "--profile",
            "vi-v1",
            "--save",
            run,
        ];
        for f in fields {
            args.extend_from_slice(&["--score-field", f]);
        }
        stdout_of_success(tomtat().current_dir(dir.path()).args(&args));
    };
    save(&["judge"], "judge.run");
    save(&["wer"], "wer.run");
    save(&[], "plain.run");
    // A supplied score in one run only is never compared: naming it is an error, and without
    // --metric the runs compare on the metrics both have, saying which were left out
    // (issue 33: different metric sets compare on the shared ones).
    for other in ["wer.run", "plain.run"] {
        let err = error_of(
            dir.path(),
            &["compare", "judge.run", other, "--metric", "extra:judge"],
        );
        assert!(
            err.contains("metric 'extra:judge' is not in both runs"),
            "{err}"
        );
        let out = stdout_of_success(tomtat().current_dir(dir.path()).args([
            "compare",
            "judge.run",
            other,
            "--format",
            "json",
        ]));
        let v: Value = serde_json::from_str(&out).expect("json");
        let compared: Vec<&str> = v["metrics"]
            .as_array()
            .map(|m| m.iter().filter_map(|m| m["metric"].as_str()).collect())
            .unwrap_or_default();
        assert!(
            !compared.iter().any(|m| m.starts_with("extra:")),
            "{compared:?}"
        );
        assert!(v["notes"].to_string().contains("extra:judge"), "{v}");
    }
}

#[test]
fn per_example_output_carries_the_supplied_values() {
    let dir = tempfile::tempdir().expect("tmp");
    let rows = rows(5, 0.0, 0.0);
    write_jsonl(&dir.path().join("run.jsonl"), &rows);
    score(dir.path(), "run.jsonl", &["--per-example", "per.jsonl"]);
    let text = std::fs::read_to_string(dir.path().join("per.jsonl")).expect("per-example");
    for (line, row) in text.lines().zip(&rows) {
        let v: Value = serde_json::from_str(line).expect("json");
        assert_eq!(v["extra:judge"]["fmeasure"], row["judge"], "{line}");
        assert_eq!(v["extra:wer:lower"]["fmeasure"], row["wer"], "{line}");
    }
}

#[cfg(feature = "columnar")]
#[test]
fn parquet_float_and_integer_columns_are_supplied_scores() {
    use arrow_array::{ArrayRef, Float32Array, Int64Array, RecordBatch, StringArray};
    use std::sync::Arc;
    let dir = tempfile::tempdir().expect("tmp");
    let ids: ArrayRef = Arc::new(StringArray::from(vec!["a", "b", "c"]));
    let cands: ArrayRef = Arc::new(StringArray::from(vec!["hòa bình", "đàm phán", "quân đội"]));
    let refs: ArrayRef = Arc::new(StringArray::from(vec!["hòa bình", "phán", "biên giới"]));
    let judge: ArrayRef = Arc::new(Int64Array::from(vec![7, 3, 5]));
    let bert: ArrayRef = Arc::new(Float32Array::from(vec![0.5f32, 0.25, -0.125]));
    let batch = RecordBatch::try_from_iter([
        ("id", ids),
        ("candidate", cands),
        ("reference", refs),
        ("judge", judge),
        ("bert", bert),
    ])
    .expect("batch");
    let file = std::fs::File::create(dir.path().join("run.parquet")).expect("create");
    let mut w = parquet::arrow::ArrowWriter::try_new(file, batch.schema(), None).expect("w");
    w.write(&batch).expect("write");
    w.close().expect("close");
    let report = json_report(tomtat().current_dir(dir.path()).args([
        "score",
        "--pairs",
        "run.parquet",
        "--format",
        "json",
        "--score-field",
        "judge",
        "--score-field",
        "bert",
    ]));
    assert_eq!(
        report["metrics"]["extra:judge"]["fmeasure"]["mean"].as_f64(),
        Some(5.0)
    );
    assert_eq!(
        report["metrics"]["extra:bert"]["fmeasure"]["mean"].as_f64(),
        Some(0.625 / 3.0)
    );
    let err = error_of(
        dir.path(),
        &[
            "score",
            "--pairs",
            "run.parquet",
            "--score-field",
            "candidate",
        ],
    );
    assert_eq!(
        err,
        "tomtat: error: run.parquet:1: field 'candidate' must be a number, not 'hòa bình'\n"
    );
}
