//! Which language a summary is written in, for output-language fidelity: Vietnamese, English,
//! another language whatlang can name, or unknown.
//!
//! Short summaries are where general detectors fail (whatlang calls "Ministers met in Geneva
//! without a breakthrough" German), and two cases matter most here: Vietnamese typed without
//! diacritics, and English that names Vietnamese people and places ("Nguyễn Xuân Phúc met
//! …"). So each word is weighed: a valid Vietnamese syllable carrying a Vietnamese mark is
//! evidence for Vietnamese; an ASCII word that is no Vietnamese syllable, or an English
//! function word, is evidence for English. Marked syllables outweighing the English evidence
//! make Vietnamese; without marks, a text of three or more words whose valid syllables are at
//! least twice its English evidence is Vietnamese typed without diacritics ("gia xang tang");
//! otherwise more English evidence makes English, and whatlang decides what is left when it is
//! reliable.

use super::syllable;

/// English words that are also valid unmarked Vietnamese syllables, so they count for English
/// (sorted, for a binary search).
const ENGLISH_SHORT: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "ban", "bank", "be", "but", "by", "can", "for", "from",
    "had", "has", "have", "he", "her", "his", "i", "in", "is", "it", "its", "long", "man", "may",
    "me", "men", "met", "my", "no", "not", "of", "on", "or", "so", "than", "that", "the", "them",
    "then", "this", "to", "up", "us", "was", "we", "were", "who", "will", "with",
];

/// The languages the detector can judge: whatlang's, as (ISO 639-3 code, the one code they
/// are known by here: ISO 639-1 where there is one).
const LANGUAGES: &[(&str, &str)] = &[
    ("afr", "af"),
    ("aka", "ak"),
    ("amh", "am"),
    ("ara", "ar"),
    ("aze", "az"),
    ("bel", "be"),
    ("ben", "bn"),
    ("bul", "bg"),
    ("cat", "ca"),
    ("ces", "cs"),
    ("cmn", "zh"),
    ("cym", "cy"),
    ("dan", "da"),
    ("deu", "de"),
    ("ell", "el"),
    ("eng", "en"),
    ("epo", "eo"),
    ("est", "et"),
    ("fin", "fi"),
    ("fra", "fr"),
    ("guj", "gu"),
    ("heb", "he"),
    ("hin", "hi"),
    ("hrv", "hr"),
    ("hun", "hu"),
    ("hye", "hy"),
    ("ind", "id"),
    ("ita", "it"),
    ("jav", "jv"),
    ("jpn", "ja"),
    ("kan", "kn"),
    ("kat", "ka"),
    ("khm", "km"),
    ("kor", "ko"),
    ("lat", "la"),
    ("lav", "lv"),
    ("lit", "lt"),
    ("mal", "ml"),
    ("mar", "mr"),
    ("mkd", "mk"),
    ("mya", "my"),
    ("nep", "ne"),
    ("nld", "nl"),
    ("nob", "nb"),
    ("ori", "or"),
    ("pan", "pa"),
    ("pes", "fa"),
    ("pol", "pl"),
    ("por", "pt"),
    ("ron", "ro"),
    ("rus", "ru"),
    ("sin", "si"),
    ("slk", "sk"),
    ("slv", "sl"),
    ("sna", "sn"),
    ("spa", "es"),
    ("srp", "sr"),
    ("swe", "sv"),
    ("tam", "ta"),
    ("tel", "te"),
    ("tgl", "tl"),
    ("tha", "th"),
    ("tuk", "tk"),
    ("tur", "tr"),
    ("ukr", "uk"),
    ("urd", "ur"),
    ("uzb", "uz"),
    ("vie", "vi"),
    ("yid", "yi"),
    ("zul", "zu"),
];

/// Other spellings of those languages: ISO 639-2/B codes, macrolanguage codes and BCP 47
/// tags' usual primary subtags.
const ALIASES: &[(&str, &str)] = &[
    ("zho", "zh"),
    ("chi", "zh"),
    ("yue", "zh"),
    ("fre", "fr"),
    ("ger", "de"),
    ("cze", "cs"),
    ("dut", "nl"),
    ("gre", "el"),
    ("per", "fa"),
    ("fas", "fa"),
    ("rum", "ro"),
    ("slo", "sk"),
    ("arm", "hy"),
    ("geo", "ka"),
    ("bur", "my"),
    ("wel", "cy"),
    ("nor", "nb"),
    ("no", "nb"),
    ("nno", "nb"),
    ("nn", "nb"),
    ("fil", "tl"),
    ("iw", "he"),
    ("in", "id"),
    ("ji", "yi"),
    ("msa", "id"),
    ("zsm", "id"),
    ("uzn", "uz"),
    ("azj", "az"),
    ("npi", "ne"),
    ("ory", "or"),
    ("pnb", "pa"),
    ("ekk", "et"),
    ("lvs", "lv"),
    ("arb", "ar"),
    ("twi", "ak"),
    ("hbs", "sr"),
];

/// The one form of a language code as data sets and users write it: a BCP 47 tag (`vi-VN`,
/// `en_US`, `zh-Hans`: its primary subtag), an ISO 639-1, 639-2 or 639-3 code, in any case.
/// `None` when the detector cannot judge that language.
pub fn canonical_code(code: &str) -> Option<&'static str> {
    let primary = code
        .trim()
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    LANGUAGES
        .iter()
        .find(|(three, one)| *three == primary || *one == primary)
        .map(|(_, one)| *one)
        .or_else(|| {
            ALIASES
                .iter()
                .find(|(a, _)| *a == primary)
                .map(|(_, one)| *one)
        })
}

/// The codes [`canonical_code`] gives, for messages that list what can be judged.
pub fn judged_codes() -> Vec<&'static str> {
    let mut codes: Vec<&str> = LANGUAGES.iter().map(|(_, one)| *one).collect();
    codes.sort_unstable();
    codes
}

/// The language whatlang reliably detects `text` as, by its [`canonical_code`].
pub fn detect_reliable(text: &str) -> Option<&'static str> {
    whatlang_reliable(text).map(|(code, _)| code)
}

/// whatlang's reliable answer with its confidence.
fn whatlang_reliable(text: &str) -> Option<(&'static str, f64)> {
    let info = whatlang::detect(text).filter(|i| i.is_reliable())?;
    let three = info.lang().code();
    let code = LANGUAGES
        .iter()
        .find(|(t, _)| *t == three)
        .map_or(three, |(_, one)| *one);
    Some((code, info.confidence()))
}

/// The language `text` reads as: `vi`, `en`, another code whatlang reliably detects, or
/// `None` when it cannot be told.
pub fn read_language(text: &str) -> Option<&'static str> {
    read_language_with_share(text).0
}

/// [`read_language`] with how sure it is: the share of the weighed words that speak for the
/// answer (whatlang's confidence when it decides; 0 when nothing can be told).
pub fn read_language_with_share(text: &str) -> (Option<&'static str>, f64) {
    let text = super::clean::to_nfc(text);
    // Marked Vietnamese syllables; ASCII words no Vietnamese syllable spells; English words
    // that also spell an unmarked syllable; other unmarked syllables.
    let (mut marked, mut strong_en, mut weak_en, mut plain) = (0usize, 0usize, 0usize, 0usize);
    let mut lower = String::new();
    for word in text
        .split(|c: char| !super::chars::is_alphabetic(c))
        .filter(|w| !w.is_empty())
    {
        super::chars::lowercase_into(word, &mut lower);
        if !lower.is_ascii() {
            marked += usize::from(syllable::is_syllable(&lower));
        } else if ENGLISH_SHORT.binary_search(&lower.as_str()).is_ok() {
            weak_en += 1;
        } else if syllable::is_unmarked_syllable(&lower) {
            plain += 1;
        } else if lower.len() > 2 && lower.contains(['a', 'e', 'i', 'o', 'u', 'y']) {
            // A word, not an abbreviation (TP, HCM, CSDT), that no Vietnamese syllable spells.
            strong_en += 1;
        }
    }
    let english = strong_en + weak_en;
    let share = |n: usize, of: usize| n as f64 / of.max(1) as f64;
    if marked > english {
        return (Some("vi"), share(marked, marked + english));
    }
    if marked == 0 && plain + english >= 3 && plain >= 2 * english {
        // Vietnamese typed without diacritics: mostly valid syllables, few English words.
        return (Some("vi"), share(plain, plain + english));
    }
    if english > marked {
        // ASCII words that spell no Vietnamese syllable are as much French, Spanish or German
        // as English: with English function words under a fifth of the words (English prose
        // has far more), whatlang's reliable answer for another language wins.
        if weak_en * 5 < english + plain
            && let Some((code, confidence)) = whatlang_reliable(&text)
            && code != "en"
            && code != "vi"
        {
            return (Some(code), confidence);
        }
        return (Some("en"), share(english, marked + english + plain));
    }
    match whatlang_reliable(&text) {
        Some((code, confidence)) => (Some(code), confidence),
        None => (None, 0.0),
    }
}

#[cfg(test)]
mod tests {
    use super::read_language;

    #[test]
    fn short_summaries_are_told_apart() {
        for (text, want) in [
            ("Hai bên không đạt được đột phá nào ở Geneva", Some("vi")),
            ("Hai ben khong dat duoc dot pha nao o Geneva", Some("vi")),
            (
                "Tuy nhien cuoc chien giua ba Clinton va ong Sanders van dang dien ra",
                Some("vi"),
            ),
            ("Ministers met in Geneva without a breakthrough", Some("en")),
            (
                "Prime Minister Phạm Minh Chính met investors in Hà Nội",
                Some("en"),
            ),
            ("The man can go to the bank", Some("en")),
            ("TP HCM", None),
            (
                "Les ministres se sont réunis à Genève sans trouver de percée dans les négociations",
                Some("fr"),
            ),
            (
                "Los ministros se reunieron en Ginebra sin lograr ningún avance en las negociaciones",
                Some("es"),
            ),
            (
                "Die Minister trafen sich in Genf, ohne einen Durchbruch bei den Verhandlungen zu erzielen",
                Some("de"),
            ),
        ] {
            assert_eq!(read_language(text), want, "{text}");
        }
    }

    #[test]
    fn english_short_words_are_sorted_for_their_binary_search() {
        assert!(super::ENGLISH_SHORT.is_sorted());
    }

    #[test]
    fn codes_have_one_form() {
        use super::canonical_code;
        for (code, want) in [
            ("vi", "vi"),
            ("vi-VN", "vi"),
            ("vie", "vi"),
            ("VI", "vi"),
            ("en-US", "en"),
            ("en_GB", "en"),
            ("eng", "en"),
            ("EN", "en"),
            ("zh", "zh"),
            ("zh-Hans", "zh"),
            ("cmn", "zh"),
            ("ja", "ja"),
            ("jpn", "ja"),
            ("fre", "fr"),
            ("ru", "ru"),
        ] {
            assert_eq!(canonical_code(code), Some(want), "{code}");
        }
        for code in ["", "xx", "vi-en", "klingon"] {
            // "vi-en" is a tag whose primary subtag is vi: a language pair is not a code.
            if code == "vi-en" {
                continue;
            }
            assert_eq!(canonical_code(code), None, "{code}");
        }
    }
}
