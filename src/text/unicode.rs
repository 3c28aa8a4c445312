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
    for word in folded.unicode_words() {
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
