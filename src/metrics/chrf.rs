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

/// The n-gram counts of one text, per order.
struct Grams<'a> {
    chars: Vec<char>,
    words: Vec<&'a str>,
}

impl<'a> Grams<'a> {
    fn new(text: &'a str, word_order: usize) -> Grams<'a> {
        Grams {
            chars: text.chars().filter(|c| !is_python_space(*c)).collect(),
            words: if word_order > 0 {
                words(text)
            } else {
                Vec::new()
            },
        }
    }

    fn char_counts(&self, n: usize) -> FxHashMap<&[char], u64> {
        let mut m = FxHashMap::default();
        for g in self.chars.windows(n) {
            *m.entry(g).or_insert(0) += 1;
        }
        m
    }

    fn word_counts(&self, n: usize) -> FxHashMap<&[&'a str], u64> {
        let mut m = FxHashMap::default();
        for g in self.words.windows(n) {
            *m.entry(g).or_insert(0) += 1;
        }
        m
    }
}

/// `[hyp, ref, match]` of one order; the hypothesis count is 0 when the reference has no
/// n-gram of the order (sacreBLEU's rule).
fn order_stats<K: std::hash::Hash + Eq>(
    hyp: &FxHashMap<K, u64>,
    refr: &FxHashMap<K, u64>,
) -> [u64; 3] {
    let mut matches = 0;
    let mut hyp_total = 0;
    for (g, &n) in hyp {
        hyp_total += n;
        if let Some(&m) = refr.get(g) {
            matches += n.min(m);
        }
    }
    let ref_total = refr.values().sum();
    [
        if refr.is_empty() { 0 } else { hyp_total },
        ref_total,
        matches,
    ]
}

/// The statistics of `hypothesis` against its best reference (see the module documentation).
pub fn sentence_stats(hypothesis: &str, references: &[&str], word_order: usize) -> ChrfStats {
    let hyp = Grams::new(hypothesis, word_order);
    let hyp_chars: Vec<_> = (1..=CHAR_ORDER).map(|n| hyp.char_counts(n)).collect();
    let hyp_words: Vec<_> = (1..=word_order).map(|n| hyp.word_counts(n)).collect();
    let mut best: Option<(f64, ChrfStats)> = None;
    for reference in references {
        let r = Grams::new(reference, word_order);
        let mut stats: ChrfStats = Vec::with_capacity(CHAR_ORDER + word_order);
        for (n, h) in (1..=CHAR_ORDER).zip(&hyp_chars) {
            stats.push(order_stats(h, &r.char_counts(n)));
        }
        for (n, h) in (1..=word_order).zip(&hyp_words) {
            stats.push(order_stats(h, &r.word_counts(n)));
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
