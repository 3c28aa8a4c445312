//! ROUGE scores with `--profile rouge-score` against Google rouge-score 0.1.2 on 2,000
//! generated pairs (`scripts/gen_rouge_score_scores.py`), with and without stemming.

use std::collections::BTreeMap;
use tomtat::data::Pair;
use tomtat::metrics::{Interner, Metric, RefMode, ScoreOptions, Scratch};
use tomtat::run::{RunConfig, SentenceUnits, score_pair};
use tomtat::{Profile, Tokenizer, TokenizerOptions};

#[derive(serde::Deserialize)]
struct Case {
    candidate: String,
    references: Vec<String>,
    plain: BTreeMap<String, [f64; 3]>,
    stem: BTreeMap<String, [f64; 3]>,
}

const PARTS: [&str; 4] = [
    include_str!("fixtures/rouge_score_scores/part0.jsonl"),
    include_str!("fixtures/rouge_score_scores/part1.jsonl"),
    include_str!("fixtures/rouge_score_scores/part2.jsonl"),
    include_str!("fixtures/rouge_score_scores/part3.jsonl"),
];

fn cases() -> Vec<Case> {
    PARTS
        .iter()
        .flat_map(|p| p.lines())
        .map(|l| serde_json::from_str(l).expect("fixture line is valid JSON"))
        .collect()
}

fn check(stem: bool) {
    let tokenizer = Tokenizer::new(
        Profile::RougeScore,
        TokenizerOptions {
            stem,
            ..Default::default()
        },
    )
    .expect("valid options");
    let metrics: Vec<Metric> = (1..=9)
        .map(Metric::N)
        .chain([Metric::L, Metric::Lsum])
        .collect();
    let options = ScoreOptions {
        metrics: metrics.clone(),
        refs: RefMode::Max,
        ..Default::default()
    };
    let config = RunConfig {
        tokenizer,
        sentences: SentenceUnits::Lines,
        score: options,
        limit: None,
    };
    let (mut interner, mut scratch) = (Interner::default(), Scratch::default());
    let cases = cases();
    assert_eq!(cases.len(), 2000);
    let mut compared = 0;
    for (i, case) in cases.iter().enumerate() {
        let pair = Pair {
            id: i.to_string(),
            candidate: case.candidate.clone(),
            references: case.references.clone(),
            lang: None,
            source: None,
            scores: Vec::new(),
        };
        let got = score_pair(&pair, &config, &mut interner, &mut scratch).scores;
        let expected = if stem { &case.stem } else { &case.plain };
        for (metric, prf) in metrics.iter().zip(&got) {
            let want = expected[&metric.to_string()];
            let have = [prf.precision, prf.recall, prf.fmeasure];
            for k in 0..3 {
                assert!(
                    (have[k] - want[k]).abs() <= 1e-12,
                    "case {i} {metric} value {k}: tomtat {} vs rouge-score {}",
                    have[k],
                    want[k]
                );
                compared += 1;
            }
        }
    }
    assert_eq!(compared, 2000 * 11 * 3);
}

#[test]
fn scores_equal_rouge_score_without_stemming() {
    check(false);
}

#[test]
fn scores_equal_rouge_score_with_stemming() {
    check(true);
}
