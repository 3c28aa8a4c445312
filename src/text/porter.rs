//! The Porter stemmer exactly as NLTK's `PorterStemmer()` runs it in its default
//! `NLTK_EXTENSIONS` mode, which is what rouge-score 0.1.2 calls with `use_stemmer=True`.
//! Checked against NLTK's output by the fixtures in `tests/fixtures/`.

/// Stems one word. The word is lowercased first, as NLTK does.
pub fn stem(word: &str) -> String {
    let lower = word.to_lowercase();
    if let Some(irregular) = irregular(&lower) {
        return irregular.to_string();
    }
    if word.chars().count() <= 2 {
        return lower;
    }
    let mut w: Vec<char> = lower.chars().collect();
    w = step1a(w);
    w = step1b(w);
    w = step1c(w);
    w = step2(w);
    w = step3(w);
    w = step4(w);
    w = step5a(w);
    w = step5b(w);
    w.into_iter().collect()
}

fn irregular(word: &str) -> Option<&'static str> {
    Some(match word {
        "sky" | "skies" => "sky",
        "dying" => "die",
        "lying" => "lie",
        "tying" => "tie",
        "news" => "news",
        "innings" | "inning" => "inning",
        "outings" | "outing" => "outing",
        "cannings" | "canning" => "canning",
        "howe" => "howe",
        "proceed" => "proceed",
        "exceed" => "exceed",
        "succeed" => "succeed",
        _ => return None,
    })
}

fn is_vowel_letter(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// Consonant flags: a 'y' is a consonant at the start or after a vowel.
fn consonants(w: &[char]) -> Vec<bool> {
    let mut flags: Vec<bool> = Vec::with_capacity(w.len());
    for (i, &c) in w.iter().enumerate() {
        let f = if is_vowel_letter(c) {
            false
        } else if c == 'y' {
            i == 0 || !flags[i - 1]
        } else {
            true
        };
        flags.push(f);
    }
    flags
}

fn is_consonant(w: &[char], i: usize) -> bool {
    consonants(&w[..=i])[i]
}

/// The number of vowel-consonant sequences, Porter's m.
fn measure(w: &[char]) -> usize {
    let f = consonants(w);
    f.windows(2).filter(|p| !p[0] && p[1]).count()
}

fn has_vowel(w: &[char]) -> bool {
    consonants(w).iter().any(|c| !c)
}

fn ends_double_consonant(w: &[char]) -> bool {
    let n = w.len();
    n >= 2 && w[n - 1] == w[n - 2] && is_consonant(w, n - 1)
}

fn ends_cvc(w: &[char]) -> bool {
    let n = w.len();
    if n >= 3 {
        let f = consonants(w);
        if f[n - 3] && !f[n - 2] && f[n - 1] && !matches!(w[n - 1], 'w' | 'x' | 'y') {
            return true;
        }
    }
    n == 2 && {
        let f = consonants(w);
        !f[0] && f[1]
    }
}

fn ends_with(w: &[char], suffix: &str) -> bool {
    let s: Vec<char> = suffix.chars().collect();
    w.len() >= s.len() && w[w.len() - s.len()..] == s[..]
}

fn strip<'a>(w: &'a [char], suffix: &str) -> &'a [char] {
    &w[..w.len() - suffix.chars().count()]
}

fn join(stem: &[char], tail: &str) -> Vec<char> {
    let mut v = stem.to_vec();
    v.extend(tail.chars());
    v
}

type Condition<'a> = &'a dyn Fn(&[char]) -> bool;

/// The first rule whose suffix matches decides: replaced when its condition holds, else the
/// word is returned unchanged (no later rule is tried).
fn apply_rules(w: Vec<char>, rules: &[(&str, &str, Condition)]) -> Vec<char> {
    for (suffix, replacement, condition) in rules {
        if ends_with(&w, suffix) {
            let stem = strip(&w, suffix);
            return if condition(stem) {
                join(stem, replacement)
            } else {
                w
            };
        }
    }
    w
}

fn always(_: &[char]) -> bool {
    true
}

fn positive(stem: &[char]) -> bool {
    measure(stem) > 0
}

fn above_one(stem: &[char]) -> bool {
    measure(stem) > 1
}

fn step1a(w: Vec<char>) -> Vec<char> {
    if ends_with(&w, "ies") && w.len() == 4 {
        return join(strip(&w, "ies"), "ie");
    }
    apply_rules(
        w,
        &[
            ("sses", "ss", &always),
            ("ies", "i", &always),
            ("ss", "ss", &always),
            ("s", "", &always),
        ],
    )
}

fn step1b(w: Vec<char>) -> Vec<char> {
    if ends_with(&w, "ied") {
        let tail = if w.len() == 4 { "ie" } else { "i" };
        return join(strip(&w, "ied"), tail);
    }
    if ends_with(&w, "eed") {
        let stem = strip(&w, "eed");
        return if measure(stem) > 0 {
            join(stem, "ee")
        } else {
            w
        };
    }
    let mut intermediate = None;
    for suffix in ["ed", "ing"] {
        if ends_with(&w, suffix) {
            let stem = strip(&w, suffix);
            if has_vowel(stem) {
                intermediate = Some(stem.to_vec());
                break;
            }
        }
    }
    let Some(stem) = intermediate else {
        return w;
    };
    for (suffix, replacement) in [("at", "ate"), ("bl", "ble"), ("iz", "ize")] {
        if ends_with(&stem, suffix) {
            return join(strip(&stem, suffix), replacement);
        }
    }
    if ends_double_consonant(&stem) {
        let last = stem[stem.len() - 1];
        return if matches!(last, 'l' | 's' | 'z') {
            stem
        } else {
            stem[..stem.len() - 1].to_vec()
        };
    }
    if measure(&stem) == 1 && ends_cvc(&stem) {
        return join(&stem, "e");
    }
    stem
}

fn step1c(w: Vec<char>) -> Vec<char> {
    apply_rules(
        w,
        &[("y", "i", &|stem: &[char]| {
            stem.len() > 1 && is_consonant(stem, stem.len() - 1)
        })],
    )
}

fn step2(w: Vec<char>) -> Vec<char> {
    if ends_with(&w, "alli") && positive(strip(&w, "alli")) {
        return step2(join(strip(&w, "alli"), "al"));
    }
    let whole = w.clone();
    let logi = move |_: &[char]| positive(&whole[..whole.len() - 3]);
    apply_rules(
        w,
        &[
            ("ational", "ate", &positive),
            ("tional", "tion", &positive),
            ("enci", "ence", &positive),
            ("anci", "ance", &positive),
            ("izer", "ize", &positive),
            ("bli", "ble", &positive),
            ("alli", "al", &positive),
            ("entli", "ent", &positive),
            ("eli", "e", &positive),
            ("ousli", "ous", &positive),
            ("ization", "ize", &positive),
            ("ation", "ate", &positive),
            ("ator", "ate", &positive),
            ("alism", "al", &positive),
            ("iveness", "ive", &positive),
            ("fulness", "ful", &positive),
            ("ousness", "ous", &positive),
            ("aliti", "al", &positive),
            ("iviti", "ive", &positive),
            ("biliti", "ble", &positive),
            ("fulli", "ful", &positive),
            ("logi", "log", &logi),
        ],
    )
}

fn step3(w: Vec<char>) -> Vec<char> {
    apply_rules(
        w,
        &[
            ("icate", "ic", &positive),
            ("ative", "", &positive),
            ("alize", "al", &positive),
            ("iciti", "ic", &positive),
            ("ical", "ic", &positive),
            ("ful", "", &positive),
            ("ness", "", &positive),
        ],
    )
}

fn step4(w: Vec<char>) -> Vec<char> {
    let ion = |stem: &[char]| above_one(stem) && matches!(stem.last(), Some('s' | 't'));
    apply_rules(
        w,
        &[
            ("al", "", &above_one),
            ("ance", "", &above_one),
            ("ence", "", &above_one),
            ("er", "", &above_one),
            ("ic", "", &above_one),
            ("able", "", &above_one),
            ("ible", "", &above_one),
            ("ant", "", &above_one),
            ("ement", "", &above_one),
            ("ment", "", &above_one),
            ("ent", "", &above_one),
            ("ion", "", &ion),
            ("ou", "", &above_one),
            ("ism", "", &above_one),
            ("ate", "", &above_one),
            ("iti", "", &above_one),
            ("ous", "", &above_one),
            ("ive", "", &above_one),
            ("ize", "", &above_one),
        ],
    )
}

fn step5a(w: Vec<char>) -> Vec<char> {
    if ends_with(&w, "e") {
        let stem = strip(&w, "e");
        let m = measure(stem);
        if m > 1 || (m == 1 && !ends_cvc(stem)) {
            return stem.to_vec();
        }
    }
    w
}

fn step5b(w: Vec<char>) -> Vec<char> {
    if ends_with(&w, "ll") && measure(&w[..w.len() - 1]) > 1 {
        return w[..w.len() - 1].to_vec();
    }
    w
}

#[cfg(test)]
mod tests {
    use super::stem;

    #[test]
    fn classic_examples() {
        for (w, s) in [
            ("caresses", "caress"),
            ("ponies", "poni"),
            ("ties", "tie"),
            ("cats", "cat"),
            ("agreed", "agre"),
            ("plastered", "plaster"),
            ("motoring", "motor"),
            ("conflated", "conflat"),
            ("hopping", "hop"),
            ("filing", "file"),
            ("happy", "happi"),
            ("relational", "relat"),
            ("generalization", "gener"),
            ("dying", "die"),
            ("running", "run"),
            ("controlling", "control"),
        ] {
            assert_eq!(stem(w), s, "{w}");
        }
    }
}
