//! chrF and chrF++ against sacreBLEU 2.6.0 (`scripts/gen_chrf_fixtures.py`): 600 generated
//! Vietnamese (NFC/NFD, both tone-mark styles, upper case) and English pairs with every kind
//! of whitespace and 1-3 references; precision, recall and F of each, through the library and
//! through the binary's per-example output, within 1e-9.

mod common;

use serde_json::Value;
use tomtat::metrics::chrf::{prf, sentence_stats};

fn cases() -> Vec<Value> {
    include_str!("fixtures/chrf/cases.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).expect("fixture line"))
        .collect()
}

fn close(got: [f64; 3], want: &Value, what: &str) {
    for (k, g) in got.iter().enumerate() {
        let w = want[k].as_f64().expect("number");
        assert!((g - w).abs() <= 1e-9, "{what}[{k}]: {g} vs sacreBLEU {w}");
    }
}

#[test]
fn every_case_equals_sacrebleu_sentence_chrf_through_the_library() {
    let cases = cases();
    assert_eq!(cases.len(), 600);
    for c in &cases {
        let hyp = c["candidate"].as_str().expect("candidate");
        let refs: Vec<&str> = c["references"]
            .as_array()
            .expect("references")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        for (name, order) in [("chrF", 0), ("chrF++", 2)] {
            let p = prf(&sentence_stats(hyp, &refs, order));
            close(
                [p.precision, p.recall, p.fmeasure],
                &c[name],
                &format!("{} {name}", c["id"]),
            );
        }
    }
}

#[test]
fn per_example_output_of_the_binary_equals_sacrebleu() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pairs = dir.path().join("cases.jsonl");
    std::fs::write(&pairs, include_str!("fixtures/chrf/cases.jsonl")).expect("write");
    let out = common::stdout_of_success(
        common::tomtat()
            .args(["score", "--metrics", "chrF,chrF++", "--bootstrap", "0"])
            .args(["--format", "json", "--per-example", "-", "-o"])
            .arg(dir.path().join("report.json"))
            .arg("--pairs")
            .arg(&pairs),
    );
    let cases = cases();
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("per-example line"))
        .collect();
    assert_eq!(lines.len(), cases.len());
    for (line, c) in lines.iter().zip(&cases) {
        assert_eq!(line["id"], c["id"]);
        for name in ["chrF", "chrF++"] {
            let s = &line[name];
            let got = ["precision", "recall", "fmeasure"].map(|k| s[k].as_f64().unwrap_or(-1.0));
            close(got, &c[name], &format!("{} {name}", c["id"]));
        }
    }
}

#[test]
fn chrf_normalize_makes_nfd_and_old_tone_marks_agree_and_is_signed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pairs = dir.path().join("p.jsonl");
    common::write_jsonl(
        &pairs,
        &[serde_json::json!({
            "id": "1",
            "candidate": "Ho\u{300}a bi\u{300}nh ở CHÂU ÂU",
            "reference": "hoà bình ở châu Âu",
        })],
    );
    let run = |extra: &[&str]| {
        common::json_report(
            common::tomtat()
                .args([
                    "score",
                    "--metrics",
                    "chrF++",
                    "--bootstrap",
                    "0",
                    "--format",
                    "json",
                ])
                .args(extra)
                .arg("--pairs")
                .arg(&pairs),
        )
    };
    let exact = run(&[]);
    let normalized = run(&["--chrf-normalize"]);
    let f = |r: &Value| {
        r["metrics"]["chrF++"]["fmeasure"]["mean"]
            .as_f64()
            .unwrap_or(-1.0)
    };
    assert!(f(&exact) < 0.7, "{exact}");
    assert_eq!(f(&normalized), 1.0);
    assert_eq!(exact["signature_fields"]["chrfnorm"], "no");
    assert_eq!(normalized["signature_fields"]["chrfnorm"], "vi");
    assert_eq!(
        normalized["signature_fields"]["chrf"],
        "sacrebleu2-nc6-b2-cmixed-sno-eyes"
    );
}

/// sacreBLEU's headline chrF is corpus-level: statistics summed over the corpus, then F. The
/// report's micro block is that figure (issue 23, part 3).
#[test]
fn the_micro_figure_equals_sacrebleu_corpus_chrf() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pairs = dir.path().join("cases.jsonl");
    std::fs::write(&pairs, include_str!("fixtures/chrf/cases.jsonl")).expect("write");
    let report: Value = serde_json::from_str(&common::stdout_of_success(
        common::tomtat()
            .args(["score", "--metrics", "chrF,chrF++", "--bootstrap", "200"])
            .args(["--format", "json", "--pairs"])
            .arg(&pairs),
    ))
    .expect("json");
    let corpus: Value =
        serde_json::from_str(include_str!("fixtures/chrf/corpus.json")).expect("corpus.json");
    for name in ["chrF", "chrF++"] {
        let micro = &report["metrics"][name]["micro"]["fmeasure"];
        let (got, want) = (micro["mean"].as_f64(), corpus[name].as_f64());
        assert!(
            matches!((got, want), (Some(g), Some(w)) if (g - w).abs() <= 1e-9),
            "{name}: {got:?} vs sacreBLEU corpus_chrf {want:?}"
        );
        let (low, high) = (micro["low"].as_f64(), micro["high"].as_f64());
        assert!(
            matches!((low, got, high), (Some(l), Some(g), Some(h)) if l < g && g < h),
            "{name}: {micro}"
        );
    }
}
