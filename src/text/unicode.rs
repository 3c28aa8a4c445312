//! The `unicode-v1` profile for any language: NFKC, full case folding, Unicode (UAX #29) word
//! boundaries, and each CJK ideograph as its own token.

use super::clean::is_invisible;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// CJK unified ideographs and their extensions, compatibility ideographs, and kana/hangul
/// are left to UAX #29 except ideographs, which have no spaces between words.
fn is_ideograph(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Calls `emit` with each token of `text`, in order.
pub fn tokenize(text: &str, emit: &mut dyn FnMut(&str)) {
    let cleaned: String = text.chars().filter(|c| !is_invisible(*c)).nfkc().collect();
    let folded = caseless::default_case_fold_str(&cleaned);
    let folded: String = folded.nfkc().collect();
    // A combining mark after a space joins the space in a UAX #29 segment (rule WB4), so
    // segments are also cut at whitespace.
    let words = folded
        .unicode_words()
        .flat_map(|w| w.split(char::is_whitespace))
        .filter(|w| !w.is_empty());
    for word in words {
        if !word.chars().any(is_ideograph) {
            emit(word);
            continue;
        }
        let mut start = 0;
        for (i, c) in word.char_indices() {
            if is_ideograph(c) {
                if start < i {
                    emit(&word[start..i]);
                }
                emit(&word[i..i + c.len_utf8()]);
                start = i + c.len_utf8();
            }
        }
        if start < word.len() {
            emit(&word[start..]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by `tests/fuzz.rs`: U+3000 then the mark U+10D24 gave the token " \u{10d24}".
    #[test]
    fn whitespace_never_inside_a_token() {
        let mut tokens = Vec::new();
        tokenize("\u{3000}\u{10d24} a\u{300}", &mut |t| {
            tokens.push(t.to_string())
        });
        assert!(
            tokens.iter().all(|t| !t.chars().any(char::is_whitespace)),
            "{tokens:?}"
        );
    }
}
