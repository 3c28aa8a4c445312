//! The `vi-v1` profile: DESIGN.md steps 1–8 for Vietnamese text.

use super::chars::{char_at, lowercase_into};
use super::clean::{latinize_mixed_word, prepare, to_nfc};
use super::syllable::{ToneStyle, canonical_tone, is_syllable, is_vowel};
use super::{Units, fold_diacritics, is_word_char};
use std::borrow::Cow;

/// Options of the `vi-v1` profile that change its tokens.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ViOptions {
    pub tone_style: ToneStyle,
    pub fold_diacritics: bool,
    pub units: Units,
}

/// Characters kept inside a number when both neighbours are digits: 7,5 · 100.000 · 10/1 · 10:30.
fn is_number_separator(c: char) -> bool {
    matches!(c, '.' | ',' | '/' | ':')
}

/// Calls `emit` with each token of `text`, in order.
pub fn tokenize(text: &str, opts: &ViOptions, emit: &mut dyn FnMut(&str)) {
    let mut buf = String::new();
    for_each_word(text, opts, &mut |_, pieces| {
        emit_pieces(pieces, opts, &mut buf, emit)
    });
}

/// Tokenizes word by word for a caller that caches the tokens of each word: `known(word)` is
/// asked first and, when it returns false, the word's tokens go to `emit`. A word is a span of
/// the prepared text, and its tokens depend on that span alone.
pub fn tokenize_words(
    text: &str,
    opts: &ViOptions,
    known: &mut dyn FnMut(&str) -> bool,
    emit: &mut dyn FnMut(&str),
) {
    let mut buf = String::new();
    for_each_word(text, opts, &mut |word, pieces| {
        if !known(word) {
            emit_pieces(pieces, opts, &mut buf, emit)
        }
    });
}

/// The tokens of one word given its dotted pieces.
fn emit_pieces(pieces: &[&str], opts: &ViOptions, buf: &mut String, emit: &mut dyn FnMut(&str)) {
    if let [single] = pieces {
        lowercase_into(&latinize_mixed_word(single), buf);
        emit_token(buf, opts, emit);
    } else {
        emit_word(pieces, opts, emit);
    }
}

/// Calls `word` with each word of the prepared `text` and its pieces (split at dots between
/// letters, which may or may not join into one syllable).
pub(super) fn for_each_word(text: &str, opts: &ViOptions, word: &mut dyn FnMut(&str, &[&str])) {
    let text = prepare(text, true);
    let s: &str = &text;
    let mut pieces: Vec<&str> = Vec::new();
    let mut pos = 0;
    while let Some(c) = char_at(s, pos) {
        if !is_word_char(c) {
            pos += c.len_utf8();
            continue;
        }
        pieces.clear();
        let word_start = pos;
        let mut piece_start = pos;
        let mut prev = c;
        pos += c.len_utf8();
        while let Some(c) = char_at(s, pos) {
            if is_word_char(c) {
                prev = c;
                pos += c.len_utf8();
                continue;
            }
            let Some(next) = char_at(s, pos + c.len_utf8()) else {
                break;
            };
            if is_number_separator(c) && prev.is_numeric() && next.is_numeric() {
                pos += c.len_utf8();
            } else if c == '.' && prev.is_alphabetic() && next.is_alphabetic() {
                pieces.push(&s[piece_start..pos]);
                pos += 1;
                piece_start = pos;
            } else if c == '_' && opts.units == Units::Words && is_word_char(next) {
                pos += 1;
            } else {
                break;
            }
        }
        pieces.push(&s[piece_start..pos]);
        word(&s[word_start..pos], &pieces);
    }
}

/// Joins dotted pieces that form one syllable (t.iền → tiền) and emits the resulting tokens.
/// A piece that starts with a capital letter is never joined, so T.Ư, Q.Tân and TP.HCM stay
/// split.
fn emit_word(pieces: &[&str], opts: &ViOptions, emit: &mut dyn FnMut(&str)) {
    let mut current: Option<String> = None;
    for piece in pieces {
        let piece = latinize_mixed_word(piece);
        let capitalized = piece.chars().next().is_some_and(char::is_uppercase);
        let lower = piece.to_lowercase();
        current = Some(match current.take() {
            None => lower,
            Some(cur) => {
                if !capitalized && joinable(&cur, &lower) {
                    cur + &lower
                } else {
                    emit_token(&cur, opts, emit);
                    lower
                }
            }
        });
    }
    if let Some(cur) = current {
        emit_token(&cur, opts, emit);
    }
}

fn joinable(left: &str, right: &str) -> bool {
    let no_vowel = |s: &str| !s.chars().any(is_vowel);
    let letters = |s: &str| s.chars().all(char::is_alphabetic);
    (no_vowel(left) || no_vowel(right))
        && letters(left)
        && letters(right)
        && is_syllable(&format!("{left}{right}"))
}

/// Emits a lowercased word; lowercase can break NFC (İ + horn → i, dot above, horn, out of
/// canonical order), so such a word is normalized again first.
fn emit_token(token: &str, opts: &ViOptions, emit: &mut dyn FnMut(&str)) {
    let token = to_nfc(token);
    let token: &str = &token;
    let toned: Cow<str> = if opts.units == Units::Words && token.contains('_') {
        Cow::Owned(
            token
                .split('_')
                .map(|part| canonical_tone(part, opts.tone_style).unwrap_or_else(|| part.into()))
                .collect::<Vec<_>>()
                .join("_"),
        )
    } else {
        match canonical_tone(token, opts.tone_style) {
            Some(t) => Cow::Owned(t),
            None => Cow::Borrowed(token),
        }
    };
    if opts.fold_diacritics {
        // A word of combining marks alone folds to nothing, which is no token.
        let folded = fold_diacritics(&toned);
        if !folded.is_empty() {
            emit(&folded);
        }
    } else {
        emit(&toned);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str, opts: ViOptions) -> Vec<String> {
        let mut out = Vec::new();
        tokenize(text, &opts, &mut |t| out.push(t.to_string()));
        out
    }

    fn vi(text: &str) -> String {
        toks(text, ViOptions::default()).join(" ")
    }

    #[test]
    fn golden_snippets() {
        assert_eq!(vi("Ðảng"), "đảng");
        assert_eq!(vi("C\u{200B}ảnh"), "cảnh");
        assert_eq!(vi("Сhuyên"), "chuyên");
        assert_eq!(vi("HÒA"), "hoà");
        assert_eq!(vi("HOÀ"), "hoà");
        assert_eq!(vi("Thụy Sĩ"), "thuỵ sĩ");
        assert_eq!(vi("Thuỵ Sĩ"), "thuỵ sĩ");
        assert_eq!(vi("7,5 giờ"), "7,5 giờ");
        assert_eq!(vi("100.000 quân"), "100.000 quân");
        assert_eq!(vi("ngày 10/1."), "ngày 10/1");
        assert_eq!(vi("TP.HCM"), "tp hcm");
        assert_eq!(vi("PGS.TS Nguyễn"), "pgs ts nguyễn");
        assert_eq!(vi("Q.Tân Bình"), "q tân bình");
        assert_eq!(vi("v.v."), "v v");
        assert_eq!(vi("Kết quả t.iền"), "kết quả tiền");
        assert_eq!(vi("á.m s.át, t.ố c.áo, đ.ánh"), "ám sát tố cáo đánh");
        assert_eq!(vi("T.iền"), "tiền");
        assert_eq!(vi("vov.vn"), "vov vn");
        assert_eq!(vi("sinh_viên"), "sinh viên");
        assert_eq!(vi("café José Noé"), "café josé noé");
    }

    #[test]
    fn options_change_tokens() {
        let old = ViOptions {
            tone_style: ToneStyle::Old,
            ..Default::default()
        };
        assert_eq!(toks("hoà bình", old).join(" "), "hòa bình");
        let words = ViOptions {
            units: Units::Words,
            ..Default::default()
        };
        assert_eq!(
            toks("sinh_viên hoà_bình", words).join(" "),
            "sinh_viên hoà_bình"
        );
        let fold = ViOptions {
            fold_diacritics: true,
            ..Default::default()
        };
        assert_eq!(
            toks("Đàm phán ở Thụy Sĩ", fold).join(" "),
            "dam phan o thuy si"
        );
    }

    /// Found by `tests/fuzz.rs`: "\u{300}\u{300}" with --fold-diacritics gave an empty token.
    #[test]
    fn fold_diacritics_never_emits_an_empty_token() {
        let fold = ViOptions {
            fold_diacritics: true,
            ..Default::default()
        };
        assert_eq!(toks("\u{300}\u{300} x \u{301}", fold), ["x"]);
    }

    /// Found by `tests/fuzz.rs`: folding decomposed Hangul "가" into jamo, a non-NFC token.
    #[test]
    fn fold_diacritics_keeps_tokens_nfc() {
        use unicode_normalization::UnicodeNormalization;
        let fold = ViOptions {
            fold_diacritics: true,
            ..Default::default()
        };
        let tokens = toks("가 Hoà", fold);
        assert_eq!(tokens, ["가", "hoa"]);
        assert!(tokens.iter().all(|t| t.nfc().eq(t.chars())));
    }

    /// Found by `tests/fuzz.rs`: "İ\u{31b}" lowercased to "i\u{307}\u{31b}", not NFC.
    #[test]
    fn lowercase_that_breaks_nfc_is_normalized_again() {
        assert_eq!(toks("İ\u{31b}", ViOptions::default()), ["i\u{31b}\u{307}"]);
    }
}
