//! Which words of a summary a metric matched, for people reading examples: per word of a text
//! (a maximal run of non-whitespace), a mask of the kinds of match it takes part in.
//!
//! Each word is tokenized on its own with the run's tokenizer, so a word's marks come from its
//! own tokens; counts are clipped as the metrics clip them (a word repeated three times in the
//! candidate and once in the reference matches once), and the LCS is the path rouge-score's
//! backtracking chooses ([`super::lcs::mark_lcs`]).

use super::lcs::{LcsScratch, mark_lcs};
use crate::text::Tokenizer;
use std::collections::HashMap;

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

/// A text's words and their tokens.
#[derive(Debug, Default)]
struct Words {
    /// Byte range of each word.
    spans: Vec<(usize, usize)>,
    /// Token ids, in order.
    tokens: Vec<u32>,
    /// The word of each token.
    word_of: Vec<u32>,
}

impl Words {
    fn new(text: &str, tokenizer: &Tokenizer, ids: &mut HashMap<String, u32>) -> Words {
        let mut w = Words::default();
        let mut start = None;
        for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            match (c.is_whitespace(), start) {
                (true, Some(s)) => {
                    let word = w.spans.len() as u32;
                    tokenizer.tokenize_with(&text[s..i], &mut |t| {
                        let next = ids.len() as u32;
                        w.tokens.push(*ids.entry(t.to_string()).or_insert(next));
                        w.word_of.push(word);
                    });
                    w.spans.push((s, i));
                    start = None;
                }
                (false, None) => start = Some(i),
                _ => {}
            }
        }
        w
    }

    /// Per word, the OR of the kinds of its tokens.
    fn word_masks(&self, token_masks: &[u8]) -> Vec<u8> {
        let mut out = vec![0u8; self.spans.len()];
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
    let mut budget: HashMap<&[u32], usize> = HashMap::new();
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

/// A text's marked words: `(start, length, kinds)` in UTF-16 code units (what a browser's
/// strings count), for words with at least one kind, in order.
pub type Marked = Vec<(u32, u32, u8)>;

fn to_marked(text: &str, words: &Words, masks: &[u8]) -> Marked {
    let mut out = Vec::new();
    let (mut byte, mut unit) = (0usize, 0u32);
    let units = |s: &str| s.chars().map(|c| c.len_utf16() as u32).sum::<u32>();
    for (&(s, e), &m) in words.spans.iter().zip(masks) {
        if m == 0 {
            continue;
        }
        unit += units(&text[byte..s]);
        let len = units(&text[s..e]);
        out.push((unit, len, m));
        unit += len;
        byte = e;
    }
    out
}

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
    let mut ids = HashMap::new();
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
        let mut seen = std::collections::HashSet::new();
        tokenizer.tokenize_with(source, &mut |t| {
            if let Some(&id) = ids.get(t) {
                seen.insert(id);
            }
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
        candidate: to_marked(candidate, &cand, &cand.word_masks(&cand_mask)),
        references: references
            .iter()
            .zip(&refs)
            .map(|(text, (r, mask))| to_marked(text, r, &r.word_masks(mask)))
            .collect(),
    }
}

/// A reference's marks against the new candidate with [`GAIN`] and [`LOSS`] added where its
/// unigram matches differ from those against the base candidate.
pub fn gains_and_losses(base: &Marked, new: &Marked) -> Marked {
    let unigram = |m: &Marked| -> HashMap<(u32, u32), u8> {
        m.iter().map(|&(s, l, k)| ((s, l), k & M1)).collect()
    };
    let (b, n) = (unigram(base), unigram(new));
    let mut words: std::collections::BTreeMap<(u32, u32), u8> =
        new.iter().map(|&(s, l, k)| ((s, l), k)).collect();
    for (&span, &k) in &b {
        let now = n.get(&span).copied().unwrap_or(0);
        if k != 0 && now == 0 {
            *words.entry(span).or_default() |= LOSS;
        }
    }
    for (&span, &k) in &n {
        if k != 0 && b.get(&span).copied().unwrap_or(0) == 0 {
            *words.entry(span).or_default() |= GAIN;
        }
    }
    words.into_iter().map(|((s, l), k)| (s, l, k)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Profile;

    fn shown(text: &str, marked: &Marked, kind: u8) -> Vec<String> {
        let units: Vec<u16> = text.encode_utf16().collect();
        marked
            .iter()
            .filter(|m| m.2 & kind != 0)
            .map(|&(s, l, _)| String::from_utf16_lossy(&units[s as usize..(s + l) as usize]))
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
        assert_eq!(shown(cand, &m.candidate, M2), ["Mưa", "to", "Hà", "Nội,", "Hà", "Nội,"]);
        assert_eq!(shown(&refs[0], &m.references[0], M1).len(), 6);
        assert!(shown(cand, &m.candidate, LCS).len() >= 3);
    }

    #[test]
    fn offsets_count_utf16_units_and_novel_words_need_the_article() {
        let tok = Tokenizer::with_defaults(Profile::UnicodeV1);
        let refs = vec!["😀 a b".to_string()];
        let m = mark_pair(&tok, "😀 b zz", &refs, Some("b and more"));
        assert_eq!(m.candidate.iter().find(|x| x.2 & M1 != 0 && x.0 == 3), Some(&(3, 1, M1)));
        assert_eq!(shown("😀 b zz", &m.candidate, NOVEL), ["zz"]);
        assert_eq!(
            mark_pair(&tok, "😀 b zz", &refs, None).candidate.iter().filter(|x| x.2 & NOVEL != 0).count(),
            0
        );
    }

    #[test]
    fn gains_and_losses_compare_unigram_matches() {
        let base = vec![(0, 2, M1), (3, 2, M1)];
        let new = vec![(3, 2, M1 | M2), (6, 1, M1)];
        assert_eq!(
            gains_and_losses(&base, &new),
            vec![(0, 2, LOSS), (3, 2, M1 | M2), (6, 1, M1 | GAIN)]
        );
    }
}
