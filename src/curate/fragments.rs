//! Extractive fragments (Grusky et al. 2018, Newsroom): the greedy longest shared token runs
//! between a summary and its article, and the coverage, density and compression built on them.

use serde::Serialize;

/// Coverage, density and compression of one summary against its article.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Extractiveness {
    /// Share of summary tokens inside some fragment: (1/|S|) Σ|f|.
    pub coverage: f64,
    /// Mean squared fragment length per summary token: (1/|S|) Σ|f|².
    pub density: f64,
    /// |A| / |S|.
    pub compression: f64,
    /// Length of the longest fragment, in tokens.
    pub longest: usize,
}

/// The fragments of `summary` in `article` as `(start in summary, length)`, by Newsroom's greedy
/// algorithm: at each summary position take the longest run shared with any article position,
/// then move past it.
pub fn fragments(summary: &[u32], article: &[u32]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < summary.len() {
        let mut best = 0;
        let mut j = 0;
        while j < article.len() {
            if summary[i] == article[j] {
                let (mut a, mut b) = (i, j);
                while a < summary.len() && b < article.len() && summary[a] == article[b] {
                    a += 1;
                    b += 1;
                }
                best = best.max(a - i);
                j = b;
            } else {
                j += 1;
            }
        }
        if best > 0 {
            out.push((i, best));
        }
        i += best.max(1);
    }
    out
}

/// Coverage, density and compression; all zero for an empty summary.
pub fn extractiveness(summary: &[u32], article: &[u32]) -> Extractiveness {
    if summary.is_empty() {
        return Extractiveness {
            coverage: 0.0,
            density: 0.0,
            compression: 0.0,
            longest: 0,
        };
    }
    let f: Vec<usize> = fragments(summary, article)
        .into_iter()
        .map(|(_, l)| l)
        .collect();
    let n = summary.len() as f64;
    Extractiveness {
        coverage: f.iter().sum::<usize>() as f64 / n,
        density: f.iter().map(|&l| (l * l) as f64).sum::<f64>() / n,
        compression: article.len() as f64 / n,
        longest: f.iter().copied().max().unwrap_or(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Worked example. Article A = "the cat sat on the mat today" (7 tokens), summary
    /// S = "the cat sat on a mat today" (7 tokens).
    /// From S[0]: the longest run shared with A is "the cat sat on" (4 tokens; A[4] = "the"
    /// only matches 1). Move to S[4] = "a": not in A, skip 1. S[5..7] = "mat today" matches
    /// A[5..7]: fragment of 2. Fragments: [4, 2].
    /// coverage = (4 + 2) / 7 = 0.857142…, density = (16 + 4) / 7 = 2.857142…,
    /// compression = 7 / 7 = 1.
    #[test]
    fn worked_example() {
        let (the, cat, sat, on, mat, today, a) = (0, 1, 2, 3, 4, 5, 6);
        let article = [the, cat, sat, on, the, mat, today];
        let summary = [the, cat, sat, on, a, mat, today];
        assert_eq!(fragments(&summary, &article), vec![(0, 4), (5, 2)]);
        let e = extractiveness(&summary, &article);
        assert!((e.coverage - 6.0 / 7.0).abs() < 1e-12);
        assert!((e.density - 20.0 / 7.0).abs() < 1e-12);
        assert_eq!(e.compression, 1.0);
        assert_eq!(e.longest, 4);
    }

    #[test]
    fn abstractive_summary_has_no_fragments() {
        let e = extractiveness(&[7, 8, 9], &[1, 2, 3, 4]);
        assert_eq!((e.coverage, e.density), (0.0, 0.0));
        assert!((e.compression - 4.0 / 3.0).abs() < 1e-12);
    }
}
