//! The warning that candidates are written in another language than their references, read
//! from a bounded sample so that it costs a small fixed share of any run.

use crate::data::Pair;
use crate::text::language::read_language;

/// A warning when candidates are written in another language than their references (a
/// cross-lingual summary scored against the source-language references scores near 0): at
/// least one in ten of the sampled pairs whose candidate and first reference can both be told.
/// At most [`LANGUAGE_SAMPLE_PAIRS`] pairs, spread evenly through `pairs`, are read, each text
/// from its [`language_sample`], so that the check costs a small bounded share of any run,
/// whatever the number and length of the texts. Names the first such id.
pub fn language_mismatch(pairs: &[Pair]) -> Option<String> {
    let mut checked = 0usize;
    let mut differ: Vec<(&str, &str, &str)> = Vec::new();
    for pair in stratified_sample(pairs, LANGUAGE_SAMPLE_PAIRS) {
        let Some(reference) = pair.references.first() else {
            continue;
        };
        if let (Some(c), Some(r)) = (
            read_language(language_sample(&pair.candidate)),
            read_language(language_sample(reference)),
        ) {
            checked += 1;
            if c != r {
                differ.push((&pair.id, c, r));
            }
        }
    }
    let (id, c, r) = *differ.first()?;
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

/// At most `k` items of `items`, one from each of `k` equal strata at a position within it
/// that varies from stratum to stratum (a fixed hash, so the same input always gives the same
/// sample): spread through the input, and not fooled by a pattern that repeats every few items
/// as every n-th item would be. All of them when there are no more than `k`.
fn stratified_sample<T>(items: &[T], k: usize) -> impl Iterator<Item = &T> {
    let n = items.len();
    let strata = n.min(k);
    (0..strata).map(move |s| {
        let (start, end) = (s * n / strata, (s + 1) * n / strata);
        let jitter = (s as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 40;
        &items[start + (jitter as usize) % (end - start)]
    })
}
