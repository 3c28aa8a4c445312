//! Which words of a summary a metric matched, for people reading examples: per word of a text
//! (a maximal run of non-whitespace, as [`str::split_whitespace`] finds them), a mask of the
//! kinds of match it takes part in.
//!
//! Each word is tokenized on its own with the run's tokenizer, so a word's marks come from its
//! own tokens; counts are clipped as the metrics clip them (a word repeated three times in the
//! candidate and once in the reference matches once), and the LCS is the path rouge-score's
//! backtracking chooses ([`super::lcs::mark_lcs`]).

use super::Interner;
use super::lcs::{LcsScratch, mark_lcs};
use crate::text::Tokenizer;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// Part of a unigram match (ROUGE-1).
pub const M1: u8 = 1;
/// Part of a bigram match (ROUGE-2).
pub const M2: u8 = 2;
/// On the longest common subsequence (ROUGE-L).
pub const LCS: u8 = 4;
/// A word (of the candidate or a reference) with a token absent from the article.
pub const NOVEL: u8 = 8;
/// A reference word the new candidate matches (unigrams) and the base candidate did not.
pub const GAIN: u8 = 16;
/// A reference word the base candidate matched (unigrams) and the new candidate does not.
pub const LOSS: u8 = 32;

/// The class names of the kinds, in bit order, as HTML reports write them.
pub const CLASSES: [&str; 6] = ["m1", "m2", "lcs", "novel", "gain", "loss"];

/// A text's tokens, each with the word it came from.
#[derive(Debug, Default)]
struct Words {
    count: usize,
    /// Token ids, in order.
    tokens: Vec<u32>,
    /// The word of each token.
    word_of: Vec<u32>,
}

impl Words {
    fn new(text: &str, tokenizer: &Tokenizer, ids: &mut Interner) -> Words {
        let mut w = Words::default();
        for word in text.split_whitespace() {
            let index = w.count as u32;
            tokenizer.tokenize_with(word, &mut |t| {
                w.tokens.push(ids.id(t));
                w.word_of.push(index);
            });
            w.count += 1;
        }
        w
    }

    /// Per word, the OR of the kinds of its tokens.
    fn word_masks(&self, token_masks: &[u8]) -> Marked {
        let mut out = vec![0u8; self.count];
        for (&word, &m) in self.word_of.iter().zip(token_masks) {
            out[word as usize] |= m;
        }
        out
    }
}

/// Marks in `mask` (per token of `a`) with `kind` the n-grams of `a` that `b` has, clipped:
/// the k-th occurrence of an n-gram matches when `b` has it at least k times.
fn mark_ngrams(a: &[u32], b: &[u32], n: usize, kind: u8, mask: &mut [u8]) {
    if a.len() < n || b.len() < n {
        return;
    }
    let mut budget: HashMap<&[u32], usize> = HashMap::default();
    for g in b.windows(n) {
        *budget.entry(g).or_default() += 1;
    }
    for (i, g) in a.windows(n).enumerate() {
        if let Some(left) = budget.get_mut(g).filter(|k| **k > 0) {
            *left -= 1;
            for m in &mut mask[i..i + n] {
                *m |= kind;
            }
        }
    }
}

/// The kinds (M1, M2, LCS) of each token of `a` matched against `b`.
fn mark_against(a: &[u32], b: &[u32], mask: &mut [u8], scratch: &mut LcsScratch) {
    mark_ngrams(a, b, 1, M1, mask);
    mark_ngrams(a, b, 2, M2, mask);
    let mut hits = vec![false; a.len()];
    if !a.is_empty() && !b.is_empty() {
        mark_lcs(a, b, &mut hits, scratch);
    }
    for (m, hit) in mask.iter_mut().zip(hits) {
        if hit {
            *m |= LCS;
        }
    }
}

/// The kinds of each word of a text (its whitespace-separated words, as
/// [`str::split_whitespace`] splits them), in order.
pub type Marked = Vec<u8>;

/// The marks of one example: the candidate's words against every reference (the union over
/// references), each reference's words against the candidate, and both against the article
/// when it is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairMarks {
    pub candidate: Marked,
    pub references: Vec<Marked>,
}

/// Marks `candidate` against `references` (and `source`, for [`NOVEL`]) with `tokenizer`.
pub fn mark_pair(
    tokenizer: &Tokenizer,
    candidate: &str,
    references: &[String],
    source: Option<&str>,
) -> PairMarks {
    let mut ids = Interner::default();
    let mut scratch = LcsScratch::default();
    let cand = Words::new(candidate, tokenizer, &mut ids);
    let mut cand_mask = vec![0u8; cand.tokens.len()];
    let mut refs = Vec::with_capacity(references.len());
    for text in references {
        let r = Words::new(text, tokenizer, &mut ids);
        mark_against(&cand.tokens, &r.tokens, &mut cand_mask, &mut scratch);
        let mut mask = vec![0u8; r.tokens.len()];
        mark_against(&r.tokens, &cand.tokens, &mut mask, &mut scratch);
        refs.push((r, mask));
    }
    if let Some(source) = source {
        let mut seen = HashSet::default();
        tokenizer.tokenize_with(source, &mut |t| {
            seen.insert(ids.id(t));
        });
        let novel = |tokens: &[u32], mask: &mut [u8]| {
            for (m, t) in mask.iter_mut().zip(tokens) {
                if !seen.contains(t) {
                    *m |= NOVEL;
                }
            }
        };
        novel(&cand.tokens, &mut cand_mask);
        for (r, mask) in &mut refs {
            novel(&r.tokens, mask);
        }
    }
    PairMarks {
        candidate: cand.word_masks(&cand_mask),
        references: refs.iter().map(|(r, mask)| r.word_masks(mask)).collect(),
    }
}

/// A reference's marks against the new candidate with [`GAIN`] and [`LOSS`] added where its
/// unigram matches differ from those against the base candidate.
pub fn gains_and_losses(base: &Marked, new: &Marked) -> Marked {
    new.iter()
        .zip(base)
        .map(|(&n, &b)| match (b & M1 != 0, n & M1 != 0) {
            (false, true) => n | GAIN,
            (true, false) => n | LOSS,
            _ => n,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Profile;

    fn shown(text: &str, marked: &Marked, kind: u8) -> Vec<String> {
        text.split_whitespace()
            .zip(marked)
            .filter(|(_, m)| **m & kind != 0)
            .map(|(w, _)| w.to_string())
            .collect()
    }

    #[test]
    fn unigrams_are_clipped_and_bigrams_mark_both_words() {
        let tok = Tokenizer::with_defaults(Profile::ViV1);
        let refs = vec!["Hà Nội mưa to, Hà Nội ngập.".to_string()];
        let m = mark_pair(&tok, "Mưa to ở Hà Nội, Hà Nội, Hà Nội!", &refs, None);
        let cand = "Mưa to ở Hà Nội, Hà Nội, Hà Nội!";
        assert_eq!(
            shown(cand, &m.candidate, M1),
            ["Mưa", "to", "Hà", "Nội,", "Hà", "Nội,"]
        );
        assert_eq!(
            shown(cand, &m.candidate, M2),
            ["Mưa", "to", "Hà", "Nội,", "Hà", "Nội,"]
        );
        assert_eq!(shown(&refs[0], &m.references[0], M1).len(), 6);
        assert!(shown(cand, &m.candidate, LCS).len() >= 3);
    }

    #[test]
    fn novel_words_need_the_article() {
        let tok = Tokenizer::with_defaults(Profile::UnicodeV1);
        let refs = vec!["x a b qq".to_string()];
        let m = mark_pair(&tok, "x b\u{a0}zz", &refs, Some("b and a more"));
        assert_eq!(m.candidate, [M1 | LCS | NOVEL, M1 | LCS, NOVEL]);
        assert_eq!(shown("x a b qq", &m.references[0], NOVEL), ["x", "qq"]);
        assert!(
            !mark_pair(&tok, "x b zz", &refs, None)
                .candidate
                .iter()
                .any(|k| k & NOVEL != 0)
        );
    }

    #[test]
    fn gains_and_losses_compare_unigram_matches() {
        let base = vec![M1, M1, 0, 0];
        let new = vec![0, M1 | M2, M1, 0];
        assert_eq!(
            gains_and_losses(&base, &new),
            vec![LOSS, M1 | M2, M1 | GAIN, 0]
        );
    }
}
