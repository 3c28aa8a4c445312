//! The xlsum profile against the real XL-Sum scorer (csebuetnlp's multilingual_rouge_scoring;
//! fixtures from `scripts/gen_xlsum_fixtures.py`): both tokenization paths on 400 texts, and
//! every P/R/F of rouge1/2/L/Lsum on 2,000 generated pairs per configuration (Vietnamese plain,
//! with Porter, with lang=vietnamese; English plain and with Porter) to 1e-12.

use std::collections::BTreeMap;
use tomtat::data::Pair;
use tomtat::metrics::{Interner, Metric, RefMode, ScoreOptions, Scratch};
use tomtat::run::{RunConfig, SentenceUnits, score_pair};
use tomtat::{Profile, Tokenizer, TokenizerOptions};

/// The scorer's values, one file per configuration.
const SCORES: [&str; 5] = [
    include_str!("fixtures/xlsum/scores_vi.jsonl"),
    include_str!("fixtures/xlsum/scores_vi-porter.jsonl"),
    include_str!("fixtures/xlsum/scores_vi-lang.jsonl"),
    include_str!("fixtures/xlsum/scores_en.jsonl"),
    include_str!("fixtures/xlsum/scores_en-porter.jsonl"),
];

#[derive(serde::Deserialize)]
struct Row {
    id: String,
    candidate: String,
    reference: String,
}

#[derive(serde::Deserialize)]
struct Expected {
    config: String,
    id: String,
    #[serde(flatten)]
    metrics: BTreeMap<String, [f64; 3]>,
}

#[derive(serde::Deserialize)]
struct Tokens {
    text: String,
    full: Vec<String>,
    lines: Vec<Vec<String>>,
}

fn lines<T: serde::de::DeserializeOwned>(text: &str) -> Vec<T> {
    text.lines()
        .map(|l| serde_json::from_str(l).expect("fixture line is valid JSON"))
        .collect()
}

fn tokenizer(stem: bool, lang: Option<&str>) -> Tokenizer {
    Tokenizer::new(
        Profile::XlSum,
        TokenizerOptions {
            stem,
            xlsum_lang: lang.map(str::to_string),
            ..Default::default()
        },
    )
    .expect("valid options")
}

#[test]
fn tokens_equal_the_scorers_on_both_paths() {
    let tok = tokenizer(false, None);
    let rows: Vec<Tokens> = lines(include_str!("fixtures/xlsum/tokens.jsonl"));
    assert_eq!(rows.len(), 400);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(
            tok.tokenize(&row.text),
            row.full,
            "text {i}: {:?}",
            row.text
        );
        let ours: Vec<Vec<String>> = row
            .text
            .split('\n')
            .filter(|s| !s.is_empty())
            .map(|s| {
                let mut out = Vec::new();
                tok.tokenize_sentence_with(s, &mut |t| out.push(t.to_string()));
                out
            })
            .collect();
        assert_eq!(ours, row.lines, "text {i} by line: {:?}", row.text);
    }
}

#[test]
fn scores_equal_the_scorers_in_every_configuration() {
    let pairs: BTreeMap<String, Row> = lines::<Row>(include_str!("fixtures/xlsum/pairs_vi.jsonl"))
        .into_iter()
        .chain(lines::<Row>(include_str!("fixtures/xlsum/pairs_en.jsonl")))
        .map(|r| (r.id.clone(), r))
        .collect();
    let expected: Vec<Expected> = SCORES.iter().flat_map(|s| lines(s)).collect();
    let metrics = [Metric::N(1), Metric::N(2), Metric::L, Metric::Lsum];
    let configs: BTreeMap<&str, RunConfig> = [
        ("vi", tokenizer(false, None)),
        ("vi-porter", tokenizer(true, None)),
        ("vi-lang", tokenizer(true, Some("vietnamese"))),
        ("en", tokenizer(false, None)),
        ("en-porter", tokenizer(true, None)),
    ]
    .into_iter()
    .map(|(name, tokenizer)| {
        let config = RunConfig {
            tokenizer,
            sentences: SentenceUnits::Lines,
            score: ScoreOptions {
                metrics: metrics.to_vec(),
                refs: RefMode::Max,
                ..Default::default()
            },
            limit: None,
        };
        (name, config)
    })
    .collect();
    let (mut interner, mut scratch) = (Interner::default(), Scratch::default());
    let mut compared: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &expected {
        let row = &pairs[&e.id];
        let config = &configs[e.config.as_str()];
        let pair = Pair {
            id: row.id.clone(),
            candidate: row.candidate.clone(),
            references: vec![row.reference.clone()],
            lang: None,
            source: None,
            scores: Vec::new(),
        };
        let got = score_pair(&pair, config, &mut interner, &mut scratch).scores;
        for (metric, prf) in metrics.iter().zip(&got) {
            let want = e.metrics[&metric.to_string()];
            let have = [prf.precision, prf.recall, prf.fmeasure];
            for k in 0..3 {
                assert!(
                    (have[k] - want[k]).abs() <= 1e-12,
                    "{} {} {metric} value {k}: tomtat {} vs the XL-Sum scorer {}\ncandidate {:?}\nreference {:?}",
                    e.config,
                    e.id,
                    have[k],
                    want[k],
                    row.candidate,
                    row.reference
                );
            }
        }
        *compared
            .entry(
                configs
                    .get_key_value(e.config.as_str())
                    .map_or("", |(k, _)| *k),
            )
            .or_default() += 1;
    }
    for name in ["vi", "vi-porter", "vi-lang", "en", "en-porter"] {
        assert_eq!(compared.get(name), Some(&2000), "{name}");
    }
}
