//! Clipped n-gram and skip-bigram overlap on token ids.

use rustc_hash::FxHashMap;

/// Reusable count tables.
#[derive(Debug, Default)]
pub struct NgramScratch {
    counts: FxHashMap<u64, i32>,
    long: FxHashMap<Vec<u32>, i32>,
    /// Unigram counts indexed by token id; only `touched` entries are non-zero between calls.
    dense: Vec<i32>,
    touched: Vec<u32>,
}

fn key2(a: u32, b: u32) -> u64 {
    ((a as u64) << 32) | b as u64
}

/// `(hits, candidate n-grams, reference n-grams)` with hits = Σ min(count_c, count_r).
pub fn ngram_overlap(
    candidate: &[u32],
    reference: &[u32],
    n: usize,
    s: &mut NgramScratch,
) -> (usize, usize, usize) {
    let total = |t: &[u32]| (t.len() + 1).saturating_sub(n);
    let (nc, nr) = (total(candidate), total(reference));
    if nc == 0 || nr == 0 {
        return (0, nc, nr);
    }
    let mut hits = 0;
    if n == 1 {
        for &t in reference {
            let t = t as usize;
            if t >= s.dense.len() {
                s.dense.resize(t + 1, 0);
            }
            if s.dense[t] == 0 {
                s.touched.push(t as u32);
            }
            s.dense[t] += 1;
        }
        for &t in candidate {
            if let Some(c) = s.dense.get_mut(t as usize)
                && *c > 0
            {
                *c -= 1;
                hits += 1;
            }
        }
        for &t in &s.touched {
            s.dense[t as usize] = 0;
        }
        s.touched.clear();
    } else if n == 2 {
        s.counts.clear();
        let key = |w: &[u32]| {
            if n == 1 {
                w[0] as u64
            } else {
                key2(w[0], w[1])
            }
        };
        for w in reference.windows(n) {
            *s.counts.entry(key(w)).or_insert(0) += 1;
        }
        for w in candidate.windows(n) {
            if let Some(c) = s.counts.get_mut(&key(w))
                && *c > 0
            {
                *c -= 1;
                hits += 1;
            }
        }
    } else {
        s.long.clear();
        for w in reference.windows(n) {
            *s.long.entry(w.to_vec()).or_insert(0) += 1;
        }
        for w in candidate.windows(n) {
            if let Some(c) = s.long.get_mut(w)
                && *c > 0
            {
                *c -= 1;
                hits += 1;
            }
        }
    }
    (hits, nc, nr)
}

/// Skip-bigrams (ordered pairs at most `gap` tokens apart, any distance when `None`), plus
/// unigrams when `unigrams` is set. With `perl_quirk`, ROUGE-1.5.5's counting is reproduced:
/// the last token's unigram is never counted.
pub fn skip_grams(
    tokens: &[u32],
    gap: Option<usize>,
    unigrams: bool,
    perl_quirk: bool,
) -> Vec<u64> {
    let mut out = Vec::new();
    let n = tokens.len();
    for i in 0..n {
        let last = i + 1 == n;
        if unigrams && !(perl_quirk && last) {
            // Unigram keys live above every pair key: ids are < 2^32 - 1.
            out.push(key2(u32::MAX, tokens[i]));
        }
        let end = match gap {
            Some(g) => n.min(i + g + 2),
            None => n,
        };
        for j in i + 1..end {
            out.push(key2(tokens[i], tokens[j]));
        }
    }
    out
}

/// `(hits, candidate grams, reference grams)` for two lists of gram keys.
pub fn key_overlap(
    candidate: &[u64],
    reference: &[u64],
    s: &mut NgramScratch,
) -> (usize, usize, usize) {
    s.counts.clear();
    for &k in reference {
        *s.counts.entry(k).or_insert(0) += 1;
    }
    let mut hits = 0;
    for k in candidate {
        if let Some(c) = s.counts.get_mut(k)
            && *c > 0
        {
            *c -= 1;
            hits += 1;
        }
    }
    (hits, candidate.len(), reference.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clipped_counts() {
        let mut s = NgramScratch::default();
        assert_eq!(ngram_overlap(&[1, 1, 1], &[1, 2], 1, &mut s), (1, 3, 2));
        assert_eq!(
            ngram_overlap(&[1, 2, 3], &[1, 2, 3, 1, 2], 2, &mut s),
            (2, 2, 4)
        );
        assert_eq!(
            ngram_overlap(&[1, 2, 3, 4], &[0, 1, 2, 3], 3, &mut s),
            (1, 2, 2)
        );
        assert_eq!(ngram_overlap(&[1], &[1], 2, &mut s), (0, 0, 0));
    }

    #[test]
    fn skip_bigram_gaps() {
        assert_eq!(skip_grams(&[1, 2, 3], Some(0), false, false).len(), 2);
        assert_eq!(skip_grams(&[1, 2, 3], None, false, false).len(), 3);
        assert_eq!(skip_grams(&[1, 2, 3], None, true, false).len(), 6);
        assert_eq!(skip_grams(&[1, 2, 3], None, true, true).len(), 5);
    }
}
