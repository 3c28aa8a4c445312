//! A report is a pure function of the set of examples and the options: random partitions of
//! random example sets, scored separately, shipped as bytes and merged in any order, give the
//! same state bytes and the same report bytes as scoring everything at once.

use proptest::prelude::*;
use tomtat::data::Pair;
use tomtat::options::ScoringOptions;
use tomtat::report::{Format, RunState, exporter};
use tomtat::run::{score_in_memory, score_partition};
use tomtat::text::Profile;

const WORDS: &[&str] = &[
    "nga", "mỹ", "đàm", "phán", "hòa", "bình", "ukraine", "quân", "đội", "không", "có", "đột",
    "phá", "tại", "geneva", "hai", "bên", "lo", "ngại",
];

fn text(words: &[usize], breaks: &[bool]) -> String {
    let mut out = String::new();
    for (i, (&w, &b)) in words.iter().zip(breaks).enumerate() {
        if i > 0 {
            out.push(if b { '\n' } else { ' ' });
        }
        out.push_str(WORDS[w % WORDS.len()]);
    }
    out
}

/// Word indices and, per gap, whether it is a line break.
type RawText = (Vec<usize>, Vec<bool>);

fn pair_strategy() -> impl Strategy<Value = (Vec<usize>, Vec<bool>, Vec<RawText>)> {
    (
        prop::collection::vec(0usize..40, 0..12),
        prop::collection::vec(any::<bool>(), 12),
        prop::collection::vec(
            (
                prop::collection::vec(0usize..40, 1..12),
                prop::collection::vec(any::<bool>(), 12),
            ),
            1..4,
        ),
    )
}

fn options(resamples: usize) -> ScoringOptions {
    let mut o = ScoringOptions {
        profile: Some(Profile::ViV1),
        // chrF is read from the texts, not the tokens: it must merge exactly too.
        metrics: "rouge1,rouge2,rougeL,rougeLsum,chrF,chrF++".into(),
        // Supplied scores are held in their own fixed point: they must merge exactly too.
        score_fields: vec!["judge".into(), "wer".into()],
        lower_is_better: vec!["wer".into()],
        ..ScoringOptions::default()
    };
    o.bootstrap.resamples = resamples;
    o
}

/// The JSON header of state bytes (for readable failures).
fn header(bytes: &[u8]) -> String {
    let len = u64::from_le_bytes(bytes[17..25].try_into().unwrap_or([0; 8])) as usize;
    String::from_utf8_lossy(&bytes[25..25 + len]).into_owned()
}

fn merged(states: &[Vec<u8>]) -> RunState {
    let mut it = states
        .iter()
        .map(|b| RunState::from_bytes(b).expect("valid state"));
    let mut acc = it.next().expect("one state");
    for s in it {
        acc.merge(&s).expect("same options");
    }
    acc
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn random_partitions_merge_to_the_unpartitioned_state_exactly(
        raw in prop::collection::vec(pair_strategy(), 1..40),
        assignment in prop::collection::vec(0usize..5, 40),
        supplied in prop::collection::vec((-1.0e6f64..1.0e6, 0.0f64..1.0), 40),
        order_seed in any::<u64>(),
        resamples in prop_oneof![Just(0usize), Just(1), Just(37)],
    ) {
        let pairs: Vec<Pair> = raw
            .iter()
            .enumerate()
            .map(|(i, (c, cb, refs))| Pair {
                id: format!("ex{i}"),
                candidate: text(c, cb),
                references: refs.iter().map(|(r, rb)| text(r, rb)).collect(),
                lang: None,
                source: None,
                scores: vec![supplied[i].0, supplied[i].1],
            })
            .collect();
        let opts = options(resamples);
        let whole = score_in_memory(&pairs, &opts, "input").expect("scores");
        let expected = exporter(Format::Json).render(&whole.report);
        let (_, whole_state) = score_partition(&pairs, &opts, "input").expect("scores");

        let mut parts: Vec<Vec<Pair>> = vec![Vec::new(); 5];
        for (i, p) in pairs.iter().enumerate() {
            parts[assignment[i]].push(p.clone());
        }
        let mut states: Vec<Vec<u8>> = parts
            .iter()
            .filter(|p| !p.is_empty())
            .map(|p| score_partition(p, &opts, "part").expect("scores").1.to_bytes())
            .collect();
        // A deterministic shuffle of the merge order.
        let mut x = order_seed | 1;
        for i in (1..states.len()).rev() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            states.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let state = merged(&states);
        prop_assert_eq!(header(&state.to_bytes()), header(&whole_state.to_bytes()));
        prop_assert!(state.to_bytes() == whole_state.to_bytes(), "state bytes differ");
        prop_assert_eq!(exporter(Format::Json).render(&state.report()), expected.clone());

        // Merging as a tree (pairs of pairs) gives the same bytes as a left fold.
        let halves: Vec<Vec<u8>> = states
            .chunks(2)
            .map(|c| merged(c).to_bytes())
            .collect();
        prop_assert_eq!(exporter(Format::Json).render(&merged(&halves).report()), expected);
    }
}

#[test]
fn a_partition_without_an_explicit_profile_is_refused() {
    let pairs = vec![Pair {
        id: "a".into(),
        candidate: "hòa bình".into(),
        references: vec!["hoà bình".into()],
        lang: None,
        source: None,
        scores: Vec::new(),
    }];
    let err = score_partition(&pairs, &ScoringOptions::default(), "part")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("explicit profile"), "{err}");
}

#[test]
fn states_of_different_options_do_not_merge_and_damaged_bytes_are_errors() {
    let pairs = vec![Pair {
        id: "a".into(),
        candidate: "hòa bình".into(),
        references: vec!["hoà bình".into()],
        lang: None,
        source: None,
        scores: vec![7.5, 0.25],
    }];
    let (_, a) = score_partition(&pairs, &options(10), "part").expect("scores");
    let (_, mut b) = score_partition(&pairs, &options(11), "part").expect("scores");
    assert!(b.merge(&a).is_err());
    let bytes = a.to_bytes();
    for cut in [0, 5, 20, bytes.len() / 2, bytes.len() - 1] {
        assert!(RunState::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
    }
    let mut extra = bytes.clone();
    extra.push(0);
    assert!(RunState::from_bytes(&extra).is_err());
    assert_eq!(
        RunState::from_bytes(&bytes).map(|s| s.to_bytes()).ok(),
        Some(bytes)
    );
}
