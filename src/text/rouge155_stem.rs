//! The stemmer of ROUGE-1.5.5's `-m`: WordNet 2.0's irregular forms first (`said` → `say`,
//! `were` → `be`), then Martin Porter's own Perl implementation of his algorithm, with
//! ROUGE-1.5.5's change to step 4 (a word ending in -ement is not tried for -ment and -ent
//! again). It differs from NLTK's Porter (`porter.rs`) on words such as `agreed`, `generously`
//! and `ties`.
//!
//! Each rule is ported from the Perl regular expressions; the measure conditions use a small
//! backtracking matcher over the same character classes, so the port answers as Perl's regex
//! engine does. Words with a non-ASCII character are returned unchanged (ROUGE-1.5.5 only ever
//! sees `[a-z0-9-]`).

use std::collections::HashMap;
use std::sync::OnceLock;

/// WordNet 2.0's exception lists as ROUGE-1.5.5 ships them; read in this order, a later line
/// replacing an earlier one (see data/rouge155/README.md).
const EXCEPTION_FILES: [&str; 4] = [
    include_str!("../../data/rouge155/adj.exc"),
    include_str!("../../data/rouge155/adv.exc"),
    include_str!("../../data/rouge155/noun.exc"),
    include_str!("../../data/rouge155/verb.exc"),
];

fn exceptions() -> &'static HashMap<&'static str, &'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = HashMap::new();
        for file in EXCEPTION_FILES {
            for line in file.lines() {
                let mut fields = line.split_ascii_whitespace();
                if let (Some(form), Some(base)) = (fields.next(), fields.next()) {
                    table.insert(form, base);
                }
            }
        }
        table
    })
}

/// ROUGE-1.5.5's `MorphStem`: ASCII-lowercase, the WordNet exception if there is one, else
/// the Porter stem. (ROUGE-1.5.5 calls it only for tokens longer than 3 bytes; so do the
/// tokenizers.)
pub fn stem(word: &str) -> String {
    if !word.is_ascii() {
        return word.to_string();
    }
    let lower = word.to_ascii_lowercase();
    if let Some(base) = exceptions().get(lower.as_str()) {
        return (*base).to_string();
    }
    porter_perl(lower.as_bytes())
}

/// One part of a measure pattern: `C` = `[^aeiou][^aeiouy]*`, `V` = `[aeiouy][aeiou]*`.
#[derive(Clone, Copy)]
enum Part {
    C,
    V,
    OptC,
    OptV,
}

fn in_set(b: u8, set: &[u8]) -> bool {
    set.contains(&b)
}

/// True when `pattern` matches `w` from its start (and to its end when `to_end`), with
/// backtracking over every run length, as a regex engine would.
fn matches(w: &[u8], at: usize, pattern: &[Part], to_end: bool) -> bool {
    let Some((&part, rest)) = pattern.split_first() else {
        return !to_end || at == w.len();
    };
    let (first, more): (&dyn Fn(u8) -> bool, &dyn Fn(u8) -> bool) = match part {
        Part::C | Part::OptC => (&|b| !in_set(b, b"aeiou"), &|b| !in_set(b, b"aeiouy")),
        Part::V | Part::OptV => (&|b| in_set(b, b"aeiouy"), &|b| in_set(b, b"aeiou")),
    };
    if matches!(part, Part::OptC | Part::OptV) && matches(w, at, rest, to_end) {
        return true;
    }
    if at >= w.len() || !first(w[at]) {
        return false;
    }
    let mut end = at + 1;
    loop {
        if matches(w, end, rest, to_end) {
            return true;
        }
        if end < w.len() && more(w[end]) {
            end += 1;
        } else {
            return false;
        }
    }
}

/// `^(C)?VC`: m > 0.
fn m_gt0(stem: &[u8]) -> bool {
    matches(stem, 0, &[Part::OptC, Part::V, Part::C], false)
}

/// `^(C)?VCVC`: m > 1.
fn m_gt1(stem: &[u8]) -> bool {
    matches(
        stem,
        0,
        &[Part::OptC, Part::V, Part::C, Part::V, Part::C],
        false,
    )
}

/// `^(C)?VC(V)?$`: m = 1.
fn m_eq1(stem: &[u8]) -> bool {
    matches(stem, 0, &[Part::OptC, Part::V, Part::C, Part::OptV], true)
}

/// `^(C)?v`: the stem has a vowel (`V` starts with `v`, so `^(C)?V` matches the same).
fn has_vowel(stem: &[u8]) -> bool {
    matches(stem, 0, &[Part::OptC, Part::V], false)
}

/// `^C v [^aeiouwxy]$`: the whole word is consonants, one vowel, one consonant.
fn is_cvc(w: &[u8]) -> bool {
    let n = w.len();
    n >= 3
        && !in_set(w[n - 1], b"aeiouwxy")
        && in_set(w[n - 2], b"aeiouy")
        && matches(&w[..n - 2], 0, &[Part::C], true)
}

/// The longest suffix of `w` in `list` (what a leftmost match of `(a|b|…)$` finds).
fn longest_suffix<'a>(w: &[u8], list: &[(&'a str, &'a str)]) -> Option<(&'a str, &'a str)> {
    list.iter()
        .filter(|(s, _)| w.ends_with(s.as_bytes()))
        .max_by_key(|(s, _)| s.len())
        .copied()
}

const STEP2: [(&str, &str); 21] = [
    ("ational", "ate"),
    ("tional", "tion"),
    ("enci", "ence"),
    ("anci", "ance"),
    ("izer", "ize"),
    ("bli", "ble"),
    ("alli", "al"),
    ("entli", "ent"),
    ("eli", "e"),
    ("ousli", "ous"),
    ("ization", "ize"),
    ("ation", "ate"),
    ("ator", "ate"),
    ("alism", "al"),
    ("iveness", "ive"),
    ("fulness", "ful"),
    ("ousness", "ous"),
    ("aliti", "al"),
    ("iviti", "ive"),
    ("biliti", "ble"),
    ("logi", "log"),
];

const STEP3: [(&str, &str); 7] = [
    ("icate", "ic"),
    ("ative", ""),
    ("alize", "al"),
    ("iciti", "ic"),
    ("ical", "ic"),
    ("ful", ""),
    ("ness", ""),
];

const STEP4: [(&str, &str); 16] = [
    ("al", ""),
    ("ance", ""),
    ("ence", ""),
    ("er", ""),
    ("ic", ""),
    ("able", ""),
    ("ible", ""),
    ("ant", ""),
    ("ement", ""),
    ("ou", ""),
    ("ism", ""),
    ("ate", ""),
    ("iti", ""),
    ("ous", ""),
    ("ive", ""),
    ("ize", ""),
];

/// `sub stem` of ROUGE-1.5.5 (Porter's Perl), on an ASCII-lowercase word.
fn porter_perl(word: &[u8]) -> String {
    if word.len() < 3 {
        return String::from_utf8_lossy(word).into_owned();
    }
    let mut w = word.to_vec();
    let initial_y = w[0] == b'y';
    if initial_y {
        w[0] = b'Y';
    }
    // Step 1a
    if w.ends_with(b"sses") || w.ends_with(b"ies") {
        w.truncate(w.len() - 2);
    } else if w.ends_with(b"s") && w.len() >= 2 && w[w.len() - 2] != b's' {
        w.pop();
    }
    // Step 1b
    if w.ends_with(b"eed") {
        if m_gt0(&w[..w.len() - 3]) {
            w.pop();
        }
    } else {
        let cut = if w.ends_with(b"ed") {
            Some(2)
        } else if w.ends_with(b"ing") {
            Some(3)
        } else {
            None
        };
        if let Some(cut) = cut
            && has_vowel(&w[..w.len() - cut])
        {
            w.truncate(w.len() - cut);
            let n = w.len();
            if w.ends_with(b"at") || w.ends_with(b"bl") || w.ends_with(b"iz") {
                w.push(b'e');
            } else if n >= 2 && w[n - 1] == w[n - 2] && !in_set(w[n - 1], b"aeiouylsz") {
                w.pop();
            } else if is_cvc(&w) {
                w.push(b'e');
            }
        }
    }
    // Step 1c
    if w.ends_with(b"y") && has_vowel(&w[..w.len() - 1]) {
        let n = w.len();
        w[n - 1] = b'i';
    }
    // Steps 2 and 3
    for list in [&STEP2[..], &STEP3[..]] {
        if let Some((suffix, replacement)) = longest_suffix(&w, list) {
            let stem = &w[..w.len() - suffix.len()];
            if m_gt0(stem) {
                let mut next = stem.to_vec();
                next.extend_from_slice(replacement.as_bytes());
                w = next;
            }
        }
    }
    // Step 4 (ROUGE-1.5.5's version: three tests in a row on the updated word)
    if let Some((suffix, _)) = longest_suffix(&w, &STEP4) {
        let stem = w.len() - suffix.len();
        if m_gt1(&w[..stem]) {
            w.truncate(stem);
        }
    }
    if w.ends_with(b"ment") && m_gt1(&w[..w.len() - 4]) {
        w.truncate(w.len() - 4);
    }
    if w.ends_with(b"ent") {
        if m_gt1(&w[..w.len() - 3]) {
            w.truncate(w.len() - 3);
        }
    } else if (w.ends_with(b"sion") || w.ends_with(b"tion")) && m_gt1(&w[..w.len() - 3]) {
        w.truncate(w.len() - 3);
    }
    // Step 5
    if w.ends_with(b"e") {
        let stem = &w[..w.len() - 1];
        if m_gt1(stem) || (m_eq1(stem) && !is_cvc(stem)) {
            w.pop();
        }
    }
    if w.ends_with(b"ll") && m_gt1(&w) {
        w.pop();
    }
    if initial_y {
        w[0] = b'y';
    }
    String::from_utf8_lossy(&w).into_owned()
}

#[cfg(test)]
mod tests {
    use super::stem;

    #[test]
    fn wordnet_exceptions_come_first() {
        for (w, s) in [
            ("said", "say"),
            ("were", "be"),
            ("found", "find"),
            ("Children", "child"),
            ("is", "be"),
            ("better", "well"),
        ] {
            assert_eq!(stem(w), s, "{w}");
        }
    }

    #[test]
    fn porters_perl_differs_from_nltk_where_the_algorithm_does() {
        for (w, s) in [
            ("caresses", "caress"),
            ("ponies", "poni"),
            ("ties", "ti"),
            ("cats", "cat"),
            ("agreed", "agre"),
            ("plastered", "plaster"),
            ("motoring", "motor"),
            ("hopping", "hop"),
            ("filing", "file"),
            ("happy", "happi"),
            ("relational", "relat"),
            ("generalization", "gener"),
            ("replacement", "replac"),
            ("adjustment", "adjust"),
            ("yelling", "yell"),
            ("controll", "control"),
            ("generously", "gener"),
            ("hòa", "hòa"),
        ] {
            assert_eq!(stem(w), s, "{w}");
        }
    }
}
