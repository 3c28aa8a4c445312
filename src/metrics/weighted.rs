//! Weighted LCS (ROUGE-W), f(k) = k^weight.
//!
//! [`wlcs`] is Lin (2004): one weighted LCS over the whole texts. [`perl_wlcs`] reproduces
//! ROUGE-1.5.5: a union over sentences, clipped, with its run bookkeeping; its caller applies
//! the script's second weighting of the reference length.

use super::summary::SummaryScratch;

/// Cells of the weighted-LCS table [`perl_wlcs`] keeps at once (12 bytes each, 48 MiB); above
/// it, rows are recomputed from checkpoints during the backtrack.
const TABLE_CELLS: usize = 1 << 22;

/// The weighted LCS score of two sequences (the value of Lin's dynamic program), in two rows
/// of memory.
pub fn wlcs(a: &[u32], b: &[u32], weight: f64) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let f = |k: u32| (k as f64).powf(weight);
    let w = b.len() + 1;
    let mut c = vec![0f64; 2 * w];
    let mut run = vec![0u32; 2 * w];
    for &x in a {
        fill(&[x], b, &f, &mut c, &mut run);
        c.copy_within(w.., 0);
        run.copy_within(w.., 0);
    }
    c[b.len()]
}

/// Fills rows `1..=a.len()` of a table of width `b.len() + 1` from its row 0.
fn fill(a: &[u32], b: &[u32], f: &dyn Fn(u32) -> f64, c: &mut [f64], run: &mut [u32]) {
    let w = b.len() + 1;
    for i in 1..=a.len() {
        c[i * w] = 0.0;
        run[i * w] = 0;
        for j in 1..=b.len() {
            let here = i * w + j;
            if a[i - 1] == b[j - 1] {
                let k = run[here - w - 1];
                c[here] = c[here - w - 1] + f(k + 1) - f(k);
                run[here] = k + 1;
            } else {
                c[here] = c[here - w].max(c[here - 1]);
                run[here] = 0;
            }
        }
    }
}

/// Rows of one weighted-LCS table, kept whole when small and as checkpointed blocks when not.
struct BlockedTable<'a> {
    a: &'a [u32],
    b: &'a [u32],
    block: usize,
    /// Rows `base..=base + block` (at most), `b.len() + 1` cells each.
    c: Vec<f64>,
    run: Vec<u32>,
    base: usize,
    /// Row `k · block` of both tables for each block `k`.
    saved_c: Vec<f64>,
    saved_run: Vec<u32>,
}

impl<'a> BlockedTable<'a> {
    fn new(a: &'a [u32], b: &'a [u32], f: &dyn Fn(u32) -> f64, budget: usize) -> Self {
        let (rows, w) = (a.len(), b.len() + 1);
        let block = if (rows + 1) * w <= budget {
            rows
        } else {
            (budget / w).saturating_sub(1).max(rows.isqrt()).max(1)
        };
        let mut t = BlockedTable {
            a,
            b,
            block,
            c: vec![0.0; 2 * w],
            run: vec![0; 2 * w],
            base: 0,
            saved_c: Vec::new(),
            saved_run: Vec::new(),
        };
        for (i, &x) in a.iter().enumerate() {
            if i % block == 0 {
                t.saved_c.extend_from_slice(&t.c[..w]);
                t.saved_run.extend_from_slice(&t.run[..w]);
            }
            if block < rows {
                fill(&[x], b, f, &mut t.c, &mut t.run);
                t.c.copy_within(w.., 0);
                t.run.copy_within(w.., 0);
            }
        }
        t.load((rows - 1) / block * block, rows, f);
        t
    }

    /// Recomputes rows `base..=last` from the checkpoint of row `base`.
    fn load(&mut self, base: usize, last: usize, f: &dyn Fn(u32) -> f64) {
        let w = self.b.len() + 1;
        let k = base / self.block;
        let cells = (last - base + 1) * w;
        self.c.resize(cells, 0.0);
        self.run.resize(cells, 0);
        self.c[..w].copy_from_slice(&self.saved_c[k * w..(k + 1) * w]);
        self.run[..w].copy_from_slice(&self.saved_run[k * w..(k + 1) * w]);
        fill(&self.a[base..last], self.b, f, &mut self.c, &mut self.run);
        self.base = base;
    }

    /// Makes rows `i − 1` and `i` (1 ≤ `i`) available.
    fn reach(&mut self, i: usize, f: &dyn Fn(u32) -> f64) {
        if i == self.base {
            self.load(self.base - self.block, i, f);
        }
    }

    fn at(&self, i: usize, j: usize) -> f64 {
        self.c[(i - self.base) * (self.b.len() + 1) + j]
    }
}

/// ROUGE-1.5.5's `wlcs`: returns `(hit, base)` where `base` = Σ f(reference sentence length).
/// Hits are clipped by the unigram counts of `clip` (candidate, reference): the sentences
/// themselves, except under `-b`, where ROUGE-1.5.5 reads the two with different cuts.
pub fn perl_wlcs(
    candidate: &[&[u32]],
    reference: &[&[u32]],
    clip: (&[&[u32]], &[&[u32]]),
    weight: f64,
    s: &mut SummaryScratch,
) -> (f64, f64) {
    perl_wlcs_within(candidate, reference, clip, weight, s, TABLE_CELLS)
}

fn perl_wlcs_within(
    candidate: &[&[u32]],
    reference: &[&[u32]],
    clip: (&[&[u32]], &[&[u32]]),
    weight: f64,
    s: &mut SummaryScratch,
    budget: usize,
) -> (f64, f64) {
    let f = |k: u32| (k as f64).powf(weight);
    s.count_unigrams(clip.0, clip.1);
    let (mut hit, mut base) = (0.0, 0.0);
    for r in reference {
        base += f(r.len() as u32);
        s.hits.clear();
        s.hits.resize(r.len(), false);
        for p in candidate {
            if r.is_empty() || p.is_empty() {
                continue;
            }
            let mut t = BlockedTable::new(r, p, &f, budget);
            let (mut i, mut j) = (r.len(), p.len());
            while i > 0 && j > 0 {
                t.reach(i, &f);
                if r[i - 1] == p[j - 1] {
                    i -= 1;
                    j -= 1;
                    s.hits[i] = true;
                } else if t.at(i - 1, j) >= t.at(i, j - 1) {
                    i -= 1;
                } else {
                    j -= 1;
                }
            }
        }
        let mut run_len = 0u32;
        for j in 0..r.len() {
            if s.hits[j] && s.take(r[j]) {
                run_len += 1;
                let next_missed = j + 1 < r.len() && !s.hits[j + 1];
                if next_missed || j + 1 == r.len() {
                    hit += f(run_len);
                    run_len = 0;
                }
            }
        }
    }
    s.reset(clip.0, clip.1);
    (hit, base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consecutive_matches_weigh_more() {
        let x = [1, 2, 3, 4, 5, 6, 7];
        let y1 = [1, 2, 3, 4, 8, 9, 10];
        let y2 = [1, 8, 2, 9, 3, 10, 4];
        // Lin (2004): both share LCS length 4, but y1's matches are consecutive.
        assert!(wlcs(&x, &y1, 2.0) > wlcs(&x, &y2, 2.0));
        assert_eq!(wlcs(&x, &y1, 2.0), 16.0);
        assert_eq!(wlcs(&x, &y2, 2.0), 4.0);
    }

    #[test]
    fn checkpointed_blocks_backtrack_like_the_whole_table() {
        let mut state = 11u64;
        let mut next = |k: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) % k) as u32
        };
        let mut s = SummaryScratch::default();
        for case in 0..600 {
            let alphabet = 1 + (case % 4) as u64;
            let sentence = |next: &mut dyn FnMut(u64) -> u32| -> Vec<u32> {
                let n = next(60) as usize;
                (0..n).map(|_| next(alphabet)).collect()
            };
            let cand: Vec<Vec<u32>> = (0..1 + next(3)).map(|_| sentence(&mut next)).collect();
            let refs: Vec<Vec<u32>> = (0..1 + next(3)).map(|_| sentence(&mut next)).collect();
            let c: Vec<&[u32]> = cand.iter().map(|x| x.as_slice()).collect();
            let r: Vec<&[u32]> = refs.iter().map(|x| x.as_slice()).collect();
            let whole = perl_wlcs_within(&c, &r, (&c, &r), 1.2, &mut s, usize::MAX);
            let blocked =
                perl_wlcs_within(&c, &r, (&c, &r), 1.2, &mut s, 1 + (case % 9) as usize * 7);
            assert_eq!(whole, blocked, "{cand:?} {refs:?}");
        }
    }
}
