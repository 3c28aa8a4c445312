//! Weighted LCS (ROUGE-W), f(k) = k^weight.
//!
//! [`wlcs`] is Lin (2004): one weighted LCS over the whole texts. [`perl_wlcs`] reproduces
//! ROUGE-1.5.5: a union over sentences, clipped, with its run bookkeeping; its caller applies
//! the script's second weighting of the reference length.

use super::summary::SummaryScratch;

/// The weighted LCS score of two sequences (the value of Lin's dynamic program).
pub fn wlcs(a: &[u32], b: &[u32], weight: f64) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let f = |k: u32| (k as f64).powf(weight);
    let w = b.len() + 1;
    let mut c = vec![0f64; (a.len() + 1) * w];
    let mut run = vec![0u32; (a.len() + 1) * w];
    fill(a, b, &f, &mut c, &mut run);
    c[a.len() * w + b.len()]
}

fn fill(a: &[u32], b: &[u32], f: &dyn Fn(u32) -> f64, c: &mut [f64], run: &mut [u32]) {
    let w = b.len() + 1;
    for i in 1..=a.len() {
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

/// ROUGE-1.5.5's `wlcs`: returns `(hit, base)` where `base` = Σ f(reference sentence length).
pub fn perl_wlcs(
    candidate: &[&[u32]],
    reference: &[&[u32]],
    weight: f64,
    s: &mut SummaryScratch,
) -> (f64, f64) {
    let f = |k: u32| (k as f64).powf(weight);
    s.count_unigrams(candidate, reference);
    let (mut hit, mut base) = (0.0, 0.0);
    let mut c = Vec::new();
    let mut run = Vec::new();
    for r in reference {
        base += f(r.len() as u32);
        s.hits.clear();
        s.hits.resize(r.len(), false);
        for p in candidate {
            if r.is_empty() {
                continue;
            }
            let w = p.len() + 1;
            c.clear();
            c.resize((r.len() + 1) * w, 0.0);
            run.clear();
            run.resize((r.len() + 1) * w, 0);
            fill(r, p, &f, &mut c, &mut run);
            let (mut i, mut j) = (r.len(), p.len());
            while i > 0 && j > 0 {
                if r[i - 1] == p[j - 1] {
                    i -= 1;
                    j -= 1;
                    s.hits[i] = true;
                } else if c[(i - 1) * w + j] >= c[i * w + j - 1] {
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
    s.reset(candidate, reference);
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
}
