//! `tomtat correlate` end to end: four systems' saved runs and human ratings give, per metric,
//! the coefficients of the three levels computed here independently from the run files
//! (the coefficients themselves equal scipy's: `tests/correlation_scipy.rs`), with intervals;
//! bad ratings are errors naming the line.

mod common;

use serde_json::Value;
use std::path::Path;
use tomtat::stats::correlation::{KendallVariant, kendall, pearson, spearman};

const REFERENCE: &str = "the talks in geneva ended without a breakthrough officials said on monday";

/// System `s` keeps every word whose position is not a multiple of `s + 2`, and the rating is
/// the share of words it kept with a wobble (so people and ROUGE roughly agree).
fn setup(dir: &Path) -> Vec<String> {
    let words: Vec<&str> = REFERENCE.split(' ').collect();
    let mut ratings = String::new();
    let mut names = Vec::new();
    for s in 0..4usize {
        let name = format!("sys{s}");
        let mut pairs = String::new();
        for i in 0..12usize {
            let kept: Vec<&str> = words
                .iter()
                .enumerate()
                .filter(|(k, _)| (k + i) % (s + 2) != 0)
                .map(|(_, w)| *w)
                .collect();
            pairs.push_str(&format!(
                "{}\n",
                serde_json::json!({"id": format!("d{i}"), "candidate": kept.join(" "), "reference": REFERENCE})
            ));
            let rating = 1.0
                + 4.0 * kept.len() as f64 / words.len() as f64
                + ((i * 7 + s) % 5) as f64 / 10.0;
            ratings.push_str(&format!(
                "{}\n",
                serde_json::json!({"system": name, "id": format!("d{i}"), "quality": rating})
            ));
        }
        std::fs::write(dir.join(format!("{name}.jsonl")), pairs).expect("pairs");
        common::stdout_of_success(
            common::tomtat()
                .current_dir(dir)
                .args([
                    "score",
                    "--profile",
                    "en-v1",
                    "--bootstrap",
                    "0",
                    "--format",
                    "json",
                ])
                .args([
                    "--pairs",
                    &format!("{name}.jsonl"),
                    "--save",
                    &format!("{name}.json"),
                ]),
        );
        names.push(name);
    }
    std::fs::write(dir.join("ratings.jsonl"), ratings).expect("ratings");
    names
}

fn correlate(dir: &Path, extra: &[&str]) -> Value {
    let mut cmd = common::tomtat();
    cmd.current_dir(dir).args([
        "correlate",
        "--ratings",
        "ratings.jsonl",
        "--rating-field",
        "quality",
        "--format",
        "json",
    ]);
    cmd.args(extra);
    for s in 0..4 {
        cmd.arg(format!("sys{s}.json"));
    }
    common::json_report(&mut cmd)
}

/// The ratings as a systems × inputs matrix (inputs in `ids` order).
fn ratings_matrix(dir: &Path, names: &[String], ids: &[String]) -> Vec<Vec<f64>> {
    let ratings: Vec<Value> = std::fs::read_to_string(dir.join("ratings.jsonl"))
        .expect("ratings")
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    names
        .iter()
        .map(|n| {
            ids.iter()
                .map(|id| {
                    ratings
                        .iter()
                        .find(|r| r["system"] == n.as_str() && r["id"] == id.as_str())
                        .and_then(|r| r["quality"].as_f64())
                        .expect("rated")
                })
                .collect()
        })
        .collect()
}

/// Metric `m`'s F from the saved runs as a systems × inputs matrix.
fn metric_matrix(dir: &Path, names: &[String], ids: &[String], m: usize) -> Vec<Vec<f64>> {
    names
        .iter()
        .map(|n| {
            let run: Value = serde_json::from_str(
                &std::fs::read_to_string(dir.join(format!("{n}.json"))).expect("run"),
            )
            .expect("json");
            ids.iter()
                .map(|id| {
                    run["examples"]
                        .as_array()
                        .and_then(|e| e.iter().find(|e| e["id"] == id.as_str()))
                        .and_then(|e| e["prf"][m][2].as_f64())
                        .expect("example")
                })
                .collect()
        })
        .collect()
}

/// PERM-SYSTEMS with four systems has 2^4 equally likely swap patterns: the exact p-value,
/// enumerated here from the run files (standardized as Deutsch et al. do), is what the
/// Monte Carlo p-value of 4,000 trials must approach (within 0.04, over 5 binomial standard
/// deviations). Identical metrics (rougeL and rougeLsum without line breaks) get p = 1.
#[test]
fn the_permutation_test_approaches_the_exact_perm_systems_p_value() {
    let dir = tempfile::tempdir().expect("temp dir");
    let names = setup(dir.path());
    let report = correlate(
        dir.path(),
        &["--resample", "systems", "--resamples", "4000"],
    );
    let mut ids: Vec<String> = (0..12).map(|i| format!("d{i}")).collect();
    ids.sort();
    let standardize = |m: Vec<Vec<f64>>| {
        let cells: Vec<f64> = m.iter().flatten().copied().collect();
        let n = cells.len() as f64;
        let mean = cells.iter().sum::<f64>() / n;
        let sd = (cells.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n).sqrt();
        m.into_iter()
            .map(|r| r.into_iter().map(|v| (v - mean) / sd).collect::<Vec<f64>>())
            .collect::<Vec<_>>()
    };
    let h = standardize(ratings_matrix(dir.path(), &names, &ids));
    let (a, b) = (
        standardize(metric_matrix(dir.path(), &names, &ids, 0)),
        standardize(metric_matrix(dir.path(), &names, &ids, 1)),
    );
    let means = |m: &[Vec<f64>]| -> Vec<f64> {
        m.iter()
            .map(|r| r.iter().sum::<f64>() / r.len() as f64)
            .collect()
    };
    let delta = |x: &[Vec<f64>], y: &[Vec<f64>]| {
        pearson(&means(x), &means(&h)).expect("defined")
            - pearson(&means(y), &means(&h)).expect("defined")
    };
    let observed = delta(&a, &b);
    let extreme = (0..16u32)
        .filter(|mask| {
            let (mut x, mut y) = (a.clone(), b.clone());
            for s in 0..4 {
                if mask >> s & 1 == 1 {
                    std::mem::swap(&mut x[s], &mut y[s]);
                }
            }
            delta(&x, &y).abs() >= observed.abs() - 1e-12
        })
        .count();
    let exact = extreme as f64 / 16.0;
    let pairs = report["comparisons"]["system"]["pearson"]
        .as_array()
        .expect("pairs");
    let find = |a: &str, b: &str| {
        pairs
            .iter()
            .find(|d| d["a"] == a && d["b"] == b)
            .cloned()
            .expect("pair")
    };
    let got = find("rouge1", "rouge2")["p_permutation"]
        .as_f64()
        .expect("p");
    eprintln!("PERM-SYSTEMS p: Monte Carlo {got}, exact {exact}");
    assert!(
        (got - exact).abs() < 0.04,
        "Monte Carlo {got}, exact {exact}"
    );
    assert_eq!(
        find("rouge2", "rouge1")["p_permutation"].as_f64(),
        Some(got)
    );
    assert_eq!(
        find("rougeL", "rougeLsum")["p_permutation"].as_f64(),
        Some(1.0)
    );
}

#[test]
fn levels_equal_an_independent_computation_from_the_run_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let names = setup(dir.path());
    let report = correlate(dir.path(), &["--resamples", "200"]);
    assert_eq!(report["inputs"], 12);
    assert_eq!(report["systems"], serde_json::json!(names));
    // The matrices, systems × inputs in id order (d0, d1, d10, d11, d2, …).
    let mut ids: Vec<String> = (0..12).map(|i| format!("d{i}")).collect();
    ids.sort();
    let h = ratings_matrix(dir.path(), &names, &ids);
    for (m, metric) in ["rouge1", "rouge2", "rougeL", "rougeLsum"]
        .iter()
        .enumerate()
    {
        let x = metric_matrix(dir.path(), &names, &ids, m);
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
        let system_x: Vec<f64> = x.iter().map(|r| mean(r)).collect();
        let system_h: Vec<f64> = h.iter().map(|r| mean(r)).collect();
        let flat = |m: &[Vec<f64>]| m.iter().flatten().copied().collect::<Vec<f64>>();
        let per_input: Vec<f64> = (0..ids.len())
            .filter_map(|i| {
                let xs: Vec<f64> = x.iter().map(|r| r[i]).collect();
                let hs: Vec<f64> = h.iter().map(|r| r[i]).collect();
                kendall(&xs, &hs, KendallVariant::B)
            })
            .collect();
        let expected = [
            ("system", "pearson", pearson(&system_x, &system_h)),
            ("system", "spearman", spearman(&system_x, &system_h)),
            (
                "global",
                "kendall_c",
                kendall(&flat(&x), &flat(&h), KendallVariant::C),
            ),
            (
                "summary",
                "kendall_b",
                (!per_input.is_empty()).then(|| mean(&per_input)),
            ),
        ];
        for (level, coefficient, want) in expected {
            let got = &report["levels"][level][metric][coefficient];
            match (got["value"].as_f64(), want) {
                (Some(g), Some(w)) => assert!(
                    (g - w).abs() < 1e-12,
                    "{level} {metric} {coefficient}: {g} vs {w}"
                ),
                (g, w) => assert_eq!(g, w, "{level} {metric} {coefficient}"),
            }
            if got["value"].is_f64() {
                let (low, high) = (got["low"].as_f64(), got["high"].as_f64());
                assert!(low.is_some() && high.is_some() && low <= high, "{got}");
            }
        }
    }
    // Metric against metric: Δ is the difference of the two values, on the same resamples.
    let pairs = report["comparisons"]["global"]["kendall_b"]
        .as_array()
        .expect("pairs");
    assert_eq!(pairs.len(), 12);
    for d in pairs {
        let value = |m: &Value| {
            report["levels"]["global"][m.as_str().unwrap_or("")]["kendall_b"]["value"].as_f64()
        };
        let (a, b) = (value(&d["a"]), value(&d["b"]));
        if let (Some(a), Some(b), Some(delta)) = (a, b, d["delta"].as_f64()) {
            assert!((delta - (a - b)).abs() < 1e-15, "{d}");
        }
        let p = d["p"].as_f64().expect("p");
        assert!(p > 0.0 && p <= 1.0, "{d}");
    }
    // The same seed gives the same bytes; intervals need resamples.
    assert_eq!(correlate(dir.path(), &["--resamples", "200"]), report);
    let none = correlate(dir.path(), &["--resamples", "0"]);
    assert!(none["levels"]["system"]["rouge1"]["pearson"]["low"].is_null());
}

#[test]
fn bad_ratings_name_the_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    setup(dir.path());
    let mut text = std::fs::read_to_string(dir.path().join("ratings.jsonl")).expect("read");
    text.push_str("{\"system\":\"sys0\",\"id\":\"d3\",\"quality\":\"good\"}\n");
    std::fs::write(dir.path().join("ratings.jsonl"), &text).expect("write");
    let out = common::tomtat()
        .current_dir(dir.path())
        .args([
            "correlate",
            "--ratings",
            "ratings.jsonl",
            "--rating-field",
            "quality",
        ])
        .args(["sys0.json", "sys1.json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "tomtat: error: ratings.jsonl:49: field 'quality' must be a number, not a string (\"good\")\n"
    );
    text.push_str("{\"system\":\"sys0\",\"id\":\"d3\",\"quality\":4}\n");
    let text = text.replace("\"quality\":\"good\"", "\"quality\":2");
    std::fs::write(dir.path().join("ratings.jsonl"), &text).expect("write");
    let out = common::tomtat()
        .current_dir(dir.path())
        .args(["correlate", "--ratings", "ratings.jsonl"])
        .args(["--rating-field", "quality", "sys0.json", "sys1.json"])
        .output()
        .expect("runs");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "tomtat: error: ratings.jsonl:49: system 'sys0' rates id 'd3' twice (first at line 4)\n"
    );
}

/// The same ratings as Parquet (integer ids and float ratings, a dictionary-encoded system
/// column) and as CSV give the JSON Lines report byte for byte.
#[cfg(feature = "columnar")]
#[test]
fn ratings_read_alike_from_parquet_csv_and_json_lines() {
    use arrow_array::{ArrayRef, Float64Array, RecordBatch, StringArray};
    use std::sync::Arc;
    let dir = tempfile::tempdir().expect("temp dir");
    setup(dir.path());
    let rows: Vec<Value> = std::fs::read_to_string(dir.path().join("ratings.jsonl"))
        .expect("ratings")
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    let text = |k: &str| -> Vec<String> {
        rows.iter()
            .map(|r| r[k].as_str().unwrap_or_default().to_string())
            .collect()
    };
    let quality: Vec<f64> = rows.iter().filter_map(|r| r["quality"].as_f64()).collect();
    let batch = RecordBatch::try_from_iter([
        (
            "system",
            Arc::new(StringArray::from(text("system"))) as ArrayRef,
        ),
        ("id", Arc::new(StringArray::from(text("id"))) as ArrayRef),
        (
            "quality",
            Arc::new(Float64Array::from(quality.clone())) as ArrayRef,
        ),
    ])
    .expect("batch");
    let file = std::fs::File::create(dir.path().join("ratings.parquet")).expect("create");
    let mut w = parquet::arrow::ArrowWriter::try_new(file, batch.schema(), None).expect("w");
    w.write(&batch).expect("write");
    w.close().expect("close");
    let mut csv = String::from("System,ID,Quality\n");
    for ((s, i), q) in text("system").iter().zip(text("id")).zip(&quality) {
        csv.push_str(&format!("{s},{i},{q}\n"));
    }
    std::fs::write(dir.path().join("ratings.csv"), csv).expect("csv");
    let run = |ratings: &str| {
        let mut cmd = common::tomtat();
        cmd.current_dir(dir.path()).args([
            "correlate",
            "--ratings",
            ratings,
            "--rating-field",
            "quality",
            "--format",
            "json",
            "--resamples",
            "50",
        ]);
        for s in 0..4 {
            cmd.arg(format!("sys{s}.json"));
        }
        common::stdout_of_success(&mut cmd)
    };
    let jsonl = run("ratings.jsonl");
    assert_eq!(run("ratings.parquet"), jsonl);
    assert_eq!(run("ratings.csv"), jsonl);
}

/// `--format html`: one page with a scatter of every summary and of the system means per
/// metric; names from the inputs (the rating field, the systems) are escaped.
#[test]
fn the_html_page_plots_every_metric_and_escapes_names() {
    let dir = tempfile::tempdir().expect("temp dir");
    setup(dir.path());
    let text = std::fs::read_to_string(dir.path().join("ratings.jsonl")).expect("read");
    std::fs::write(
        dir.path().join("ratings.jsonl"),
        text.replace("\"quality\"", "\"<i>quality</i>\""),
    )
    .expect("write");
    let mut cmd = common::tomtat();
    cmd.current_dir(dir.path()).args([
        "correlate",
        "--ratings",
        "ratings.jsonl",
        "--rating-field",
        "<i>quality</i>",
        "--format",
        "html",
        "--resamples",
        "20",
    ]);
    for s in 0..4 {
        cmd.arg(format!("sys{s}.json"));
    }
    let page = common::stdout_of_success(&mut cmd);
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(!page.contains("<i>"), "an input reached the page raw");
    assert!(page.contains("&lt;i&gt;quality&lt;/i&gt;"));
    // 4 metrics × (4 systems × 12 inputs + 4 system means).
    assert_eq!(page.matches("class=\"point\"").count(), 4 * (48 + 4));
    for metric in ["rouge1", "rouge2", "rougeL", "rougeLsum"] {
        assert!(
            page.contains(&format!("{metric}: every summary")),
            "{metric}"
        );
        assert!(
            page.contains(&format!("{metric}: system means")),
            "{metric}"
        );
    }
    // Self-contained: no script, and no address but the SVG namespace.
    assert!(!page.contains("<script"));
    assert_eq!(
        page.matches("http").count(),
        page.matches("http://www.w3.org/2000/svg").count()
    );
}

/// A report names what it was computed from, like `score`: each run's data fingerprint and a
/// digest of the ratings; a system name taken from a file name reaches the terminal escaped.
#[test]
fn the_report_fingerprints_its_inputs_and_escapes_file_names() {
    let dir = tempfile::tempdir().expect("temp dir");
    setup(dir.path());
    let report = correlate(dir.path(), &["--resamples", "0"]);
    let prints = report["fingerprints"].as_array().expect("fingerprints");
    assert_eq!(prints.len(), 4);
    assert!(
        prints
            .iter()
            .all(|f| f.as_str().is_some_and(|f| f.starts_with("n=12 ids=")))
    );
    let digest = report["ratings_digest"].as_str().unwrap_or_default();
    assert!(digest.len() == 12 && digest.bytes().all(|b| b.is_ascii_hexdigit()));
    // The digest does not depend on the order of the rows.
    let text = std::fs::read_to_string(dir.path().join("ratings.jsonl")).expect("read");
    let reversed: Vec<&str> = text.lines().rev().collect();
    std::fs::write(dir.path().join("ratings.jsonl"), reversed.join("\n")).expect("write");
    assert_eq!(
        correlate(dir.path(), &["--resamples", "0"])["ratings_digest"],
        digest
    );
    // A run file whose stem holds an escape sequence.
    std::fs::copy(
        dir.path().join("sys1.json"),
        dir.path().join("s\u{1b}[31m.json"),
    )
    .expect("copy");
    let ratings = text.replace("\"sys1\"", "\"s\\u001b[31m\"");
    std::fs::write(dir.path().join("ratings.jsonl"), ratings).expect("write");
    let out = common::stdout_of_success(common::tomtat().current_dir(dir.path()).args([
        "correlate",
        "--ratings",
        "ratings.jsonl",
        "--rating-field",
        "quality",
        "--resamples",
        "0",
        "sys0.json",
        "s\u{1b}[31m.json",
    ]));
    assert!(!out.contains('\u{1b}'), "{out}");
    assert!(out.contains("data: sys0 n=12"), "{out}");
}

/// Issue 33: with one metric there is nothing to compare it against, so the table prints no
/// empty "metric against metric" header.
#[test]
fn one_metric_prints_no_metric_against_metric_header() {
    let dir = tempfile::tempdir().expect("temp dir");
    setup(dir.path());
    // The same systems (a run's system is its file's stem), scored with rouge1 alone.
    std::fs::create_dir(dir.path().join("one")).expect("dir");
    let mut cmd = common::tomtat();
    cmd.current_dir(dir.path())
        .args(["correlate", "--ratings", "ratings.jsonl"])
        .args(["--rating-field", "quality", "--resamples", "0"]);
    for s in 0..4 {
        let (pairs, run) = (format!("sys{s}.jsonl"), format!("one/sys{s}.json"));
        common::stdout_of_success(
            common::tomtat()
                .current_dir(dir.path())
                .args(["score", "--profile", "en-v1", "--bootstrap", "0"])
                .args(["--metrics", "rouge1", "-o", "/dev/null"])
                .args(["--pairs", &pairs, "--save", &run]),
        );
        cmd.arg(&run);
    }
    let one = common::stdout_of_success(&mut cmd);
    assert!(!one.contains("metric against metric"), "{one}");
    assert!(one.contains("system level"), "{one}");
}
