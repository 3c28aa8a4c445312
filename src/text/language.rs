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
use unicode_normalization::UnicodeNormalization;

/// English words that are also valid unmarked Vietnamese syllables, so they count for English.
const ENGLISH_SHORT: &[&str] = &[
    "a", "an", "and", "as", "at", "be", "by", "he", "her", "his", "i", "in", "is", "it", "its",
    "me", "my", "no", "not", "of", "on", "or", "so", "the", "them", "then", "to", "up", "us", "we",
    "who", "man", "men", "met", "can", "may", "ban", "bank", "long", "than", "that", "this", "was",
    "has", "had", "have", "are", "were", "will", "with", "from", "for", "but",
];

/// The language whatlang reliably detects `text` as (`vi`, `en`, or its ISO 639-3 code).
pub fn detect_reliable(text: &str) -> Option<&'static str> {
    whatlang_reliable(text).map(|(code, _)| code)
}

/// whatlang's reliable answer with its confidence.
fn whatlang_reliable(text: &str) -> Option<(&'static str, f64)> {
    let info = whatlang::detect(text).filter(|i| i.is_reliable())?;
    let code = match info.lang() {
        whatlang::Lang::Vie => "vi",
        whatlang::Lang::Eng => "en",
        other => other.code(),
    };
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
    let text: String = text.nfc().collect();
    // Marked Vietnamese syllables; ASCII words no Vietnamese syllable spells; English words
    // that also spell an unmarked syllable; other unmarked syllables.
    let (mut marked, mut strong_en, mut weak_en, mut plain) = (0usize, 0usize, 0usize, 0usize);
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        let lower: String = word.chars().flat_map(char::to_lowercase).collect();
        if !lower.is_ascii() {
            marked += usize::from(syllable::is_syllable(&lower));
        } else if ENGLISH_SHORT.contains(&lower.as_str()) {
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
        ] {
            assert_eq!(read_language(text), want, "{text}");
        }
    }
}
