//! Vietnamese syllable structure: onset, rhyme (medial + nucleus + coda) and tone.
//!
//! Used for two decisions that must never fire on non-Vietnamese words: moving a tone mark
//! between the two accepted placements (hòa / hoà) and repairing dotted words (t.iền → tiền).
//! Input is always lowercase and NFC.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Tone of a syllable; `Level` carries no mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Level = 0,
    Grave = 1,
    Acute = 2,
    Hook = 3,
    Tilde = 4,
    Dot = 5,
}

const TONES: [Tone; 6] = [
    Tone::Level,
    Tone::Grave,
    Tone::Acute,
    Tone::Hook,
    Tone::Tilde,
    Tone::Dot,
];

/// Combining marks of the five non-level tones, in `Tone` order.
const TONE_MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'];

/// Lowercase vowels with their quality marks but no tone mark.
const BASE_VOWELS: &str = "aăâeêioôơuưy";

/// Where a tone mark goes in an open oa/oe/uy syllable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ToneStyle {
    /// Mark on the first vowel: hòa, khỏe, thủy.
    Old,
    /// Mark on the second vowel: hoà, khoẻ, thuỷ (the default canonical form).
    #[default]
    New,
    /// Leave placement as written.
    Keep,
}

/// The two code point ranges that hold every precomposed Vietnamese vowel.
const LATIN_RANGE: (u32, u32) = (0x00C0, 0x01B4);
const VIET_RANGE: (u32, u32) = (0x1EA0, 0x1EFA);

struct Tables {
    /// toned vowel → (base vowel, tone), indexed by code point within the two ranges.
    latin: Vec<Option<(char, Tone)>>,
    viet: Vec<Option<(char, Tone)>>,
    /// (base vowel, tone) → toned vowel
    join: HashMap<(char, u8), char>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        use unicode_normalization::UnicodeNormalization;
        let mut latin = vec![None; (LATIN_RANGE.1 - LATIN_RANGE.0) as usize];
        let mut viet = vec![None; (VIET_RANGE.1 - VIET_RANGE.0) as usize];
        let mut join = HashMap::new();
        for base in BASE_VOWELS.chars() {
            for (i, tone) in TONES.iter().enumerate() {
                let toned = if i == 0 {
                    base
                } else {
                    let s: String = [base, TONE_MARKS[i - 1]].iter().collect();
                    let composed: String = s.nfc().collect();
                    let mut it = composed.chars();
                    match (it.next(), it.next()) {
                        (Some(c), None) => c,
                        _ => continue,
                    }
                };
                let cp = toned as u32;
                if (LATIN_RANGE.0..LATIN_RANGE.1).contains(&cp) {
                    latin[(cp - LATIN_RANGE.0) as usize] = Some((base, *tone));
                } else if (VIET_RANGE.0..VIET_RANGE.1).contains(&cp) {
                    viet[(cp - VIET_RANGE.0) as usize] = Some((base, *tone));
                }
                join.insert((base, *tone as u8), toned);
            }
        }
        Tables { latin, viet, join }
    })
}

/// Splits a lowercase letter into its toneless form and tone; non-vowels have `Tone::Level`.
pub fn split_tone(c: char) -> (char, Tone) {
    let cp = c as u32;
    let hit = if cp < LATIN_RANGE.0 {
        None
    } else if cp < LATIN_RANGE.1 {
        tables().latin[(cp - LATIN_RANGE.0) as usize]
    } else if (VIET_RANGE.0..VIET_RANGE.1).contains(&cp) {
        tables().viet[(cp - VIET_RANGE.0) as usize]
    } else {
        None
    };
    hit.unwrap_or((c, Tone::Level))
}

fn join_tone(base: char, tone: Tone) -> char {
    tables()
        .join
        .get(&(base, tone as u8))
        .copied()
        .unwrap_or(base)
}

/// True for a lowercase Vietnamese vowel letter, with or without marks.
pub fn is_vowel(c: char) -> bool {
    BASE_VOWELS.contains(split_tone(c).0)
}

/// Onsets, longest first so that "ngh" is tried before "ng" and "n".
const ONSETS: &[&str] = &[
    "ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
];

/// Every Vietnamese rhyme (medial glide + nucleus + coda), toneless.
const RHYMES: &[&str] = &[
    "a", "ac", "ach", "ai", "am", "an", "ang", "anh", "ao", "ap", "at", "au", "ay", "ăc", "ăm",
    "ăn", "ăng", "ăp", "ăt", "âc", "âm", "ân", "âng", "âp", "ât", "âu", "ây", "e", "ec", "em",
    "en", "eng", "eo", "ep", "et", "ê", "êch", "êm", "ên", "ênh", "êp", "êt", "êu", "i", "ia",
    "ich", "iêc", "iêm", "iên", "iêng", "iêp", "iêt", "iêu", "im", "in", "inh", "ip", "it", "iu",
    "o", "oc", "oi", "om", "on", "ong", "op", "ot", "ooc", "oong", "ô", "ôc", "ôi", "ôm", "ôn",
    "ông", "ôp", "ôt", "ơ", "ơi", "ơm", "ơn", "ơp", "ơt", "u", "ua", "uc", "ui", "um", "un", "ung",
    "uôc", "uôi", "uôm", "uôn", "uông", "uôt", "up", "ut", "ư", "ưa", "ưc", "ưi", "ưm", "ưn",
    "ưng", "ươc", "ươi", "ươm", "ươn", "ương", "ươp", "ươt", "ươu", "ưt", "ưu", "y", "yêm", "yên",
    "yêng", "yêt", "yêu", "oa", "oac", "oach", "oai", "oam", "oan", "oang", "oanh", "oao", "oap",
    "oat", "oay", "oăc", "oăm", "oăn", "oăng", "oăt", "oe", "oen", "oeo", "oet", "uân", "uâng",
    "uât", "uây", "uê", "uêch", "uênh", "uy", "uya", "uych", "uyên", "uyêt", "uyn", "uynh", "uyp",
    "uyt", "uyu", "uơ",
];

/// Onsets that really occur before the open rhymes whose tone placement varies. Anything else
/// (Noé, the name) is not treated as a Vietnamese syllable.
const OA_ONSETS: &[&str] = &[
    "", "ch", "d", "đ", "g", "h", "kh", "l", "ng", "nh", "s", "t", "th", "tr", "x",
];
const OE_ONSETS: &[&str] = &["", "ch", "h", "kh", "l", "ng", "nh", "t", "th", "x"];
const UY_ONSETS: &[&str] = &[
    "", "ch", "d", "h", "kh", "l", "ng", "nh", "s", "t", "th", "tr", "x",
];

/// A parsed syllable: `onset` and `rhyme` are toneless; `tone` is its single tone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Syllable {
    pub onset: &'static str,
    pub rhyme: String,
    pub tone: Tone,
}

/// [`RHYMES`] as a set (a word is tried against it once per onset).
fn rhymes() -> &'static std::collections::HashSet<&'static str> {
    static SET: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| RHYMES.iter().copied().collect())
}

/// Parses a lowercase NFC word as one Vietnamese syllable, or `None` when it is not one
/// (two tone marks, an impossible onset or rhyme, foreign letters).
pub fn parse(word: &str) -> Option<Syllable> {
    let mut base = String::with_capacity(word.len());
    let tone = untoned(word, |b| base.push(b))?;
    for onset in ONSETS {
        if let Some(rest) = base.strip_prefix(onset)
            && rhymes().contains(rest)
        {
            // "gi" + vowel-less rest was already rejected; "gì" parses as g + i.
            return Some(Syllable {
                onset,
                rhyme: rest.to_string(),
                tone,
            });
        }
    }
    None
}

/// Passes each letter of `word` without its tone mark to `push` (at most eight) and returns
/// the tone; `None` for a word that cannot be one syllable: empty, longer than eight letters,
/// or with two tone marks (what was passed is then to be dropped).
fn untoned(word: &str, mut push: impl FnMut(char)) -> Option<Tone> {
    if word.is_empty() || word.chars().count() > 8 {
        return None;
    }
    let mut tone = Tone::Level;
    for c in word.chars() {
        let (b, t) = split_tone(c);
        if t != Tone::Level {
            if tone != Tone::Level {
                return None;
            }
            tone = t;
        }
        push(b);
    }
    Some(tone)
}

/// True when the ASCII `word` (lowercase) is a Vietnamese syllable typed without diacritics:
/// some onset and rhyme spell it once their marks are removed ("nhien" for nhiên).
pub fn is_unmarked_syllable(word: &str) -> bool {
    static FOLDED: OnceLock<rustc_hash::FxHashSet<String>> = OnceLock::new();
    let folded = FOLDED.get_or_init(|| {
        ONSETS
            .iter()
            .flat_map(|o| RHYMES.iter().map(move |r| fold_ascii(&format!("{o}{r}"))))
            .collect()
    });
    word.is_ascii() && folded.contains(word)
}

/// `text` with ă/â/ê/ô/ơ/ư/đ as a/a/e/o/o/u/d (rhymes and onsets carry no tone marks).
fn fold_ascii(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'ă' | 'â' => 'a',
            'ê' => 'e',
            'ô' | 'ơ' => 'o',
            'ư' => 'u',
            'đ' => 'd',
            other => other,
        })
        .collect()
}

/// True when `word` (lowercase NFC) is one valid Vietnamese syllable: [`parse`] would find it,
/// told by one lookup of its letters without tone marks among every onset + rhyme.
pub fn is_syllable(word: &str) -> bool {
    static BASES: OnceLock<rustc_hash::FxHashSet<String>> = OnceLock::new();
    let bases = BASES.get_or_init(|| {
        ONSETS
            .iter()
            .flat_map(|o| RHYMES.iter().map(move |r| format!("{o}{r}")))
            .collect()
    });
    // At most eight letters of at most four bytes.
    let mut buf = [0u8; 32];
    let mut len = 0;
    untoned(word, |b| len += b.encode_utf8(&mut buf[len..]).len()).is_some()
        && std::str::from_utf8(&buf[..len]).is_ok_and(|base| bases.contains(base))
}

/// Rewrites an open oa/oe/uy syllable with its tone mark in the canonical place for `style`.
/// Returns `None` when nothing changes (most words), so callers can keep the borrowed text.
pub fn canonical_tone(word: &str, style: ToneStyle) -> Option<String> {
    if style == ToneStyle::Keep || !ends_in_movable_rhyme(word) {
        return None;
    }
    let syl = parse(word)?;
    if syl.tone == Tone::Level {
        return None;
    }
    let allowed = match syl.rhyme.as_str() {
        "oa" => OA_ONSETS,
        "oe" => OE_ONSETS,
        "uy" => UY_ONSETS,
        _ => return None,
    };
    if !allowed.contains(&syl.onset) {
        return None;
    }
    let marked = match style {
        ToneStyle::Old => 0,
        _ => 1,
    };
    let mut out = String::with_capacity(word.len());
    out.push_str(syl.onset);
    for (i, c) in syl.rhyme.chars().enumerate() {
        out.push(if i == marked {
            join_tone(c, syl.tone)
        } else {
            c
        });
    }
    if out == word { None } else { Some(out) }
}

/// Cheap test run on every token before the syllable parser: the word must end in o/u then
/// a/e/y (any tones) with a tone mark on one of those two letters.
fn ends_in_movable_rhyme(word: &str) -> bool {
    let mut rev = word.chars().rev();
    let (Some(last), Some(prev)) = (rev.next(), rev.next()) else {
        return false;
    };
    if last.is_ascii() && prev.is_ascii() {
        return false;
    }
    let (lb, lt) = split_tone(last);
    let (pb, pt) = split_tone(prev);
    matches!(lb, 'a' | 'e' | 'y')
        && matches!(pb, 'o' | 'u')
        && (lt != Tone::Level || pt != Tone::Level)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_lookup_tells_syllables_as_parse_and_the_onsets_do() {
        let mut words: Vec<String> = [
            "",
            "nghiêng",
            "gì",
            "giữa",
            "quốc",
            "hoà",
            "hòa",
            "xyz",
            "nghiềng",
            "ngghi",
            "trường",
            "đường",
            "aaaaaaaaa",
            "thuở",
            "ưa",
            "giêng",
            "qua",
        ]
        .iter()
        .map(|w| w.to_string())
        .collect();
        for o in ONSETS {
            for r in RHYMES {
                words.push(format!("{o}{r}"));
                words.push(format!("{o}{r}x"));
                words.push(format!("x{o}{r}"));
                words.push(fold_ascii(&format!("{o}{r}")));
            }
        }
        for w in &words {
            assert_eq!(is_syllable(w), parse(w).is_some(), "{w}");
            let by_onsets = w.is_ascii()
                && ONSETS.iter().any(|o| {
                    w.strip_prefix(fold_ascii(o).as_str())
                        .is_some_and(|rest| RHYMES.iter().any(|r| fold_ascii(r) == rest))
                });
            assert_eq!(is_unmarked_syllable(w), by_onsets, "{w}");
        }
    }

    #[test]
    fn parses_common_syllables() {
        for w in [
            "tiền", "nghiêng", "quý", "gì", "giá", "hoà", "hòa", "thuỷ", "khuya", "người", "đàm",
            "phán", "xoong", "uỷ", "ủy", "huỳnh", "hoàn", "quyết", "ám", "sát", "tố", "cáo",
            "đánh",
        ] {
            assert!(is_syllable(w), "{w} should parse");
        }
        for w in [
            "café", "josé", "tphcm", "vv", "hcm", "pgs", "ts", "eg", "hoàà", "tiềnn",
        ] {
            assert!(!is_syllable(w), "{w} should not parse");
        }
    }

    #[test]
    fn moves_tone_only_in_open_oa_oe_uy() {
        assert_eq!(
            canonical_tone("hòa", ToneStyle::New).as_deref(),
            Some("hoà")
        );
        assert_eq!(
            canonical_tone("hoà", ToneStyle::Old).as_deref(),
            Some("hòa")
        );
        assert_eq!(
            canonical_tone("thủy", ToneStyle::New).as_deref(),
            Some("thuỷ")
        );
        assert_eq!(
            canonical_tone("khỏe", ToneStyle::New).as_deref(),
            Some("khoẻ")
        );
        assert_eq!(canonical_tone("ủy", ToneStyle::New).as_deref(), Some("uỷ"));
        assert_eq!(canonical_tone("hoà", ToneStyle::New), None);
        assert_eq!(canonical_tone("hoàn", ToneStyle::Old), None);
        assert_eq!(canonical_tone("huỳnh", ToneStyle::Old), None);
        assert_eq!(canonical_tone("quý", ToneStyle::Old), None);
        assert_eq!(canonical_tone("noé", ToneStyle::Old), None);
        assert_eq!(canonical_tone("josé", ToneStyle::Old), None);
        assert_eq!(canonical_tone("hòa", ToneStyle::Keep), None);
    }
}
