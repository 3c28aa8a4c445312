//! The `rouge-score` profile against Google rouge-score 0.1.2 and NLTK's Porter stemmer.
//! Expected values were produced by the real packages (`scripts/gen_rouge_score_fixtures.py`).

use assert_cmd::Command;
use tomtat::text::porter;
use tomtat::{Profile, Tokenizer, TokenizerOptions};

#[derive(serde::Deserialize)]
struct Case {
    text: String,
    tokens: Vec<String>,
    stemmed: Vec<String>,
}

fn cases() -> Vec<Case> {
    include_str!("fixtures/rouge_score_tokens.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).expect("fixture line is valid JSON"))
        .collect()
}

fn rouge_score(stem: bool) -> Tokenizer {
    let options = TokenizerOptions {
        stem,
        ..Default::default()
    };
    Tokenizer::new(Profile::RougeScore, options).expect("valid options")
}

#[test]
fn porter_stems_equal_nltk() {
    let mut checked = 0;
    for line in include_str!("fixtures/porter_nltk.tsv").lines() {
        if line.starts_with('#') {
            continue;
        }
        let (word, expected) = line.split_once('\t').expect("word<TAB>stem");
        assert_eq!(porter::stem(word), expected, "stem of {word:?}");
        checked += 1;
    }
    assert!(checked > 5000, "only {checked} stems checked");
}

#[test]
fn tokens_equal_rouge_score_without_stemming() {
    let tokenizer = rouge_score(false);
    let cases = cases();
    assert!(cases.len() > 500);
    for case in &cases {
        assert_eq!(
            tokenizer.tokenize(&case.text),
            case.tokens,
            "text {:?}",
            case.text
        );
    }
}

#[test]
fn tokens_equal_rouge_score_with_stemming() {
    let tokenizer = rouge_score(true);
    for case in &cases() {
        assert_eq!(
            tokenizer.tokenize(&case.text),
            case.stemmed,
            "text {:?}",
            case.text
        );
    }
}

#[test]
fn binary_reproduces_rouge_score_tokens() {
    let cases = cases();
    let input: String = cases
        .iter()
        .map(|c| c.text.replace(['\n', '\r'], " ") + "\n")
        .collect();
    for (stem, pick) in [(false, 0), (true, 1)] {
        let mut cmd = Command::cargo_bin("tomtat").expect("binary built");
        cmd.args(["tokenize", "--profile", "rouge-score"]);
        if stem {
            cmd.arg("--stem");
        }
        let output = cmd.write_stdin(input.clone()).assert().success();
        let stdout = String::from_utf8(output.get_output().stdout.clone()).expect("UTF-8");
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(lines.len(), cases.len());
        for (line, case) in lines.iter().zip(&cases) {
            let expected = if pick == 0 {
                &case.tokens
            } else {
                &case.stemmed
            };
            assert_eq!(*line, expected.join(" "), "text {:?}", case.text);
        }
    }
}
