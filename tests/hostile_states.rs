//! Partial engine states (issue 22, class 7): everything a state carries is bounded and
//! checked when it is read, so an edited or damaged state is an error, never a report whose
//! means exceed 1 or whose accounting contradicts itself.

use serde_json::Value;
use tomtat::data::Pair;
use tomtat::options::ScoringOptions;
use tomtat::report::RunState;
use tomtat::run::score_partition;
use tomtat::stats::{PairedSettings, PairedState};
use tomtat::text::Profile;

fn state_bytes() -> Vec<u8> {
    let pairs: Vec<Pair> = (0..20)
        .map(|i| Pair {
            id: format!("e{i}"),
            candidate: "hòa bình tại geneva".into(),
            references: vec![format!("đàm phán hòa bình lần {i}")],
            lang: None,
            source: None,
            scores: Vec::new(),
        })
        .collect();
    let mut options = ScoringOptions {
        profile: Some(Profile::ViV1),
        ..ScoringOptions::default()
    };
    options.bootstrap.resamples = 50;
    let (_, state) = score_partition(&pairs, &options, "test").expect("scored");
    state.to_bytes()
}

/// The offset of the fingerprint sums (after magic, layout, header length and header).
fn fingerprint_at(bytes: &[u8]) -> usize {
    let len = u64::from_le_bytes(bytes[17..25].try_into().expect("8 bytes")) as usize;
    25 + len
}

fn put_u64(bytes: &mut [u8], at: usize, v: u64) {
    bytes[at..at + 8].copy_from_slice(&v.to_le_bytes());
}

/// The state with its JSON header edited by `edit`.
fn with_header(bytes: &[u8], edit: impl Fn(&mut Value)) -> Vec<u8> {
    let at = fingerprint_at(bytes);
    let mut header: Value = serde_json::from_slice(&bytes[25..at]).expect("header");
    edit(&mut header);
    let json = serde_json::to_vec(&header).expect("json");
    let mut out = bytes[..17].to_vec();
    out.extend_from_slice(&(json.len() as u64).to_le_bytes());
    out.extend_from_slice(&json);
    out.extend_from_slice(&bytes[at..]);
    out
}

fn refused(bytes: &[u8], words: &str) {
    match RunState::from_bytes(bytes) {
        Ok(state) => panic!("accepted: {}", state.report().signature),
        Err(e) => assert!(e.to_string().contains(words), "{e}"),
    }
}

#[test]
fn the_untouched_state_reads_back() {
    let bytes = state_bytes();
    assert_eq!(
        RunState::from_bytes(&bytes).expect("valid").to_bytes(),
        bytes
    );
}

#[test]
fn a_count_edited_below_its_sums_is_refused() {
    // Count 20 edited to 5 in the fingerprint and the sums: rouge1 F mean was 15.35 times
    // what any score can be.
    let mut bytes = state_bytes();
    let fp = fingerprint_at(&bytes);
    put_u64(&mut bytes, fp, 1);
    put_u64(&mut bytes, fp + 104 + 16, 1);
    refused(&bytes, "sums to more than its 1 examples can");
}

#[test]
fn a_resample_weight_beyond_its_examples_is_refused() {
    let mut bytes = state_bytes();
    let fp = fingerprint_at(&bytes);
    let width = 24; // 4 metrics × P/R/F, then 4 × hit/candidate/reference
    let weights = fp + 104 + 24 + 16 * width;
    put_u64(&mut bytes, weights, u64::MAX / 2);
    refused(&bytes, "resample 0 weighs more than");
}

#[test]
fn summed_hits_above_the_summed_counts_are_refused() {
    // A micro precision of 1.5: rouge1's summed hits edited above its summed candidate tokens.
    let mut bytes = state_bytes();
    let fp = fingerprint_at(&bytes);
    let rouge1_hits = fp + 104 + 24 + 16 * 12;
    bytes[rouge1_hits..rouge1_hits + 16].copy_from_slice(&(1u128 << 40).to_le_bytes());
    refused(&bytes, "micro counts of rouge1");
}

#[test]
fn skipped_counts_that_overflow_the_accounting_are_refused() {
    // "input 99, scored 100": skipped counts wrapped around in the report's accounting.
    let bytes = with_header(&state_bytes(), |h| {
        h["skipped"] = serde_json::json!({"empty candidate": u64::MAX - 10});
    });
    refused(&bytes, "more skipped examples than any run can");
}

#[test]
fn example_kinds_that_are_unknown_or_outnumber_the_examples_are_refused() {
    let bytes = with_header(&state_bytes(), |h| {
        h["kinds"] = serde_json::json!({"<img src=x>": 1});
    });
    refused(&bytes, "unknown kind");
    let bytes = with_header(&state_bytes(), |h| {
        h["kinds"] = serde_json::json!({"article": 15, "cluster": 6});
    });
    refused(&bytes, "more examples by kind");
}

#[test]
fn counters_above_the_number_of_examples_are_refused() {
    let bytes = with_header(&state_bytes(), |h| h["empty_candidates"] = 21.into());
    refused(&bytes, "21 empty candidates among 20 examples");
}

#[test]
fn header_metrics_that_disagree_with_the_signature_are_refused() {
    let bytes = with_header(&state_bytes(), |h| {
        if let Some(m) = h["metrics"].as_array_mut() {
            m.swap(0, 2);
        }
    });
    refused(&bytes, "are not the signature's");
    let bytes = with_header(&state_bytes(), |h| h["bootstrap"]["seed"] = 7.into());
    refused(&bytes, "bootstrap settings");
}

fn paired_bytes() -> Vec<u8> {
    let settings = PairedSettings {
        resamples: 10,
        trials: 10,
        confidence: 0.95,
        seed: 1,
    };
    let mut state = PairedState::new(vec!["rouge1".into()], settings).expect("state");
    let keys: Vec<u64> = (0..8).collect();
    state.add(&[vec![0.5; 8]], &[vec![0.25; 8]], &keys);
    state.to_bytes()
}

#[test]
fn paired_sums_beyond_their_counts_are_refused() {
    let bytes = paired_bytes();
    assert!(PairedState::from_bytes(&bytes).is_ok());
    // Magic (14 bytes), layout, header length and header; then six u64 counters and `base`.
    let len = u64::from_le_bytes(bytes[18..26].try_into().expect("8 bytes")) as usize;
    let mut edited = bytes.clone();
    let base = 26 + len + 48;
    edited[base..base + 16].copy_from_slice(&(u128::MAX / 2).to_le_bytes());
    match PairedState::from_bytes(&edited) {
        Ok(_) => panic!("accepted"),
        Err(e) => assert!(
            e.to_string().contains("exceed what its counts allow"),
            "{e}"
        ),
    }
}
