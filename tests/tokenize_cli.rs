//! `tomtat tokenize` through the real binary.

use assert_cmd::Command;
use predicates::prelude::*;
use std::io::Write;

fn tomtat() -> Command {
    Command::cargo_bin("tomtat").expect("binary built")
}

fn tokenize(args: &[&str], input: &str) -> String {
    let out = tomtat()
        .arg("tokenize")
        .args(args)
        .write_stdin(input.to_string())
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).expect("UTF-8 output")
}

#[test]
fn both_tone_styles_give_the_new_style_by_default() {
    assert_eq!(
        tokenize(&["--profile", "vi"], "Hòa bình\nhoà bình\n"),
        "hoà bình\nhoà bình\n"
    );
}

#[test]
fn tone_style_old_gives_the_old_style() {
    assert_eq!(
        tokenize(&["--tone-style", "old"], "Hòa bình\nhoà bình\n"),
        "hòa bình\nhòa bình\n"
    );
}

#[test]
fn nfd_input_tokenizes_like_nfc() {
    let nfc = "Thứ trưởng Ngoại giao Mỹ đàm phán về khủng hoảng\n";
    let nfd: String = unicode_normalization::UnicodeNormalization::nfd(nfc).collect();
    assert_ne!(nfc, nfd);
    assert_eq!(tokenize(&[], &nfd), tokenize(&[], nfc));
}

#[test]
fn dotted_words_are_repaired_and_abbreviations_split() {
    assert_eq!(
        tokenize(&[], "Kết quả t.iền\nTP.HCM\n"),
        "kết quả tiền\ntp hcm\n"
    );
}

#[test]
fn empty_lines_give_empty_lines_and_crlf_is_accepted() {
    assert_eq!(tokenize(&[], "a\r\n\r\n...\nb"), "a\n\n\nb\n");
}

#[test]
fn bom_is_dropped() {
    assert_eq!(tokenize(&[], "\u{FEFF}Xin chào\n"), "xin chào\n");
}

#[test]
fn vietnamese_snippets_snapshot() {
    let input = include_str!("fixtures/vi_snippets.txt");
    insta::assert_snapshot!("vi_snippets_default", tokenize(&[], input));
    insta::assert_snapshot!(
        "vi_snippets_old_fold",
        tokenize(&["--tone-style", "old", "--fold-diacritics"], input)
    );
    insta::assert_snapshot!("vi_snippets_words", tokenize(&["--units", "words"], input));
    insta::assert_snapshot!(
        "vi_snippets_rouge_score",
        tokenize(&["--profile", "rouge-score"], input)
    );
    insta::assert_snapshot!(
        "vi_snippets_unicode",
        tokenize(&["--profile", "unicode"], input)
    );
}

#[test]
fn english_profile_stems_like_nltk() {
    assert_eq!(
        tokenize(
            &["--profile", "en", "--stem"],
            "The cats were running to José's houses\n"
        ),
        "the cat were run to josé s hous\n"
    );
}

#[test]
fn rouge_score_profile_warns_on_vietnamese() {
    tomtat()
        .args(["tokenize", "--profile", "rouge-score"])
        .write_stdin("đàm phán\n")
        .assert()
        .success()
        .stdout("m ph n\n")
        .stderr(predicate::str::contains("warning").and(predicate::str::contains("vi-v1")));
}

#[test]
fn invalid_utf8_on_stdin_names_line_and_byte() {
    tomtat()
        .arg("tokenize")
        .write_stdin(b"ok\nab\xFFcd\n".to_vec())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "stdin: line 2, byte 3: invalid UTF-8",
        ))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn unknown_profile_is_a_usage_error() {
    tomtat()
        .args(["tokenize", "--profile", "klingon"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid value 'klingon'"));
}

#[test]
fn option_of_another_profile_is_rejected() {
    tomtat()
        .args(["tokenize", "--profile", "en", "--tone-style", "old"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--tone-style applies only to the vi-v1 profile",
        ));
    tomtat()
        .args(["tokenize", "--stem"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--stem applies only"));
}

#[test]
fn stopwords_and_aliases_are_normalized_like_the_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let stop = dir.path().join("stop.txt");
    let alias = dir.path().join("alias.tsv");
    std::fs::write(&stop, "# function words\nVà\ncủa\n").expect("write");
    std::fs::write(&alias, "Moskva\tMoscow\nUkraina\tUkraine\nhòa\tbình\n").expect("write");
    let out = tokenize(
        &[
            "--stopwords",
            stop.to_str().unwrap_or_default(),
            "--aliases",
            alias.to_str().unwrap_or_default(),
        ],
        "Moskva và Ukraina của HOÀ\n",
    );
    assert_eq!(out, "moscow ukraine bình\n");
}

#[test]
fn malformed_alias_file_names_file_and_line() {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    writeln!(file, "Moskva\tMoscow\nno tab here").expect("write");
    tomtat()
        .args(["tokenize", "--aliases"])
        .arg(file.path())
        .write_stdin("x\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            ":2: expected variant<TAB>canonical",
        ));
}

#[test]
fn missing_stopword_file_is_a_clear_error() {
    tomtat()
        .args(["tokenize", "--stopwords", "/nonexistent/stop.txt"])
        .write_stdin("x\n")
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("/nonexistent/stop.txt")
                .and(predicate::str::contains("panicked").not()),
        );
}

#[test]
fn invalid_utf8_in_stopword_file_names_the_file_line_and_byte() {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    file.write_all(b"ok\n\xC3(\n").expect("write");
    tomtat()
        .args(["tokenize", "--stopwords"])
        .arg(file.path())
        .write_stdin("x\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("line 2, byte 1: invalid UTF-8"));
}

#[test]
fn help_shows_examples() {
    tomtat()
        .args(["tokenize", "--help"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Examples:").and(predicate::str::contains("--tone-style old")),
        );
}

#[test]
fn c1_controls_from_windows_1252_text_separate_words_in_every_v1_profile() {
    // U+0092 is ’ read as Latin-1: `it\u{92}s` used to become the word "its".
    for profile in ["vi-v1", "en-v1", "unicode-v1"] {
        assert_eq!(
            tokenize(
                &["--profile", profile],
                "it\u{92}s \u{93}ok\u{94} a\u{7}b\n"
            ),
            "it s ok ab\n",
            "{profile}"
        );
    }
}

#[test]
fn the_stop_word_error_of_tokenize_does_not_recommend_a_flag_tokenize_lacks() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("stop.txt"), "hai từ\nđàm-phán\n").expect("fixture");
    let out = tomtat()
        .current_dir(dir.path())
        .args(["tokenize", "--stopwords", "stop.txt"])
        .write_stdin("x\n")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("stop.txt:2: stop word 'đàm-phán' is 2 tokens"),
        "{stderr}"
    );
    assert!(
        stderr.contains("(score --perl-compat reads each line"),
        "{stderr}"
    );
}
