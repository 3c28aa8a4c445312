//! Summary-level LCS (ROUGE-Lsum): the union LCS of each reference sentence with every candidate
//! sentence, clipped by unigram counts. This is rouge-score's `_summary_level_lcs` and
//! ROUGE-1.5.5's sentence-level ROUGE-L, which pick the same LCS on ties.

use std::collections::{HashMap, HashSet};

use super::lcs::{LcsScratch, ShortPattern, mark_lcs};

/// Reusable buffers.
#[derive(Debug, Default)]
pub struct SummaryScratch {
    pub(super) lcs: LcsScratch,
    /// Unigram counts of the candidate and the reference indexed by token id (ids are dense);
    /// zero outside a call of [`union_lcs`], which resets the entries it touched.
    pub(super) cand_counts: Vec<i32>,
    pub(super) ref_counts: Vec<i32>,
    pub(super) hits: Vec<bool>,
}

impl SummaryScratch {
    /// Fills the unigram tables used to clip union-LCS hits.
    pub(super) fn count_unigrams(&mut self, candidate: &[&[u32]], reference: &[&[u32]]) {
        let all = || candidate.iter().chain(reference).flat_map(|s| s.iter());
        let size = all().map(|&t| t as usize + 1).max().unwrap_or(0);
        if self.cand_counts.len() < size {
            self.cand_counts.resize(size, 0);
            self.ref_counts.resize(size, 0);
        }
        for &t in candidate.iter().flat_map(|s| s.iter()) {
            self.cand_counts[t as usize] += 1;
        }
        for &t in reference.iter().flat_map(|s| s.iter()) {
            self.ref_counts[t as usize] += 1;
        }
    }

    /// Zeroes the entries [`SummaryScratch::count_unigrams`] set.
    pub(super) fn reset(&mut self, candidate: &[&[u32]], reference: &[&[u32]]) {
        for &t in candidate.iter().chain(reference).flat_map(|s| s.iter()) {
            self.cand_counts[t as usize] = 0;
            self.ref_counts[t as usize] = 0;
        }
    }

    /// Takes one clipped hit of `t` if both sides still have one (a token the counted texts
    /// do not have never counts).
    pub(super) fn take(&mut self, t: u32) -> bool {
        let (Some(c), Some(r)) = (
            self.cand_counts.get_mut(t as usize),
            self.ref_counts.get_mut(t as usize),
        ) else {
            return false;
        };
        if *c > 0 && *r > 0 {
            *c -= 1;
            *r -= 1;
            true
        } else {
            false
        }
    }
}

/// Sentence pairs above which [`union_lcs`] indexes the candidate sentences by token.
const INDEX_PAIRS: usize = 256;

/// `(hits, candidate tokens, reference tokens)` of the summary-level union LCS.
///
/// Cost: every pair of sentences for small inputs. Above [`INDEX_PAIRS`] pairs, each reference
/// sentence `r` meets only the distinct candidate sentences sharing a token with it, reached
/// through its rarest tokens first, and stops as soon as every token of `r` that occurs in the
/// candidate is on the union: `O(Σ |r| · ⌈|c| / 64⌉)` over the pairs visited, which for
/// sentences of a few tokens is near-linear in the number of sentences. The union is a set,
/// so neither shortcut changes a hit.
pub fn union_lcs(
    candidate: &[&[u32]],
    reference: &[&[u32]],
    s: &mut SummaryScratch,
) -> (usize, usize, usize) {
    union_lcs_clipped(candidate, reference, (candidate, reference), s)
}

/// [`union_lcs`] with hits clipped by the unigram counts of `clip` (candidate, reference),
/// which [`union_lcs`] takes from the sentences themselves: ROUGE-1.5.5 under `-b` reads its
/// LCS sentences and its clipping counts with different truncations. Returns `(hits, clip
/// candidate tokens, reference tokens)`.
pub fn union_lcs_clipped(
    candidate: &[&[u32]],
    reference: &[&[u32]],
    clip: (&[&[u32]], &[&[u32]]),
    s: &mut SummaryScratch,
) -> (usize, usize, usize) {
    union_lcs_indexed_above(candidate, reference, clip, s, INDEX_PAIRS)
}

fn union_lcs_indexed_above(
    candidate: &[&[u32]],
    reference: &[&[u32]],
    clip: (&[&[u32]], &[&[u32]]),
    s: &mut SummaryScratch,
    index_pairs: usize,
) -> (usize, usize, usize) {
    let n: usize = clip.0.iter().map(|x| x.len()).sum();
    let m: usize = reference.iter().map(|x| x.len()).sum();
    if n == 0 || m == 0 || candidate.iter().all(|x| x.is_empty()) {
        return (0, n, m);
    }
    let index = (candidate.len().saturating_mul(reference.len()) > index_pairs)
        .then(|| SentenceIndex::new(candidate));
    // The union of each reference sentence, all sentences end to end in `s.hits`.
    s.hits.clear();
    s.hits.resize(m, false);
    match &index {
        Some(index) => {
            let mut hits = s.hits.as_mut_slice();
            for r in reference {
                let (these, rest) = hits.split_at_mut(r.len());
                index.mark_union(r, these, &mut s.lcs);
                hits = rest;
            }
        }
        None => {
            for c in candidate {
                mark_all(reference, c, &mut s.hits, &mut s.lcs);
            }
        }
    }
    s.count_unigrams(clip.0, clip.1);
    let mut hits = 0;
    for (k, &t) in reference.iter().flat_map(|r| r.iter()).enumerate() {
        if s.hits[k] && s.take(t) {
            hits += 1;
        }
    }
    s.reset(clip.0, clip.1);
    (hits, n, m)
}

/// Marks in `hits` (the reference sentences end to end) the LCS of each reference sentence
/// with the candidate sentence `c`, which a short sentence loads once for all of them.
fn mark_all(reference: &[&[u32]], c: &[u32], hits: &mut [bool], lcs: &mut LcsScratch) {
    let mut rest = hits;
    if ShortPattern::fits(c) {
        let pattern = ShortPattern::load(c, lcs);
        for r in reference {
            let (these, tail) = rest.split_at_mut(r.len());
            pattern.mark(r, these, lcs);
            rest = tail;
        }
        pattern.forget(lcs);
    } else {
        for r in reference {
            let (these, tail) = rest.split_at_mut(r.len());
            mark_lcs(r, c, these, lcs);
            rest = tail;
        }
    }
}

/// The distinct candidate sentences and, per token, the ones containing it.
struct SentenceIndex<'a> {
    sentences: Vec<&'a [u32]>,
    postings: HashMap<u32, Vec<u32>>,
}

impl<'a> SentenceIndex<'a> {
    fn new(candidate: &[&'a [u32]]) -> Self {
        let mut seen = HashSet::new();
        let sentences: Vec<&[u32]> = candidate
            .iter()
            .copied()
            .filter(|c| !c.is_empty() && seen.insert(*c))
            .collect();
        let mut postings: HashMap<u32, Vec<u32>> = HashMap::new();
        for (k, c) in sentences.iter().enumerate() {
            for &t in c.iter() {
                let list = postings.entry(t).or_default();
                if list.last() != Some(&(k as u32)) {
                    list.push(k as u32);
                }
            }
        }
        SentenceIndex {
            sentences,
            postings,
        }
    }

    /// Marks in `hits` the union of the LCSs of `r` with every candidate sentence.
    fn mark_union(&self, r: &[u32], hits: &mut [bool], lcs: &mut LcsScratch) {
        let mut tokens: Vec<(usize, u32)> = r
            .iter()
            .filter_map(|t| self.postings.get(t).map(|list| (list.len(), *t)))
            .collect();
        tokens.sort_unstable();
        tokens.dedup();
        let reachable = |hits: &[bool]| {
            r.iter()
                .zip(hits)
                .all(|(t, &hit)| hit || !self.postings.contains_key(t))
        };
        let mut visited = HashSet::new();
        for (_, t) in tokens {
            for &k in &self.postings[&t] {
                if visited.insert(k) {
                    mark_lcs(r, self.sentences[k as usize], hits, lcs);
                    if reachable(hits) {
                        return;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentence_index_finds_the_same_union_as_every_pair() {
        let mut state = 3u64;
        let mut next = |k: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) % k) as u32
        };
        let mut s = SummaryScratch::default();
        for case in 0..1500 {
            let alphabet = 1 + (case % 12) as u64;
            let text = |next: &mut dyn FnMut(u64) -> u32| -> Vec<Vec<u32>> {
                let sentences = 1 + next(12) as usize;
                (0..sentences)
                    .map(|_| (0..next(9)).map(|_| next(alphabet)).collect())
                    .collect()
            };
            let cand = text(&mut next);
            let refs = text(&mut next);
            let c: Vec<&[u32]> = cand.iter().map(|x| x.as_slice()).collect();
            let r: Vec<&[u32]> = refs.iter().map(|x| x.as_slice()).collect();
            let every_pair = union_lcs_indexed_above(&c, &r, (&c, &r), &mut s, usize::MAX);
            let indexed = union_lcs_indexed_above(&c, &r, (&c, &r), &mut s, 0);
            assert_eq!(every_pair, indexed, "{cand:?} {refs:?}");
        }
    }
}
