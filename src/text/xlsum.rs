//! The `xlsum` profile: the tokenization of csebuetnlp's `multilingual_rouge_scoring`, the
//! scorer XL-Sum, CrossSum, HELM's XL-Sum scenario and SEA-HELM publish with, for languages
//! that need no third-party segmenter.
//!
//! For the n-gram metrics and rougeL a text is lowercased (Python `str.lower()`), sanitized as
//! BERT's basic tokenizer does (NUL, U+FFFD and control/format characters dropped, white space
//! unified, every Unicode `P*` character and every ASCII symbol a separator that is dropped),
//! then pre-tokenized by OpenNMT's `pyonmttok` in "aggressive" mode (letters, numbers and each
//! other character apart; a combining mark stays on the character before it), then every CJK
//! ideograph becomes a token of its own. rougeLsum reads each line through the sanitizer only
//! ([`Path::Lines`]): no pre-tokenization and no CJK split, as the scorer does.
//!
//! Nothing is normalized: `Hòa` ≠ `hoà` and NFD ≠ NFC, as in the scorer. Character classes
//! follow Python 3.11's Unicode 14 tables for characters assigned by then; a character
//! assigned later is classified by this crate's (newer) tables, where the scorer's depend on
//! the Python that runs it.

use super::Stemmer;
use crate::error::Error;
use unicode_general_category::{GeneralCategory as G, get_general_category};

/// Which of the scorer's two tokenization paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Path {
    /// rouge1…9 and rougeL: sanitizer, then pyonmttok's aggressive pre-tokenization, then CJK.
    #[default]
    Full,
    /// rougeLsum's lines: the sanitizer alone.
    Lines,
}

/// Languages whose tokenizer or stemmer the scorer takes from a package tomtat does not
/// reproduce, with what it needs.
const UNSUPPORTED: &[(&str, &str)] = &[
    ("chinese", "the jieba segmenter"),
    ("japanese", "the fugashi (MeCab) segmenter"),
    ("thai", "the pythainlp segmenter"),
    ("burmese", "its syllable segmenter"),
];

/// Languages with a stemmer of their own in the scorer (used with `use_stemmer`).
const STEMMED: &[(&str, &str)] = &[
    ("bengali", "the bengali_stemmer package"),
    ("turkish", "the TurkishStemmer package"),
    ("hindi", "its Hindi suffix stemmer"),
    (
        "arabic",
        "NLTK's Snowball stemmer with NLTK's stop-word corpus",
    ),
    (
        "danish",
        "NLTK's Snowball stemmer with NLTK's stop-word corpus",
    ),
    (
        "dutch",
        "NLTK's Snowball stemmer with NLTK's stop-word corpus",
    ),
    (
        "english",
        "NLTK's Snowball stemmer with NLTK's stop-word corpus",
    ),
    (
        "finnish",
        "NLTK's Snowball stemmer with NLTK's stop-word corpus",
    ),
    (
        "french",
        "NLTK's Snowball stemmer with NLTK's stop-word corpus",
    ),
    (
        "german",
        "NLTK's Snowball stemmer with NLTK's stop-word corpus",
    ),
    (
        "hungarian",
        "NLTK's Snowball stemmer with NLTK's stop-word corpus",
    ),
    (
        "italian",
        "NLTK's Snowball stemmer with NLTK's stop-word corpus",
    ),
    (
        "norwegian",
        "NLTK's Snowball stemmer with NLTK's stop-word corpus",
    ),
    (
        "portuguese",
        "NLTK's Snowball stemmer with NLTK's stop-word corpus",
    ),
    (
        "romanian",
        "NLTK's Snowball stemmer with NLTK's stop-word corpus",
    ),
    (
        "russian",
        "NLTK's Snowball stemmer with NLTK's stop-word corpus",
    ),
    (
        "spanish",
        "NLTK's Snowball stemmer with NLTK's stop-word corpus",
    ),
    (
        "swedish",
        "NLTK's Snowball stemmer with NLTK's stop-word corpus",
    ),
];

/// The scorer's own renamings of XL-Sum's language names.
const RENAMED: &[(&str, &str)] = &[
    ("bangla", "bengali"),
    ("turkce", "turkish"),
    ("chinese_simplified", "chinese"),
    ("chinese_traditional", "chinese"),
    ("mundo", "spanish"),
];

/// The language name the scorer uses for `lang` (XL-Sum's names are renamed as it renames
/// them), or an error naming what the scorer would need for a language tomtat cannot
/// reproduce.
pub fn language(lang: &str) -> Result<String, Error> {
    let lang = RENAMED
        .iter()
        .find(|(from, _)| *from == lang)
        .map_or(lang, |(_, to)| to);
    if let Some((_, needs)) = UNSUPPORTED.iter().find(|(l, _)| *l == lang) {
        return Err(Error::Options(format!(
            "--xlsum-lang {lang}: the XL-Sum scorer segments {lang} with {needs}, which tomtat \
             does not reproduce; scoring it another way would give different numbers"
        )));
    }
    if lang.is_empty() || !lang.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
        return Err(Error::Options(format!(
            "--xlsum-lang must be a language name in lowercase such as vietnamese or english, \
             got '{lang}'"
        )));
    }
    Ok(lang.to_string())
}

/// The stemmer the scorer runs with `use_stemmer` for `lang`: Porter without a language (and
/// for `porter`), none for a language it has no stemmer for (it warns; so does tomtat), and an
/// error for the languages whose stemmer needs data or packages tomtat does not reproduce.
pub fn stemmer(lang: Option<&str>) -> Result<Option<Stemmer>, Error> {
    match lang {
        None | Some("porter") => Ok(Some(Stemmer::Porter)),
        Some(l) => match STEMMED.iter().find(|(s, _)| *s == l) {
            Some((_, needs)) => Err(Error::Options(format!(
                "--stem with --xlsum-lang {l}: the XL-Sum scorer stems {l} with {needs}, which \
                 tomtat does not reproduce"
            ))),
            None => Ok(None),
        },
    }
}

/// BERT's control test: category `C*` except tab, newline and carriage return.
fn is_control(c: char) -> bool {
    if matches!(c, '\t' | '\n' | '\r') {
        return false;
    }
    matches!(
        get_general_category(c),
        G::Control | G::Format | G::Unassigned | G::PrivateUse | G::Surrogate
    )
}

/// BERT's white space: space, tab, newline, carriage return and `Zs`.
fn is_bert_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r') || get_general_category(c) == G::SpaceSeparator
}

/// BERT's punctuation: every ASCII character that is not a letter, digit or space, and `P*`.
fn is_punctuation(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_graphic() && !c.is_ascii_alphanumeric();
    }
    matches!(
        get_general_category(c),
        G::ConnectorPunctuation
            | G::DashPunctuation
            | G::OpenPunctuation
            | G::ClosePunctuation
            | G::InitialPunctuation
            | G::FinalPunctuation
            | G::OtherPunctuation
    )
}

/// Python's `str.isspace()` for what is left after the sanitizer's cleaning (which has turned
/// every other space into ' ' and dropped the control characters).
fn is_python_space(c: char) -> bool {
    c.is_whitespace()
}

/// The sanitizer: the words of `lower` after cleaning and splitting off punctuation.
fn sanitize<'a>(lower: &str, clean: &'a mut String) -> impl Iterator<Item = &'a str> {
    clean.clear();
    for c in lower.chars() {
        if c == '\0' || c == '\u{FFFD}' || is_control(c) {
            continue;
        }
        clean.push(if is_bert_space(c) { ' ' } else { c });
    }
    clean
        .split(is_python_space)
        .flat_map(|word| word.split(is_punctuation))
        .filter(|w| !w.is_empty())
}

/// pyonmttok's classes in aggressive mode.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Number,
    Mark,
    Other,
}

fn class(c: char) -> Class {
    match get_general_category(c) {
        G::UppercaseLetter
        | G::LowercaseLetter
        | G::TitlecaseLetter
        | G::ModifierLetter
        | G::OtherLetter => Class::Letter,
        G::DecimalNumber | G::LetterNumber | G::OtherNumber => Class::Number,
        G::NonspacingMark | G::SpacingMark | G::EnclosingMark => Class::Mark,
        _ => Class::Other,
    }
}

/// pyonmttok's replacements of its reserved characters.
fn reserved(c: char) -> char {
    match c {
        '\u{2581}' => '_',
        '\u{FFE8}' => '\u{2502}',
        '\u{FFED}' => '\u{25A0}',
        other => other,
    }
}

/// The CJK ideographs BERT splits one by one.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF
        | 0x3400..=0x4DBF
        | 0x20000..=0x2A6DF
        | 0x2A700..=0x2B73F
        | 0x2B740..=0x2B81F
        | 0x2B820..=0x2CEAF
        | 0xF900..=0xFAFF
        | 0x2F800..=0x2FA1F)
}

/// Emits `token` split around CJK ideographs.
fn emit_cjk_split(token: &str, emit: &mut dyn FnMut(&str)) {
    let mut start = 0;
    for (i, c) in token.char_indices() {
        if is_cjk(c) {
            if start < i {
                emit(&token[start..i]);
            }
            emit(&token[i..i + c.len_utf8()]);
            start = i + c.len_utf8();
        }
    }
    if start < token.len() {
        emit(&token[start..]);
    }
}

/// pyonmttok's aggressive pre-tokenization of one sanitized word (the scorer joins the words
/// with single spaces): runs of letters and runs of numbers are tokens, every other character
/// is one, combining marks stay on the character before them. Marks that open a word after a
/// space come out as pyonmttok writes an escaped space carrying marks: `％0020` and the marks.
fn pretokenize(word: &str, first_word: bool, out: &mut String, emit: &mut dyn FnMut(&str)) {
    out.clear();
    let mut current: Option<Class> = None;
    for c in word.chars() {
        let k = class(c);
        match (k, current) {
            (Class::Mark, Some(_)) => {
                out.push(c);
                continue;
            }
            (Class::Mark, None) => {
                if !first_word {
                    out.push_str("\u{FF05}0020");
                }
                out.push(c);
                current = Some(Class::Other);
                continue;
            }
            (Class::Letter | Class::Number, Some(prev)) if prev == k => {
                out.push(c);
                continue;
            }
            _ => {}
        }
        if !out.is_empty() {
            emit_cjk_split(out, emit);
            out.clear();
        }
        out.push(reserved(c));
        current = Some(k);
    }
    if !out.is_empty() {
        emit_cjk_split(out, emit);
    }
}

/// Calls `emit` with each token of `text` on `path`, stemmed with `stemmer` (tokens of more
/// than three characters), in order.
pub fn tokenize(text: &str, path: Path, stemmer: Option<Stemmer>, emit: &mut dyn FnMut(&str)) {
    let lower = text.to_lowercase();
    let mut clean = String::new();
    let mut piece = String::new();
    let mut stemmed = |token: &str| match stemmer {
        Some(s) => s.emit_stemmed(token, emit),
        None => emit(token),
    };
    for (i, word) in sanitize(&lower, &mut clean).enumerate() {
        match path {
            Path::Lines => stemmed(word),
            Path::Full => pretokenize(word, i == 0, &mut piece, &mut stemmed),
        }
    }
}

/// True when the scorer's missing normalization matters for `text`: it is not in NFC, so its
/// words do not match the same words typed in NFC.
pub fn is_unnormalized(text: &str) -> bool {
    !unicode_normalization::is_nfc(text)
}

/// The warning for texts that are not in NFC under this profile.
pub const UNNORMALIZED: &str = "the xlsum profile, like the XL-Sum scorer, does not normalize \
    Unicode: text that is not in NFC (or puts tone marks elsewhere: hòa/hoà) matches only text \
    written the same way; vi-v1 normalizes both";

/// The warning when `use_stemmer` has no stemmer to run for `lang`.
pub fn stem_ignored(lang: &str) -> String {
    format!(
        "the XL-Sum scorer has no stemmer for {lang}: stemming changes nothing (as in the scorer)"
    )
}

/// The warnings this profile's options and these texts call for.
pub fn warnings<'a>(
    stem: bool,
    lang: Option<&str>,
    mut texts: impl Iterator<Item = &'a str>,
) -> Vec<String> {
    let mut out = Vec::new();
    if stem
        && let Some(lang) = lang
        && matches!(stemmer(Some(lang)), Ok(None))
    {
        out.push(stem_ignored(lang));
    }
    if texts.any(is_unnormalized) {
        out.push(UNNORMALIZED.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str, path: Path) -> Vec<String> {
        let mut out = Vec::new();
        tokenize(text, path, None, &mut |t| out.push(t.to_string()));
        out
    }

    #[test]
    fn punctuation_is_dropped_and_numbers_split_from_letters() {
        assert_eq!(
            tokens("Giá 7,5% (hôm qua): abc123 €100", Path::Full),
            ["giá", "7", "5", "hôm", "qua", "abc", "123", "€", "100"]
        );
        assert_eq!(
            tokens("Giá 7,5% abc123 €100", Path::Lines),
            ["giá", "7", "5", "abc123", "€100"]
        );
    }

    #[test]
    fn a_mark_after_a_space_is_an_escaped_space() {
        assert_eq!(
            tokens("x .\u{301}y", Path::Full),
            ["x", "\u{FF05}0020\u{301}", "y"]
        );
        assert_eq!(tokens(".\u{301}y", Path::Full), ["\u{301}", "y"]);
    }

    #[test]
    fn cjk_ideographs_split_on_the_full_path_only() {
        assert_eq!(tokens("日本語abc", Path::Full), ["日", "本", "語", "abc"]);
        assert_eq!(tokens("日本語abc", Path::Lines), ["日本語abc"]);
    }

    #[test]
    fn nothing_is_normalized() {
        assert_ne!(tokens("Hòa", Path::Full), tokens("hoà", Path::Full));
    }

    #[test]
    fn languages_are_renamed_or_refused_with_what_they_need() {
        assert_eq!(language("bangla").ok().as_deref(), Some("bengali"));
        assert!(language("chinese_simplified").is_err());
        assert!(stemmer(Some("english")).is_err());
        assert_eq!(stemmer(Some("vietnamese")).ok(), Some(None));
        assert_eq!(stemmer(None).ok(), Some(Some(Stemmer::Porter)));
    }
}
