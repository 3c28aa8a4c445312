//! `--perl-compat` against ROUGE-1.5.5's printed per-evaluation recall and precision, for
//! `-f A` (`--refs pool`) and `-f B` (`--refs best-recall`). See tests/fixtures/rouge155/.

use std::collections::BTreeMap;
use tomtat::data::Pair;
use tomtat::metrics::{Interner, Metric, RefMode, ScoreOptions, Scratch};
use tomtat::run::{RunConfig, SentenceUnits, score_pair};
use tomtat::{Profile, Tokenizer};

#[derive(serde::Deserialize)]
struct Case {
    candidate: String,
    references: Vec<String>,
    #[serde(rename = "A")]
    pool: BTreeMap<String, [String; 2]>,
    #[serde(rename = "B")]
    best: BTreeMap<String, [String; 2]>,
}

fn check(mode: RefMode, perl_compat: bool) -> Vec<String> {
    let tokenizer = Tokenizer::with_defaults(Profile::RougeScore);
    let metrics = Metric::parse_list("rouge1,rouge2,rougeLsum,rougeW,rougeS4,rougeSU4")
        .expect("valid metric names");
    let options = ScoreOptions {
        metrics: metrics.clone(),
        refs: mode,
        alpha: 0.5,
        perl_compat,
        target_lang: None,
    };
    let config = RunConfig {
        tokenizer,
        sentences: SentenceUnits::Lines,
        score: options,
        limit: None,
    };
    let (mut interner, mut scratch) = (Interner::default(), Scratch::default());
    let mut mismatches = Vec::new();
    let mut compared = 0;
    for (i, line) in include_str!("fixtures/rouge155/pairs.jsonl")
        .lines()
        .enumerate()
    {
        let case: Case = serde_json::from_str(line).expect("fixture line is valid JSON");
        let pair = Pair {
            id: i.to_string(),
            candidate: case.candidate.clone(),
            references: case.references.clone(),
            lang: None,
            source: None,
            scores: Vec::new(),
        };
        let got = score_pair(&pair, &config, &mut interner, &mut scratch).scores;
        let expected = if mode == RefMode::Pool {
            &case.pool
        } else {
            &case.best
        };
        for (metric, prf) in metrics.iter().zip(&got) {
            let [r, p] = &expected[&metric.to_string()];
            let (have_r, have_p) = (
                format!("{:.5}", prf.recall),
                format!("{:.5}", prf.precision),
            );
            if &have_r != r || &have_p != p {
                mismatches.push(format!(
                    "pair {i} {metric}: tomtat R {have_r} P {have_p}, ROUGE-1.5.5 R {r} P {p}"
                ));
            }
            compared += 1;
        }
    }
    assert_eq!(compared, 320 * 6);
    mismatches
}

#[test]
fn pool_equals_rouge155_f_a() {
    let m = check(RefMode::Pool, true);
    assert!(m.is_empty(), "{} mismatches:\n{}", m.len(), m.join("\n"));
}

#[test]
fn best_recall_equals_rouge155_f_b() {
    let m = check(RefMode::BestRecall, true);
    assert!(m.is_empty(), "{} mismatches:\n{}", m.len(), m.join("\n"));
}

/// Without --perl-compat only ROUGE-W and ROUGE-SU may differ (README explains why).
#[test]
fn without_perl_compat_only_w_and_su_differ() {
    for mode in [RefMode::Pool, RefMode::BestRecall] {
        let m = check(mode, false);
        assert!(!m.is_empty());
        assert!(
            m.iter()
                .all(|s| s.contains("rougeW") || s.contains("rougeSU4")),
            "{}",
            m.join("\n")
        );
    }
}

/// `--stemmer rouge155` gives ROUGE-1.5.5's own `-m` stem for every word of
/// tests/fixtures/rouge155/stems.tsv (NLTK's word list, every WordNet irregular form, every
/// token of the generated fixture texts; stems from the Perl code, scripts/gen_rouge155_stems.py),
/// through the stemmer and through the rouge-score tokenizer.
#[test]
fn rouge155_stemmer_equals_the_perl_stems_of_every_word() {
    use tomtat::TokenizerOptions;
    use tomtat::text::Stemmer;
    let tokenizer = Tokenizer::new(
        Profile::RougeScore,
        TokenizerOptions {
            stem: true,
            stemmer: Stemmer::Rouge155,
            ..TokenizerOptions::default()
        },
    )
    .expect("valid options");
    let (mut checked, mut mismatches) = (0, Vec::new());
    for line in include_str!("fixtures/rouge155/stems.tsv").lines() {
        if line.starts_with('#') {
            continue;
        }
        let (word, expected) = line.split_once('\t').expect("word<TAB>stem");
        let got = if word.len() > 3 {
            tomtat::text::rouge155_stem::stem(word)
        } else {
            word.to_string()
        };
        if got != expected {
            mismatches.push(format!("{word}: tomtat {got}, ROUGE-1.5.5 {expected}"));
        }
        if word
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        {
            assert_eq!(tokenizer.tokenize(word), [expected], "{word}");
        }
        checked += 1;
    }
    assert!(checked > 10_000, "{checked}");
    assert!(
        mismatches.is_empty(),
        "{} of {checked} differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// R and P of ROUGE-1/2/L/W-1.2/SU4 under `-f A` with `-m` (`--stemmer rouge155`), `-l 10`
/// (`--limit-words 10`), `-b 75` (`--limit-bytes 75`) and `-s` (`--stopwords` with
/// `--perl-compat`), against the Perl script's printed values
/// (tests/fixtures/rouge155/options.jsonl, scripts/gen_rouge155_option_fixtures.py).
fn check_options(name: &str) -> (usize, Vec<String>) {
    use tomtat::options::{ScoringOptions, TokenizerSpec};
    use tomtat::text::Stemmer;
    use tomtat::text::limit::Limit;
    let stopwords = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rouge155/stopwords.txt");
    let options = ScoringOptions {
        profile: Some(Profile::RougeScore),
        tokenizer: TokenizerSpec {
            stem: true,
            stemmer: Stemmer::Rouge155,
            stopwords: (name == "ms").then_some(stopwords),
            ..TokenizerSpec::default()
        },
        metrics: "rouge1,rouge2,rougeLsum,rougeW,rougeSU4".into(),
        refs: RefMode::Pool,
        perl_compat: true,
        limit: match name {
            "l10m" => Some(Limit::Words(10)),
            "b75m" => Some(Limit::Bytes(75)),
            _ => None,
        },
        ..ScoringOptions::default()
    };
    let score = options.score_options().expect("valid options");
    let config = options
        .run_config(Profile::RougeScore, &score)
        .expect("valid config");
    let (mut interner, mut scratch) = (Interner::default(), Scratch::default());
    let (mut compared, mut mismatches) = (0, Vec::new());
    for (i, line) in include_str!("fixtures/rouge155/options.jsonl")
        .lines()
        .enumerate()
    {
        let case: serde_json::Value = serde_json::from_str(line).expect("fixture line");
        let text = |v: &serde_json::Value| v.as_str().expect("text").to_string();
        let pair = Pair {
            id: i.to_string(),
            candidate: text(&case["candidate"]),
            references: case["references"]
                .as_array()
                .expect("references")
                .iter()
                .map(text)
                .collect(),
            lang: None,
            source: None,
            scores: Vec::new(),
        };
        let got = score_pair(&pair, &config, &mut interner, &mut scratch).scores;
        for (metric, prf) in score.metrics.iter().zip(&got) {
            let expected = &case[name][metric.to_string()];
            let (r, p) = (text(&expected[0]), text(&expected[1]));
            let (have_r, have_p) = (
                format!("{:.5}", prf.recall),
                format!("{:.5}", prf.precision),
            );
            if have_r != r || have_p != p {
                mismatches.push(format!(
                    "pair {i} {metric}: tomtat R {have_r} P {have_p}, ROUGE-1.5.5 R {r} P {p}"
                ));
            }
            compared += 1;
        }
    }
    (compared, mismatches)
}

#[test]
fn stemmed_scores_equal_rouge155_dash_m() {
    let (n, m) = check_options("m");
    assert_eq!(n, 200 * 5);
    assert!(m.is_empty(), "{} of {n} differ:\n{}", m.len(), m.join("\n"));
}

#[test]
fn word_limit_equals_rouge155_dash_l() {
    let (n, m) = check_options("l10m");
    assert_eq!(n, 200 * 5);
    assert!(m.is_empty(), "{} of {n} differ:\n{}", m.len(), m.join("\n"));
}

/// Under `-b`, ROUGE-1.5.5 reads ROUGE-L/W sentences with a routine that never adds up the
/// line lengths and clips their hits by the n-gram cut's unigrams; `--perl-compat` does too.
#[test]
fn byte_limit_equals_rouge155_dash_b() {
    let (n, m) = check_options("b75m");
    assert_eq!(n, 200 * 5);
    assert!(m.is_empty(), "{} of {n} differ:\n{}", m.len(), m.join("\n"));
}

#[test]
fn perl_stopwords_equal_rouge155_dash_s() {
    let (n, m) = check_options("ms");
    assert_eq!(n, 200 * 5);
    assert!(m.is_empty(), "{} of {n} differ:\n{}", m.len(), m.join("\n"));
}
