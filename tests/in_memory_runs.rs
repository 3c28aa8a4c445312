//! Runs over pairs in memory keep what the run file needs of each example compactly
//! (`report::Kept` beside the tally) and add the tally to the sums a batch at a time: neither
//! may change a byte of what the run file or the state holds.

use tomtat::data::Pair;
use tomtat::metrics::RefMode;
use tomtat::options::ScoringOptions;
use tomtat::report::{RunExample, RunState};
use tomtat::run::{Session, score_in_memory, score_partition};
use tomtat::text::Profile;

const WORDS: &[&str] = &[
    "nga", "mỹ", "đàm", "phán", "hòa", "bình", "ukraine", "quân", "đội", "không", "có", "geneva",
];

/// A short text of words picked by `seed`; every seventh has a second line.
fn text(seed: usize, words: usize) -> String {
    let mut out: Vec<&str> = (0..words)
        .map(|k| WORDS[(seed * 7 + k * 5 + seed / 3) % WORDS.len()])
        .collect();
    if seed.is_multiple_of(7) {
        out.push("\nhai bên");
    }
    out.join(" ")
}

/// `n` pairs with everything a run file example can hold: languages (some absent), empty
/// candidates, empty references, several references, a source.
fn pairs(n: usize) -> Vec<Pair> {
    (0..n)
        .map(|i| Pair {
            id: format!("ex{i}"),
            candidate: if i % 97 == 5 {
                String::new()
            } else {
                text(i, 3 + i % 9)
            },
            references: (0..1 + i % 3)
                .map(|r| {
                    if i % 89 == 3 && r == 0 {
                        String::new()
                    } else {
                        text(i + r + 1, 4 + (i + r) % 7)
                    }
                })
                .collect(),
            lang: match i % 4 {
                0 => None,
                1 => Some("vi".into()),
                _ => Some("en".into()),
            },
            source: Some(text(i + 11, 20)),
            scores: Vec::new(),
        })
        .collect()
}

fn options(metrics: &str, refs: RefMode, resamples: usize) -> ScoringOptions {
    let mut o = ScoringOptions {
        profile: Some(Profile::ViV1),
        metrics: metrics.into(),
        refs,
        // langmatch judges examples without a language against this one.
        target_lang: metrics.contains("langmatch").then(|| "vi".into()),
        ..ScoringOptions::default()
    };
    o.bootstrap.resamples = resamples;
    o
}

/// The run file examples as every run made them before: one [`RunExample`] from each pair's
/// scores and digests.
fn examples_from_scores(pairs: &[Pair], opts: &ScoringOptions) -> Vec<RunExample> {
    let score = opts.score_options().expect("options");
    let config = opts.run_config(Profile::ViV1, &score).expect("config");
    let mut session = Session::new(vec![config], opts.bootstrap);
    let lines: Vec<usize> = (1..=pairs.len()).collect();
    session
        .score(
            pairs,
            &vec![0; pairs.len()],
            &lines,
            "input",
            RunExample::new,
        )
        .expect("scores")
        .into_iter()
        .map(|(_, e)| e)
        .collect()
}

#[test]
fn kept_examples_are_the_examples_made_from_the_scores() {
    // More pairs than one chunk of work holds, so the run reads several.
    let pairs = pairs(5000);
    for (metrics, refs) in [
        ("rouge1,rouge2,rougeL,rougeLsum", RefMode::Max),
        (
            "rouge1,chrF,rougeW,chrF++,rougeSU4,langmatch,copysource",
            RefMode::Max,
        ),
        ("rouge1,chrF,rougeW,rougeL", RefMode::Avg),
        ("rouge2,rougeL,chrF", RefMode::Jackknife),
        ("rougeLsum,rougeS4", RefMode::Pool),
    ] {
        let opts = options(metrics, refs, 0);
        let run = score_in_memory(&pairs, &opts, "input").expect("scores");
        let file = run
            .run_file(|_| Ok::<_, ()>(None))
            .expect("no texts to read");
        let expected = examples_from_scores(&pairs, &opts);
        assert_eq!(file.examples.len(), expected.len(), "{metrics} {refs:?}");
        for (got, want) in file.examples.iter().zip(&expected) {
            assert_eq!(got, want, "{metrics} {refs:?}");
        }
        assert!(
            expected
                .iter()
                .any(|e| e.empty_candidate && e.lang.is_some())
        );
        assert!(
            expected
                .iter()
                .any(|e| e.empty_references > 0 && e.lang.is_none())
        );
        assert!(expected.iter().any(|e| e.multi_sentence));
        let ids: Vec<String> = expected.iter().map(|e| e.id.clone()).collect();
        assert_eq!(run.ids(), ids, "{metrics} {refs:?}");
    }
}

#[test]
fn a_state_past_one_batch_of_sums_is_the_merge_of_its_parts() {
    // The whole run adds its tally to the sums in batches of 4,096 examples; its parts
    // (5,000, 7,000 and 6,000 examples) in batches that start elsewhere. Batches must not
    // change a bit of the sums.
    let pairs = pairs(18_000);
    let opts = options("rouge1,rougeL,chrF", RefMode::Max, 40);
    let (_, whole) = score_partition(&pairs, &opts, "whole").expect("scores");
    let mut merged: Option<RunState> = None;
    for part in [&pairs[..5000], &pairs[5000..12_000], &pairs[12_000..]] {
        let (_, state) = score_partition(part, &opts, "part").expect("scores");
        match merged.as_mut() {
            Some(m) => m.merge(&state).expect("same options"),
            None => merged = Some(state),
        }
    }
    let merged = merged.expect("three parts");
    assert!(merged.to_bytes() == whole.to_bytes(), "state bytes differ");
}
