//! Summary-level LCS (ROUGE-Lsum): the union LCS of each reference sentence with every candidate
//! sentence, clipped by unigram counts. This is rouge-score's `_summary_level_lcs` and
//! ROUGE-1.5.5's sentence-level ROUGE-L, which pick the same LCS on ties.

use super::lcs::{LcsScratch, mark_lcs};

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

    /// Takes one clipped hit of `t` if both sides still have one.
    pub(super) fn take(&mut self, t: u32) -> bool {
        let (c, r) = (
            &mut self.cand_counts[t as usize],
            &mut self.ref_counts[t as usize],
        );
        if *c > 0 && *r > 0 {
            *c -= 1;
            *r -= 1;
            true
        } else {
            false
        }
    }
}

/// `(hits, candidate tokens, reference tokens)` of the summary-level union LCS.
pub fn union_lcs(
    candidate: &[&[u32]],
    reference: &[&[u32]],
    s: &mut SummaryScratch,
) -> (usize, usize, usize) {
    let n: usize = candidate.iter().map(|x| x.len()).sum();
    let m: usize = reference.iter().map(|x| x.len()).sum();
    if n == 0 || m == 0 {
        return (0, n, m);
    }
    s.count_unigrams(candidate, reference);
    let mut hits = 0;
    for r in reference {
        s.hits.clear();
        s.hits.resize(r.len(), false);
        for c in candidate {
            mark_lcs(r, c, &mut s.hits, &mut s.lcs);
        }
        for i in 0..r.len() {
            if s.hits[i] && s.take(r[i]) {
                hits += 1;
            }
        }
    }
    s.reset(candidate, reference);
    (hits, n, m)
}
