//! Character-level cleaning shared by the profiles: invisible characters, look-alike letters
//! and Unicode composition.

use std::borrow::Cow;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Format characters (General Category Cf) and C0 control characters (Cc below U+0080) that
/// are not whitespace. They are deleted, so a zero-width space inside a word does not split
/// it. C1 controls (U+0080–U+009F) are not: they are almost always Windows-1252 punctuation
/// decoded as Latin-1 (U+0092 for ’, U+0093/U+0094 for “ ”), so they separate words as that
/// punctuation would, and as ROUGE-1.5.5 does.
pub fn is_invisible(c: char) -> bool {
    let cp = c as u32;
    if cp < 0x600 {
        return cp == 0xAD || (cp < 0x80 && c.is_control() && !c.is_whitespace());
    }
    // Vietnamese letters (U+1E00–U+1EFF) and most other scripts sit between the ranges below.
    if (0x08E3..0x180E).contains(&cp) || (0x180F..0x200B).contains(&cp) {
        return false;
    }
    matches!(c as u32,
        0x00AD | 0x0600..=0x0605 | 0x061C | 0x06DD | 0x070F | 0x0890..=0x0891 | 0x08E2
        | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F
        | 0xFEFF | 0xFFF9..=0xFFFB | 0x110BD | 0x110CD | 0x13430..=0x1343F
        | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F)
}

/// Letters used in place of Đ/đ by some sites and keyboards.
pub fn map_d_lookalike(c: char) -> char {
    match c {
        'Ð' | 'Ɖ' => 'Đ',
        'ð' | 'ɖ' => 'đ',
        _ => c,
    }
}

/// `text` with every run of letters, digits and combining marks passed through
/// [`latinize_mixed_word`] (Cyrillic look-alikes inside Latin words become Latin), appended to
/// `out`; everything between runs is kept as it is.
pub fn latinize_runs(text: &str, out: &mut String) {
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c) {
            start.get_or_insert(i);
        } else {
            if let Some(s) = start.take() {
                out.push_str(&latinize_mixed_word(&text[s..i]));
            }
            out.push(c);
        }
    }
    if let Some(s) = start {
        out.push_str(&latinize_mixed_word(&text[s..]));
    }
}

/// The Latin letter a Cyrillic letter is indistinguishable from, if any.
pub fn cyrillic_twin(c: char) -> Option<char> {
    Some(match c {
        'А' => 'A',
        'В' => 'B',
        'Е' => 'E',
        'К' => 'K',
        'М' => 'M',
        'Н' => 'H',
        'О' => 'O',
        'Р' => 'P',
        'С' => 'C',
        'Т' => 'T',
        'У' => 'Y',
        'Х' => 'X',
        'І' => 'I',
        'Ј' => 'J',
        'Ѕ' => 'S',
        'а' => 'a',
        'е' => 'e',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'у' => 'y',
        'х' => 'x',
        'і' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'һ' => 'h',
        'ԁ' => 'd',
        'ԛ' => 'q',
        'ԝ' => 'w',
        _ => return None,
    })
}

fn is_cyrillic(c: char) -> bool {
    matches!(c as u32, 0x0400..=0x052F)
}

/// Replaces Cyrillic look-alikes with their Latin twins when the word also has Latin letters
/// and every Cyrillic letter in it has a twin. A genuinely Cyrillic word is left alone.
/// Works on the decomposed word, so a composed Cyrillic letter such as ӑ (а + breve) maps too.
pub fn latinize_mixed_word(word: &str) -> Cow<'_, str> {
    // Every Cyrillic letter (U+0400–U+052F) starts with a UTF-8 byte in 0xD0..=0xD4.
    if !word.bytes().any(|b| (0xD0..=0xD4).contains(&b)) || !word.chars().any(is_cyrillic) {
        return Cow::Borrowed(word);
    }
    let decomposed: Vec<char> = word.nfd().collect();
    let has_latin = decomposed
        .iter()
        .any(|&c| c.is_alphabetic() && (c.is_ascii() || is_latin_extended(c)));
    if !has_latin
        || decomposed
            .iter()
            .any(|&c| is_cyrillic(c) && cyrillic_twin(c).is_none())
    {
        return Cow::Borrowed(word);
    }
    let mapped: String = decomposed
        .iter()
        .map(|&c| cyrillic_twin(c).unwrap_or(c))
        .collect();
    Cow::Owned(mapped.nfc().collect())
}

fn is_latin_extended(c: char) -> bool {
    matches!(c as u32, 0x00C0..=0x024F | 0x1E00..=0x1EFF)
}

/// Strips a leading BOM, deletes invisible characters, maps Ð/Ɖ look-alikes to Đ (when
/// `map_d` is set) and composes to NFC. ASCII text without control characters is returned
/// borrowed.
pub fn prepare(text: &str, map_d: bool) -> Cow<'_, str> {
    let map_d_lookalike = |c: char| if map_d { map_d_lookalike(c) } else { c };
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let (needs_filter, mut surely_nfc) = if text.is_ascii() {
        let filter = text
            .bytes()
            .any(|b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)) || b == 0x7F);
        (filter, true)
    } else {
        // Byte by byte: ASCII (most of Vietnamese text) needs no decoding.
        let (mut filter, mut nfc) = (false, true);
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                filter |=
                    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)) || b == 0x7F;
                i += 1;
                continue;
            }
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            filter |= is_invisible(c) || map_d_lookalike(c) != c;
            nfc &= super::chars::surely_nfc_char(c);
            i += c.len_utf8();
        }
        (filter, nfc)
    };
    let filtered: Cow<str> = if needs_filter {
        Cow::Owned(
            text.chars()
                .filter(|c| !is_invisible(*c))
                .map(map_d_lookalike)
                .collect(),
        )
    } else {
        Cow::Borrowed(text)
    };
    if needs_filter {
        surely_nfc = super::chars::surely_nfc(&filtered);
    }
    if surely_nfc {
        return filtered;
    }
    match to_nfc(&filtered) {
        Cow::Borrowed(_) => filtered,
        Cow::Owned(nfc) => Cow::Owned(nfc),
    }
}

/// `text` in NFC, borrowed when it already is (decided by the quick check when possible).
pub fn to_nfc(text: &str) -> Cow<'_, str> {
    if super::chars::surely_nfc(text) || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        return Cow::Borrowed(text);
    }
    let nfc: String = text.nfc().collect();
    if nfc == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(nfc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_invisibles_and_composes() {
        assert_eq!(prepare("C\u{200B}a\u{301}nh", true), "Cánh");
        assert_eq!(prepare("\u{FEFF}abc", true), "abc");
        assert_eq!(prepare("a\u{7F}b", true), "ab");
        assert_eq!(prepare("Ðảng", true), "Đảng");
        assert_eq!(prepare("a\tb\nc", true), "a\tb\nc");
    }

    #[test]
    fn latinizes_only_mixed_words() {
        assert_eq!(latinize_mixed_word("Сhuyên"), "Chuyên");
        assert_eq!(latinize_mixed_word("Москва"), "Москва");
        assert_eq!(latinize_mixed_word("hello"), "hello");
    }
}
