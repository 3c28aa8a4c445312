//! The warning that candidates are written in another language than their references, read
//! from a bounded sample so that it costs a small fixed share of any run.

use crate::data::{Example, Pair};
use crate::text::language::read_language;

/// A warning when candidates are written in another language than their references (a
/// cross-lingual summary scored against the source-language references scores near 0): at
/// least one in ten of the sampled pairs whose candidate and first reference can both be told.
/// At most [`LANGUAGE_SAMPLE_PAIRS`] pairs, spread evenly through `pairs`, are read, each text
/// from its [`language_sample`], so that the check costs a small bounded share of any run,
/// whatever the number and length of the texts. Names the first such id.
pub fn language_mismatch<E: Example>(pairs: &[E]) -> Option<String> {
    let mut checked = 0usize;
    let mut differ: Vec<(&E, &str, &str)> = Vec::new();
    for pair in stratified_sample(pairs, LANGUAGE_SAMPLE_PAIRS) {
        let Some(reference) = pair.references().first() else {
            continue;
        };
        if let (Some(c), Some(r)) = (
            read_language(language_sample(pair.candidate())),
            read_language(language_sample(reference.as_ref())),
        ) {
            checked += 1;
            if c != r {
                differ.push((pair, c, r));
            }
        }
    }
    let (first, c, r) = *differ.first()?;
    let id = first.id();
    (differ.len() * 10 >= checked).then(|| {
        format!(
            "{} of {checked} candidates read as another language than their references (id \
             '{id}': {c} against {r}); ROUGE across languages is near 0: score a cross-lingual \
             summary against references in its own language",
            differ.len()
        )
    })
}

/// How much of a text the language-mismatch warning reads: enough words to tell Vietnamese
/// from English, and a bound that keeps the check a small, fixed share of a run on long texts
/// (read whole, it took 77% of a `score` of long pairs).
const LANGUAGE_SAMPLE_BYTES: usize = 400;

/// How many pairs the language-mismatch warning reads at most: enough to see one in ten
/// differ, few enough to be a small share of a batch of a few thousand short pairs.
const LANGUAGE_SAMPLE_PAIRS: usize = 200;

/// The first [`LANGUAGE_SAMPLE_BYTES`] of `text`, cut at a white space (or at a character
/// boundary when a single word is that long).
pub fn language_sample(text: &str) -> &str {
    if text.len() <= LANGUAGE_SAMPLE_BYTES {
        return text;
    }
    let mut end = LANGUAGE_SAMPLE_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match text[..end].rfind(char::is_whitespace) {
        Some(space) if space > 0 => &text[..space],
        _ => &text[..end],
    }
}

/// At most `k` positions of `0..n`, one from each of `k` equal strata at a position within it
/// that varies from stratum to stratum (a fixed hash, so the same input always gives the same
/// sample): spread through the input, and not fooled by a pattern that repeats every few items
/// as every n-th item would be. All of them when there are no more than `k`.
fn stratified_positions(n: usize, k: usize) -> impl Iterator<Item = usize> {
    let strata = n.min(k);
    (0..strata).map(move |s| {
        let (start, end) = (s * n / strata, (s + 1) * n / strata);
        let jitter = (s as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 40;
        start + (jitter as usize) % (end - start)
    })
}

fn stratified_sample<T>(items: &[T], k: usize) -> impl Iterator<Item = &T> {
    stratified_positions(items.len(), k).map(|i| &items[i])
}

/// The positions of the pairs [`language_mismatch`] reads among `n`: given only those pairs,
/// in this order, it says what it says of all `n`.
pub fn language_sample_indices(n: usize) -> Vec<usize> {
    stratified_positions(n, LANGUAGE_SAMPLE_PAIRS).collect()
}

/// The share of word tokens (white-space separated, holding a letter) joined by `_` between
/// two letters (`Bản_án`) at or above which text reads as word-segmented. The VietNews sample
/// measures 32% (`../shared/data/vietnews/test_tokenized`); unsegmented Vietnamese and English
/// prose have next to none.
pub const SEGMENTED_SHARE: f64 = 0.2;

/// The share of `_`-joined word tokens in a bounded sample of the candidates and references
/// (the same pairs and prefixes the language check reads), when it is at least
/// [`SEGMENTED_SHARE`]: the text looks word-segmented.
pub fn looks_segmented(pairs: &[Pair]) -> Option<f64> {
    let (mut joined, mut words) = (0usize, 0usize);
    for pair in stratified_sample(pairs, LANGUAGE_SAMPLE_PAIRS) {
        for text in std::iter::once(&pair.candidate).chain(&pair.references) {
            for word in language_sample(text).split_whitespace() {
                if !word.chars().any(char::is_alphabetic) {
                    continue;
                }
                words += 1;
                let chars: Vec<char> = word.chars().collect();
                if chars
                    .windows(3)
                    .any(|w| w[1] == '_' && w[0].is_alphabetic() && w[2].is_alphabetic())
                {
                    joined += 1;
                }
            }
        }
    }
    let share = joined as f64 / words.max(1) as f64;
    (words > 0 && share >= SEGMENTED_SHARE).then_some(share)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(candidate: &str, reference: &str) -> Pair {
        Pair {
            id: "1".into(),
            candidate: candidate.into(),
            references: vec![reference.into()],
            lang: None,
            source: None,
            scores: Vec::new(),
        }
    }

    #[test]
    fn segmented_text_is_noticed_and_prose_is_not() {
        let seg = pair(
            "Bản_án cho đối_tượng giả_danh công_an",
            "TAND TP. Đà_Nẵng tuyên_phạt Hồ_Xuân_Huy ( SN 1994 )",
        );
        assert!(looks_segmented(&[seg]).is_some_and(|s| s > 0.3));
        let prose = pair(
            "Bản án cho đối tượng giả danh",
            "snake_case appears once here",
        );
        assert_eq!(looks_segmented(&[prose]), None);
    }
}
