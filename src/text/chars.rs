//! Character classes on the hot path, with table lookups for the Latin and Vietnamese ranges
//! that make up nearly all Vietnamese text; other characters take the general Unicode path.
//! Every fast answer equals the general one (tested over all code points below U+2000).

use std::sync::OnceLock;
use unicode_normalization::char::is_combining_mark;

/// Latin-1, Latin Extended-A/B (and IPA, spacing modifiers) up to the combining marks.
const LOW_END: u32 = 0x300;
/// Latin Extended Additional, where the precomposed Vietnamese vowels live.
const EXT: (u32, u32) = (0x1E00, 0x1F00);

struct Tables {
    word: Vec<bool>,
    ext_word: Vec<bool>,
    alpha: Vec<bool>,
    ext_alpha: Vec<bool>,
    lower: Vec<char>,
    ext_lower: Vec<char>,
}

fn single_lower(c: char) -> char {
    let mut it = c.to_lowercase();
    match (it.next(), it.next()) {
        (Some(l), None) => l,
        _ => '\0',
    }
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let word_general = |c: char| c.is_alphanumeric() || is_combining_mark(c);
        let range = |a: u32, b: u32| (a..b).filter_map(char::from_u32).collect::<Vec<_>>();
        let low = range(0, LOW_END);
        let ext = range(EXT.0, EXT.1);
        Tables {
            word: low.iter().map(|&c| word_general(c)).collect(),
            ext_word: ext.iter().map(|&c| word_general(c)).collect(),
            alpha: low.iter().map(|c| c.is_alphabetic()).collect(),
            ext_alpha: ext.iter().map(|c| c.is_alphabetic()).collect(),
            lower: low.iter().map(|&c| single_lower(c)).collect(),
            ext_lower: ext.iter().map(|&c| single_lower(c)).collect(),
        }
    })
}

/// The answer of a pair of tables (U+0000–U+02FF, Latin Extended Additional) for `c`, or
/// `None` outside their ranges.
#[inline]
fn by_table(c: char, low: fn(&Tables) -> &[bool], ext: fn(&Tables) -> &[bool]) -> Option<bool> {
    let cp = c as u32;
    if cp < LOW_END {
        Some(low(tables())[cp as usize])
    } else if (EXT.0..EXT.1).contains(&cp) {
        Some(ext(tables())[(cp - EXT.0) as usize])
    } else {
        None
    }
}

/// Letters, digits and combining marks make up tokens; everything else separates them.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    by_table(c, |t| &t.word, |t| &t.ext_word)
        .unwrap_or_else(|| c.is_alphanumeric() || is_combining_mark(c))
}

/// `char::is_alphabetic`, by table for the Latin and Vietnamese ranges.
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    by_table(c, |t| &t.alpha, |t| &t.ext_alpha).unwrap_or_else(|| c.is_alphabetic())
}

/// Appends the full lowercase of `c` to `out`.
#[cfg(test)]
fn push_lower(c: char, out: &mut String) {
    push_lower_with(tables(), c, out);
}

fn push_lower_with(t: &Tables, c: char, out: &mut String) {
    let cp = c as u32;
    let fast = if cp < 0x80 {
        Some(c.to_ascii_lowercase())
    } else if cp < LOW_END {
        Some(t.lower[cp as usize])
    } else if (EXT.0..EXT.1).contains(&cp) {
        Some(t.ext_lower[(cp - EXT.0) as usize])
    } else {
        None
    };
    match fast {
        Some(l) if l != '\0' => out.push(l),
        _ => out.extend(c.to_lowercase()),
    }
}

/// Replaces `out` with the full Unicode lowercase of `word` (exactly `str::to_lowercase`),
/// without allocating in the common case.
pub fn lowercase_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    let t = tables();
    for c in word.chars() {
        if c == 'Σ' {
            // The final-sigma rule depends on context; only str::to_lowercase applies it.
            out.clear();
            out.push_str(&word.to_lowercase());
            return;
        }
        push_lower_with(t, c, out);
    }
}

/// The character at byte `pos` of `s` (which must be a character boundary).
#[inline]
pub fn char_at(s: &str, pos: usize) -> Option<char> {
    match s.as_bytes().get(pos) {
        None => None,
        Some(&b) if b < 0x80 => Some(b as char),
        Some(_) => s[pos..].chars().next(),
    }
}

/// General Punctuation without the two singletons U+2000/U+2001 (which NFC replaces).
const PUNCT: (u32, u32) = (0x2002, 0x2070);

/// True when `c` is certainly NFC-stable in any context: below U+0300, in Latin Extended
/// Additional, or General Punctuation but U+2000/U+2001 (all NFC, combining class 0).
pub fn surely_nfc_char(c: char) -> bool {
    let cp = c as u32;
    cp < LOW_END || (EXT.0..EXT.1).contains(&cp) || (PUNCT.0..PUNCT.1).contains(&cp)
}

/// True when `text` is certainly NFC without consulting the normalization tables.
/// False means "check properly".
pub fn surely_nfc(text: &str) -> bool {
    text.chars().all(surely_nfc_char)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_paths_equal_the_general_ones() {
        for cp in 0..0x2000u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            assert_eq!(
                is_word_char(c),
                c.is_alphanumeric() || is_combining_mark(c),
                "U+{cp:04X}"
            );
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "U+{cp:04X}");
            let mut fast = String::new();
            push_lower(c, &mut fast);
            assert_eq!(fast, c.to_lowercase().collect::<String>(), "U+{cp:04X}");
        }
    }

    #[test]
    fn lowercase_into_equals_str_to_lowercase() {
        let mut out = String::new();
        for w in [
            "HOÀ",
            "ΣΊΣΥΦΟΣ",
            "Đảng",
            "İstanbul",
            "ǅemal",
            "ABC",
            "Straße",
        ] {
            lowercase_into(w, &mut out);
            assert_eq!(out, w.to_lowercase(), "{w}");
        }
    }

    #[test]
    fn surely_nfc_never_lies() {
        use unicode_normalization::UnicodeNormalization;
        for cp in (0..0x300u32).chain(0x1E00..0x1F00).chain(0x2000..0x2070) {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let s = format!("a{c}b");
            if surely_nfc(&s) {
                assert_eq!(s.nfc().collect::<String>(), s, "U+{cp:04X}");
            }
        }
    }
}
