//! chrF and chrF++ exactly as sacreBLEU 2.x computes them (Popović 2015, 2017): character
//! n-grams of orders 1..=6 over the text with every whitespace character removed, plus (chrF++)
//! word unigrams and bigrams of the whitespace-split text with one leading or trailing ASCII
//! punctuation character split off; per order the clipped matches over the hypothesis and
//! reference n-gram counts; precision and recall averaged over the orders both sides have, and
//! their F-beta (β = 2). With several references, the statistics of the reference with the
//! best F are kept (the first on ties), as sacreBLEU's `sentence_chrf` does.
//!
//! Characters are Unicode scalar values (Python's `str` indexing); whitespace is what
//! Python's `str.split()` splits on.

use super::Prf;
use rustc_hash::FxHashMap;

/// Character n-gram order (sacreBLEU's default).
pub const CHAR_ORDER: usize = 6;
/// β of the F-score (sacreBLEU's default).
pub const BETA: f64 = 2.0;

/// Per order, `[hypothesis n-grams, reference n-grams, matches]`: character orders first,
/// then word orders.
pub type ChrfStats = Vec<[u64; 3]>;

/// The whitespace of Python's `str.split()` (`str.isspace`).
pub fn is_python_space(c: char) -> bool {
    matches!(c,
        '\t'..='\r' | '\u{1c}'..='\u{20}' | '\u{85}' | '\u{a0}' | '\u{1680}'
        | '\u{2000}'..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}'
        | '\u{3000}')
}

fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation()
}

/// sacreBLEU's word split for chrF++: whitespace-separated words, a final (else a leading)
/// ASCII punctuation character of a word longer than one character split off.
fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for w in text.split(is_python_space).filter(|w| !w.is_empty()) {
        let mut chars = w.chars();
        let (first, last) = (chars.next(), chars.next_back());
        match (first, last) {
            (Some(_), Some(l)) if is_punct(l) => {
                let cut = w.len() - l.len_utf8();
                out.push(&w[..cut]);
                out.push(&w[cut..]);
            }
            (Some(f), Some(_)) if is_punct(f) => {
                let cut = f.len_utf8();
                out.push(&w[..cut]);
                out.push(&w[cut..]);
            }
            _ => out.push(w),
        }
    }
    out
}

/// The n-grams of one text as one sorted list per kind (characters, words): at every position
/// the key of the longest n-gram starting there (up to 6 characters or 2 words), units packed
/// most significant first, with the number of units it holds. The key of an n-gram is that key
/// shifted right, so one sort serves every order: sorted keys stay sorted when shifted.
/// Characters are packed as code point + 1 in 21 bits (0 pads a short tail, and never equals a
/// character); words as interner id + 1 in 32 bits, the interner shared by the hypothesis and
/// its references.
struct Grams {
    chars: Vec<(u128, u8)>,
    words: Vec<(u128, u8)>,
}

const CHAR_BITS: u32 = 21;
const WORD_BITS: u32 = 32;

impl Grams {
    fn new<'a>(
        text: &'a str,
        word_order: usize,
        words_seen: &mut FxHashMap<&'a str, u32>,
    ) -> Grams {
        let chars: Vec<u32> = text
            .chars()
            .filter(|c| !is_python_space(*c))
            .map(|c| u32::from(c) + 1)
            .collect();
        let words: Vec<u32> = if word_order > 0 {
            words(text)
                .into_iter()
                .map(|w| {
                    let next = words_seen.len() as u32 + 1;
                    *words_seen.entry(w).or_insert(next)
                })
                .collect()
        } else {
            Vec::new()
        };
        Grams {
            chars: prefix_keys(&chars, CHAR_ORDER, CHAR_BITS),
            words: prefix_keys(&words, word_order, WORD_BITS),
        }
    }
}

/// Per position, the key of the `width` units from it (zero-padded) and how many there are;
/// sorted by key.
fn prefix_keys(units: &[u32], width: usize, bits: u32) -> Vec<(u128, u8)> {
    let mut keys: Vec<(u128, u8)> = (0..units.len())
        .map(|i| {
            let end = (i + width).min(units.len());
            let key = (0..width).fold(0u128, |k, j| {
                (k << bits) | u128::from(units.get(i + j).copied().unwrap_or(0))
            });
            (key, (end - i) as u8)
        })
        .collect();
    keys.sort_unstable();
    keys
}

/// `[hyp, ref, match]` of n-grams of `n` units out of keys of `width` units: matches are
/// Σ min(count in the hypothesis, count in the reference); the hypothesis count is 0 when the
/// reference has no n-gram of the order (sacreBLEU's rule).
fn order_stats(
    hyp: &[(u128, u8)],
    refr: &[(u128, u8)],
    n: usize,
    width: usize,
    bits: u32,
) -> [u64; 3] {
    let shift = bits * (width - n) as u32;
    let full = |&&(_, len): &&(u128, u8)| usize::from(len) >= n;
    let mut h = hyp.iter().filter(full).map(|(k, _)| k >> shift).peekable();
    let mut r = refr.iter().filter(full).map(|(k, _)| k >> shift).peekable();
    let (mut hyp_total, mut ref_total, mut matches) = (0u64, 0u64, 0u64);
    loop {
        match (h.peek(), r.peek()) {
            (Some(a), Some(b)) => match a.cmp(b) {
                std::cmp::Ordering::Less => {
                    h.next();
                    hyp_total += 1;
                }
                std::cmp::Ordering::Greater => {
                    r.next();
                    ref_total += 1;
                }
                std::cmp::Ordering::Equal => {
                    h.next();
                    r.next();
                    hyp_total += 1;
                    ref_total += 1;
                    matches += 1;
                }
            },
            (Some(_), None) => {
                hyp_total += h.count() as u64;
                break;
            }
            (None, Some(_)) => {
                ref_total += r.count() as u64;
                break;
            }
            (None, None) => break,
        }
    }
    [
        if ref_total == 0 { 0 } else { hyp_total },
        ref_total,
        matches,
    ]
}

/// The statistics of `hypothesis` against its best reference (see the module documentation).
pub fn sentence_stats(hypothesis: &str, references: &[&str], word_order: usize) -> ChrfStats {
    let mut words_seen = FxHashMap::default();
    let hyp = Grams::new(hypothesis, word_order, &mut words_seen);
    let mut best: Option<(f64, ChrfStats)> = None;
    for reference in references {
        let r = Grams::new(reference, word_order, &mut words_seen);
        let mut stats: ChrfStats = Vec::with_capacity(CHAR_ORDER + word_order);
        for n in 1..=CHAR_ORDER {
            stats.push(order_stats(&hyp.chars, &r.chars, n, CHAR_ORDER, CHAR_BITS));
        }
        for n in 1..=word_order {
            stats.push(order_stats(&hyp.words, &r.words, n, word_order, WORD_BITS));
        }
        let f = prf(&stats).fmeasure;
        if best.as_ref().is_none_or(|(b, _)| f > *b) {
            best = Some((f, stats));
        }
    }
    best.map(|(_, s)| s)
        .unwrap_or_else(|| vec![[0; 3]; CHAR_ORDER + word_order])
}

/// Precision and recall averaged over the orders where both sides have n-grams (sacreBLEU's
/// "effective order"), and their F-beta; F equals sacreBLEU's score / 100.
pub fn prf(stats: &[[u64; 3]]) -> Prf {
    const EPS: f64 = 1e-16;
    let factor = BETA * BETA;
    let (mut precision, mut recall, mut effective) = (0.0, 0.0, 0usize);
    for &[hyp, refr, matches] in stats {
        let p = if hyp > 0 {
            matches as f64 / hyp as f64
        } else {
            EPS
        };
        let r = if refr > 0 {
            matches as f64 / refr as f64
        } else {
            EPS
        };
        if hyp > 0 && refr > 0 {
            precision += p;
            recall += r;
            effective += 1;
        }
    }
    if effective == 0 {
        return Prf::default();
    }
    precision /= effective as f64;
    recall /= effective as f64;
    let fmeasure = if precision + recall != 0.0 {
        (1.0 + factor) * precision * recall / (factor * precision + recall)
    } else {
        0.0
    };
    Prf {
        precision,
        recall,
        fmeasure,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_one_punctuation_character_off_an_end() {
        assert_eq!(
            words("Hello, world! (yes) a."),
            ["Hello", ",", "world", "!", "(yes", ")", "a", "."]
        );
        assert_eq!(words("\"quoted"), ["\"", "quoted"]);
        assert_eq!(words("x"), ["x"]);
    }

    #[test]
    fn identical_texts_score_one_and_empty_ones_zero() {
        let s = sentence_stats("xin chào Hà Nội", &["xin chào Hà Nội"], 2);
        assert_eq!(prf(&s).fmeasure, 1.0);
        assert_eq!(prf(&sentence_stats("", &["abc"], 0)).fmeasure, 0.0);
    }
}
