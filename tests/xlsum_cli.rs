//! `--profile xlsum` through the binary: per-example scores equal the real XL-Sum scorer's
//! (fixtures from `scripts/gen_xlsum_fixtures.py`), languages it cannot reproduce are refused
//! with what they need, and the signature names the profile, stemmer and language.

mod common;

use common::{stdout_of_success, tomtat};
use serde_json::Value;
use std::collections::HashMap;

fn expected(config: &str) -> HashMap<String, Value> {
    let text = match config {
        "vi" => include_str!("fixtures/xlsum/scores_vi.jsonl"),
        "vi-porter" => include_str!("fixtures/xlsum/scores_vi-porter.jsonl"),
        "vi-lang" => include_str!("fixtures/xlsum/scores_vi-lang.jsonl"),
        "en-porter" => include_str!("fixtures/xlsum/scores_en-porter.jsonl"),
        other => panic!("no fixture for {other}"),
    };
    text.lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("fixture JSON"))
        .map(|v| (v["id"].as_str().unwrap_or_default().to_string(), v))
        .collect()
}

fn check(config: &str, pairs: &str, extra: &[&str]) {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("pairs.jsonl");
    let first: String = pairs.lines().take(300).map(|l| format!("{l}\n")).collect();
    std::fs::write(&input, first).expect("pairs");
    let per = dir.path().join("per.jsonl");
    stdout_of_success(
        tomtat()
            .args([
                "score",
                "--profile",
                "xlsum",
                "--metrics",
                "rouge1,rouge2,rougeL,rougeLsum",
            ])
            .args(["--bootstrap", "0", "--format", "json", "-o", "/dev/null"])
            .args(extra)
            .arg("--pairs")
            .arg(&input)
            .arg("--per-example")
            .arg(&per),
    );
    let want = expected(config);
    let lines = std::fs::read_to_string(&per).expect("per-example");
    let mut n = 0;
    for line in lines.lines() {
        let got: Value = serde_json::from_str(line).expect("per-example JSON");
        let w = &want[got["id"].as_str().unwrap_or_default()];
        for m in ["rouge1", "rouge2", "rougeL", "rougeLsum"] {
            for (k, stat) in ["precision", "recall", "fmeasure"].iter().enumerate() {
                let have = got[m][stat].as_f64().unwrap_or(f64::NAN);
                let expect = w[m][k].as_f64().unwrap_or(f64::NAN);
                assert!(
                    (have - expect).abs() <= 1e-12,
                    "{config} {} {m} {stat}: {have} vs {expect}",
                    got["id"]
                );
            }
        }
        n += 1;
    }
    assert_eq!(n, 300);
}

#[test]
fn per_example_scores_equal_the_scorers() {
    let vi = include_str!("fixtures/xlsum/pairs_vi.jsonl");
    let en = include_str!("fixtures/xlsum/pairs_en.jsonl");
    check("vi", vi, &[]);
    check("vi-porter", vi, &["--stem"]);
    check("vi-lang", vi, &["--stem", "--xlsum-lang", "vietnamese"]);
    check("en-porter", en, &["--stem"]);
}

#[test]
fn languages_it_cannot_reproduce_are_refused_naming_what_they_need() {
    for (args, message) in [
        (&["--xlsum-lang", "chinese_simplified"][..], "jieba"),
        (&["--xlsum-lang", "thai"][..], "pythainlp"),
        (
            &["--xlsum-lang", "english", "--stem"][..],
            "stop-word corpus",
        ),
        (&["--xlsum-lang", "bangla", "--stem"][..], "bengali_stemmer"),
        (&["--xlsum-lang", "Vietnamese"][..], "lowercase"),
    ] {
        let out = tomtat()
            .args(["signature", "--profile", "xlsum"])
            .args(args)
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
    let out = tomtat()
        .args([
            "signature",
            "--profile",
            "vi-v1",
            "--xlsum-lang",
            "vietnamese",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_signature_names_profile_language_and_stemmer() {
    let sig = |args: &[&str]| {
        let out = tomtat()
            .args(["signature", "--profile", "xlsum"])
            .args(args)
            .output()
            .expect("runs");
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(sig(&[]).starts_with("profile:xlsum|xlsum-lang:none|norm:none|"));
    assert!(sig(&["--stem"]).contains("|stem:yes|"));
    assert!(sig(&["--xlsum-lang", "bangla"]).contains("xlsum-lang:bengali|"));
    // The scorer has no Vietnamese stemmer: use_stemmer changes nothing, and the signature
    // says what ran.
    assert!(sig(&["--xlsum-lang", "vietnamese", "--stem"]).contains("|stem:no|"));
}

#[test]
fn text_not_in_nfc_is_warned_about_once() {
    let out = tomtat()
        .args(["tokenize", "--profile", "xlsum"])
        .write_stdin("Ho\u{300}a bi\u{300}nh\nhoà bình\nHo\u{300}a\n")
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("does not normalize").count(), 1, "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_ne!(
        lines[0], lines[1],
        "NFD and NFC stay different, as in the scorer"
    );
}

/// Issue 32: an XL-Sum file imported with `dataset import xlsum` keeps its released text byte
/// for byte, so `score --dataset … --profile xlsum` equals the real scorer run on the raw file,
/// on rows whose summaries hold NFD, Ð for Đ, U+200B and stray spaces
/// (`scripts/gen_xlsum_fixtures.py --release-only`).
#[test]
fn an_imported_release_file_scores_as_the_real_scorer_on_the_raw_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("vietnamese_test.jsonl");
    std::fs::write(
        &file,
        include_str!("fixtures/xlsum/release_vietnamese_test.jsonl"),
    )
    .expect("release file");
    let candidates = dir.path().join("candidates.jsonl");
    std::fs::write(
        &candidates,
        include_str!("fixtures/xlsum/release_candidates.jsonl"),
    )
    .expect("candidates");
    let dest = dir.path().join("imported");
    stdout_of_success(
        tomtat()
            .args(["dataset", "import", "xlsum"])
            .arg(&file)
            .arg(&dest),
    );
    let per = dir.path().join("per.jsonl");
    stdout_of_success(
        tomtat()
            .args(["score", "--profile", "xlsum"])
            .args(["--metrics", "rouge1,rouge2,rougeL,rougeLsum"])
            .args(["--bootstrap", "0", "--format", "json", "-o", "/dev/null"])
            .arg("--dataset")
            .arg(&dest)
            .arg("--candidates")
            .arg(&candidates)
            .arg("--per-example")
            .arg(&per),
    );
    let want: HashMap<String, Value> = include_str!("fixtures/xlsum/release_scores.jsonl")
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("fixture JSON"))
        .map(|v| (v["id"].as_str().unwrap_or_default().to_string(), v))
        .collect();
    let mut quirks = std::collections::BTreeMap::new();
    let lines = std::fs::read_to_string(&per).expect("per-example");
    for line in lines.lines() {
        let got: Value = serde_json::from_str(line).expect("per-example JSON");
        let w = &want[got["id"].as_str().unwrap_or_default()];
        for m in ["rouge1", "rouge2", "rougeL", "rougeLsum"] {
            for (k, stat) in ["precision", "recall", "fmeasure"].iter().enumerate() {
                let have = got[m][stat].as_f64().unwrap_or(f64::NAN);
                let expect = w[m][k].as_f64().unwrap_or(f64::NAN);
                assert!(
                    (have - expect).abs() <= 1e-12,
                    "{} ({}) {m} {stat}: {have} vs {expect}",
                    got["id"],
                    w["quirk"]
                );
            }
        }
        *quirks.entry(w["quirk"].to_string()).or_insert(0) += 1;
    }
    assert_eq!(quirks.values().sum::<i32>(), 120, "{quirks:?}");
    assert_eq!(
        quirks.len(),
        4,
        "NFD, Ð, U+200B and spaces all scored: {quirks:?}"
    );
}
