//! The common case of `vi-v1` word splitting in one pass over the bytes.
//!
//! Nearly all Vietnamese text is NFC, has no invisible characters and no Đ look-alikes, and is
//! made of ASCII, Latin-1/Extended and the precomposed letters of Latin Extended Additional.
//! For such text, preparing ([`super::clean::prepare`]) changes nothing, so the words of the
//! raw text are the words [`super::vi`] finds in the prepared text. [`scan_words`] finds them
//! with one table lookup per character and stops at the first character outside that case,
//! leaving the text to the general path.

use super::Units;
use super::chars::surely_nfc_char;
use super::clean::{is_invisible, map_d_lookalike};
use std::sync::OnceLock;

/// A letter, digit or combining mark: part of a word.
const WORD: u8 = 1;
const ALPHA: u8 = 2;
const NUMERIC: u8 = 4;
/// Preparing would change the text here (invisible, look-alike, not surely NFC): stop.
const STOP: u8 = 8;
/// Kept inside a number between two digits: `.` `,` `/` `:`.
const NUMBER_SEPARATOR: u8 = 16;
const DOT: u8 = 32;
const UNDERSCORE: u8 = 64;

/// The classes of U+0000–U+02FF, U+1E00–U+1EFF and U+2000–U+207F, in that order.
struct Classes {
    low: [u8; 0x300],
    ext: [u8; 0x100],
    punct: [u8; 0x80],
}

/// The class of one character, from the general functions the full pipeline uses.
fn class_of(c: char) -> u8 {
    let mut class = 0;
    if super::is_word_char(c) {
        class |= WORD;
    }
    if c.is_alphabetic() {
        class |= ALPHA;
    }
    if c.is_numeric() {
        class |= NUMERIC;
    }
    if is_invisible(c) || map_d_lookalike(c) != c || !surely_nfc_char(c) || c == '\u{FEFF}' {
        class |= STOP;
    }
    class
        | match c {
            '.' => NUMBER_SEPARATOR | DOT,
            ',' | '/' | ':' => NUMBER_SEPARATOR,
            '_' => UNDERSCORE,
            _ => 0,
        }
}

fn classes() -> &'static Classes {
    static CLASSES: OnceLock<Classes> = OnceLock::new();
    CLASSES.get_or_init(|| {
        let fill = |table: &mut [u8], first: u32| {
            for (i, slot) in table.iter_mut().enumerate() {
                *slot = char::from_u32(first + i as u32).map_or(STOP, class_of);
            }
        };
        let mut c = Classes {
            low: [0; 0x300],
            ext: [0; 0x100],
            punct: [0; 0x80],
        };
        fill(&mut c.low, 0);
        fill(&mut c.ext, 0x1E00);
        fill(&mut c.punct, 0x2000);
        c
    })
}

/// The class and UTF-8 length of the character at byte `pos` of `b` (valid UTF-8, `pos` on a
/// character boundary); [`STOP`] for characters outside the tables.
#[inline(always)]
fn class_at(t: &Classes, b: &[u8], pos: usize) -> Option<(u8, usize)> {
    let lead = *b.get(pos)?;
    Some(match lead {
        0..0x80 => (t.low[lead as usize], 1),
        0xC2..=0xCB => {
            let cp = ((lead as usize & 0x1F) << 6) | (b[pos + 1] as usize & 0x3F);
            (t.low[cp], 2)
        }
        0xE1 if (0xB8..=0xBB).contains(&b[pos + 1]) => {
            let cp = ((b[pos + 1] as usize & 0x03) << 6) | (b[pos + 2] as usize & 0x3F);
            (t.ext[cp], 3)
        }
        0xE2 if b[pos + 1] <= 0x81 => {
            let cp = ((b[pos + 1] as usize & 0x01) << 6) | (b[pos + 2] as usize & 0x3F);
            (t.punct[cp], 3)
        }
        _ => (STOP, 1),
    })
}

/// Calls `word` with each word of `text` (a span, dotted pieces and number separators
/// included, as [`super::vi`] cuts them) and returns true; or returns false at the first
/// character that preparing would change, having passed the words before it. Every span
/// passed is a word whose tokens depend on it alone, so a cache may keep them either way.
pub fn scan_words(text: &str, units: Units, mut word: impl FnMut(&str)) -> bool {
    let t = classes();
    let b = text.as_bytes();
    let underscore_joins = units == Units::Words;
    let mut pos = 0;
    while let Some((class, len)) = class_at(t, b, pos) {
        if class & STOP != 0 {
            return false;
        }
        if class & WORD == 0 {
            pos += len;
            continue;
        }
        let start = pos;
        let mut prev = class;
        pos += len;
        while let Some((class, len)) = class_at(t, b, pos) {
            if class & (WORD | STOP) == WORD {
                prev = class;
                pos += len;
                continue;
            }
            if class & STOP != 0 {
                return false;
            }
            let Some((next, _)) = class_at(t, b, pos + len) else {
                break;
            };
            if next & STOP != 0 {
                return false;
            }
            let joins = (class & NUMBER_SEPARATOR != 0 && prev & next & NUMERIC != 0)
                || (class & DOT != 0 && prev & next & ALPHA != 0)
                || (class & UNDERSCORE != 0 && underscore_joins && next & WORD != 0);
            if !joins {
                break;
            }
            pos += len;
        }
        word(&text[start..pos]);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str, units: Units) -> Option<Vec<String>> {
        let mut out = Vec::new();
        scan_words(text, units, |w| out.push(w.to_string())).then_some(out)
    }

    #[test]
    fn cuts_words_as_the_full_pipeline_does() {
        let text = "Giá 7,5 triệu, 100.000 đồng ở TP.HCM lúc 10:30 — v.v. sinh_viên “Hà Nội”";
        assert_eq!(
            words(text, Units::Syllables).expect("common case"),
            [
                "Giá", "7,5", "triệu", "100.000", "đồng", "ở", "TP.HCM", "lúc", "10:30", "v.v",
                "sinh", "viên", "Hà", "Nội"
            ]
        );
        assert_eq!(
            words("sinh_viên _x y_", Units::Words).expect("common case"),
            ["sinh_viên", "x", "y"]
        );
    }

    proptest::proptest! {
        /// On text of the common case the scan answers, with the full pipeline's words; with
        /// one character outside it, the scan answers the same or stops.
        #[test]
        fn words_equal_the_full_pipeline(
            chars in proptest::collection::vec(proptest::sample::select(vec![
                'a', 'B', 'đ', 'Đ', 'ệ', 'Ơ', 'ữ', 'é', '7', '0', '²', '½', 'ª', '.', ',', '/', ':',
                '_', ' ', '\n', '-', '“', '…', '\u{2009}', 'x', 'I', 'ǅ', 'ß', '\u{85}', '\u{A0}',
            ]), 0..40),
            odd in proptest::option::of((0..40usize, proptest::sample::select(vec![
                '\u{AD}', 'Ð', '\u{301}', '\u{200B}', 'Ж', '\u{2000}', '\u{1}', '\u{FEFF}', '가',
            ]))),
            words_mode in proptest::bool::ANY,
        ) {
            let mut chars = chars;
            if let Some((at, c)) = odd {
                chars.insert(at.min(chars.len()), c);
            }
            let text: String = chars.into_iter().collect();
            let units = if words_mode { Units::Words } else { Units::Syllables };
            let opts = super::super::ViOptions { units, ..Default::default() };
            let mut full = Vec::new();
            super::super::vi::for_each_word(&text, &opts, &mut |w, _| full.push(w.to_string()));
            match words(&text, units) {
                Some(fast) => proptest::prop_assert_eq!(fast, full),
                None => proptest::prop_assert!(odd.is_some(), "stopped on {:?}", text),
            }
        }
    }

    #[test]
    fn stops_where_preparing_would_change_the_text() {
        for text in [
            "C\u{200B}ảnh",
            "Ðảng",
            "a\u{301}",
            "\u{FEFF}abc",
            "a\u{7F}b",
            "soft\u{AD}hyphen",
            "Москва",
            "x\u{2000}y",
        ] {
            assert_eq!(words(text, Units::Syllables), None, "{text:?}");
        }
    }
}
