//! Flags that would do nothing are refused (issue 22, class 14): `--baseline` beside
//! `--pairs` used to print "scoring the lead-3 baseline" and score the pairs.

mod common;

use common::tomtat;

const PAIRS: &str = "tests/fixtures/columnar/pairs.jsonl";
const DATASET: &str = "datasets/vi-news-ukraine-2022";

fn error_of(args: &[&str]) -> String {
    let out = tomtat()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    assert!(out.stdout.is_empty(), "{args:?}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn dataset_flags_beside_pairs_are_refused_not_ignored() {
    for (flags, message) in [
        (
            &["--baseline", "lead-3"][..],
            "--baseline works only with --dataset; here it would do nothing",
        ),
        (
            &["--candidates", "c.jsonl"][..],
            "--candidates works only with --dataset; here it would do nothing",
        ),
        (
            &["--allow-missing"][..],
            "--allow-missing works only with --dataset and --candidates; here it would do nothing",
        ),
    ] {
        let mut args = vec!["score", "--pairs", PAIRS];
        args.extend_from_slice(flags);
        assert_eq!(error_of(&args), format!("tomtat: error: {message}\n"));
    }
}

#[test]
fn pairs_flags_beside_a_dataset_are_refused_not_ignored() {
    for flag in [
        "--id-field",
        "--candidate-field",
        "--reference-field",
        "--references-field",
    ] {
        let args = [
            "score",
            "--dataset",
            DATASET,
            "--baseline",
            "lead-3",
            flag,
            "x",
        ];
        assert_eq!(
            error_of(&args),
            format!("tomtat: error: {flag} works only with --pairs; here it would do nothing\n")
        );
    }
    let args = ["score", "--dataset", DATASET, "--baseline", "lead-3"];
    assert!(
        error_of(&[&args[..], &["--allow-missing"]].concat())
            .contains("--allow-missing works only with --dataset and --candidates")
    );
    assert!(
        error_of(&[&args[..], &["--input-format", "csv"]].concat())
            .contains("--input-format works only with --pairs or --candidates")
    );
}

#[test]
fn a_baseline_without_a_dataset_asks_for_the_dataset_only() {
    // It used to ask for both --pairs and --dataset, which conflict.
    assert_eq!(
        error_of(&["score", "--baseline", "lead-3"]),
        "tomtat: error: the following required arguments were not provided: --dataset <DIR> \
         (see --help)\n"
    );
    assert_eq!(
        error_of(&["score"]),
        "tomtat: error: give what to score: --pairs FILE, --hyp FILE --ref FILE, or --dataset \
         DIR (see --help)\n"
    );
}

#[test]
fn confidence_without_a_bootstrap_is_refused() {
    assert_eq!(
        error_of(&[
            "score",
            "--pairs",
            PAIRS,
            "--bootstrap",
            "0",
            "--confidence",
            "0.9"
        ]),
        "tomtat: error: --confidence works only with --bootstrap above 0; here it would do \
         nothing\n"
    );
}

#[test]
fn seed_with_nothing_to_seed_is_refused_but_kept_for_random_3() {
    assert_eq!(
        error_of(&["score", "--pairs", PAIRS, "--bootstrap", "0", "--seed", "7"]),
        "tomtat: error: --seed works only with --bootstrap above 0 or the random-3 baseline; \
         here it would do nothing\n"
    );
    let out = tomtat()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "score",
            "--dataset",
            DATASET,
            "--baseline",
            "random-3",
            "--bootstrap",
            "0",
        ])
        .args(["--seed", "7", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
}
