//! Vietnamese normalization of a whole text that keeps its spacing and punctuation, for
//! metrics that read characters rather than tokens (chrF with `--chrf-normalize`): the text
//! is prepared as vi-v1 prepares it (BOM, invisible characters, Đ look-alikes, NFC), then
//! every run of letters gets its Cyrillic look-alikes latinized, is lowercased, and has its
//! tone mark moved to `style`'s place.

use super::ToneStyle;
use super::chars::lowercase_into;
use super::clean::{latinize_mixed_word, prepare};
use super::syllable::canonical_tone;

/// `text` normalized as described in the module documentation.
pub fn normalize_text(text: &str, style: ToneStyle) -> String {
    let text = prepare(text, true);
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let mut rest: &str = &text;
    while !rest.is_empty() {
        let letters = rest
            .char_indices()
            .find(|(_, c)| !c.is_alphabetic())
            .map_or(rest.len(), |(i, _)| i);
        if letters == 0 {
            let c = rest.chars().next().map_or(1, char::len_utf8);
            out.push_str(&rest[..c]);
            rest = &rest[c..];
            continue;
        }
        lowercase_into(&latinize_mixed_word(&rest[..letters]), &mut word);
        match canonical_tone(&word, style) {
            Some(moved) => out.push_str(&moved),
            None => out.push_str(&word),
        }
        rest = &rest[letters..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_tones_lookalikes_and_case_agree_and_punctuation_stays() {
        let nfd = "Ho\u{300}a Bi\u{300}nh, ÐÀM PHÁN!";
        let old = "Hòa Bình, ĐÀM PHÁN!";
        assert_eq!(normalize_text(nfd, ToneStyle::New), "hoà bình, đàm phán!");
        assert_eq!(normalize_text(old, ToneStyle::New), "hoà bình, đàm phán!");
        assert_eq!(normalize_text("a  b\tc", ToneStyle::New), "a  b\tc");
    }
}
