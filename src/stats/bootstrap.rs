//! Percentile bootstrap of means.

use super::rng::Resampler;
use rayon::prelude::*;

/// A two-sided confidence interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

/// The `q`-quantile (0 ≤ q ≤ 1) of sorted `values` with linear interpolation (numpy's default).
pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// Percentile-bootstrap intervals of the mean of each column of `rows`, a row-major table
/// of `width` columns (one row per example). All columns share the same resampled example
/// indices; resample `i` is drawn from `(seed, i)`, so the result does not depend on the
/// number of threads.
pub fn bootstrap_intervals(
    rows: &[f64],
    width: usize,
    resamples: usize,
    confidence: f64,
    seed: u64,
) -> Vec<Interval> {
    let n = rows.len().checked_div(width).unwrap_or(0);
    if n == 0 || resamples == 0 {
        return vec![
            Interval {
                low: 0.0,
                high: 0.0
            };
            width
        ];
    }
    let m = width;
    let means: Vec<Vec<f64>> = (0..resamples as u64)
        .into_par_iter()
        .map(|i| {
            let mut r = Resampler::new(seed, i);
            let mut sums = vec![0.0; m];
            for _ in 0..n {
                let k = r.below(n as u64) as usize;
                for (s, v) in sums.iter_mut().zip(&rows[k * m..(k + 1) * m]) {
                    *s += v;
                }
            }
            sums.into_iter().map(|s| s / n as f64).collect()
        })
        .collect();
    let tail = (1.0 - confidence) / 2.0;
    (0..m)
        .map(|c| {
            let mut dist: Vec<f64> = means.iter().map(|m| m[c]).collect();
            dist.sort_by(f64::total_cmp);
            Interval {
                low: percentile(&dist, tail),
                high: percentile(&dist, 1.0 - tail),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentile_interpolates() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(percentile(&v, 0.0), 1.0);
        assert_eq!(percentile(&v, 1.0), 4.0);
        assert_eq!(percentile(&v, 0.5), 2.5);
    }

    #[test]
    fn interval_brackets_the_mean_and_is_deterministic() {
        let col: Vec<f64> = (0..200).map(|i| (i % 10) as f64 / 10.0).collect();
        let a = bootstrap_intervals(&col, 1, 500, 0.95, 42);
        let b = bootstrap_intervals(&col, 1, 500, 0.95, 42);
        assert_eq!(a, b);
        assert!(a[0].low < 0.45 && a[0].high > 0.45);
        assert!(a[0].high - a[0].low < 0.2);
    }

    #[test]
    fn constant_column_has_zero_width() {
        let a = bootstrap_intervals(&[0.3; 50], 1, 100, 0.95, 1);
        assert!((a[0].low - 0.3).abs() < 1e-12 && (a[0].high - 0.3).abs() < 1e-12);
    }
}
