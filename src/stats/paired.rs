//! Paired significance tests for comparing two systems on the same examples.

use super::bootstrap::percentile;
use super::poisson::{resample_salt, uniform, weight};
use super::sums::{SCALE, to_fixed};
use rayon::prelude::*;
use serde::Serialize;

/// Stream offset that separates randomization trials from bootstrap resamples.
const AR_STREAM: u64 = 1 << 62;

/// The comparison of one metric between a baseline and a new run.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PairedResult {
    pub base_mean: f64,
    pub new_mean: f64,
    /// new − base, on the 0–1 scale.
    pub delta: f64,
    /// Relative change in percent of the baseline mean (0 when the baseline mean is 0).
    pub delta_percent: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    /// Two-sided paired bootstrap p-value, +1 corrected.
    pub p_bootstrap: f64,
    /// Two-sided paired approximate randomization p-value, +1 corrected.
    pub p_randomization: f64,
    pub wins: usize,
    pub ties: usize,
    pub losses: usize,
}

/// Settings of the paired tests.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairedSettings {
    pub resamples: usize,
    pub trials: usize,
    pub confidence: f64,
    pub seed: u64,
}

/// Paired bootstrap (CI of the mean difference; p from the centred bootstrap distribution)
/// and approximate randomization (random sign flips of each difference). `base` and `new`
/// are per-example scores of the same examples, `keys` a hash of each example's key
/// ([`crate::report::key_hash`]). Resample weights (Poisson) and sign flips are drawn from
/// `(seed, resample or trial, key)` and the sums are exact, so the result depends only on the
/// set of examples: not on their order, the thread count or the machine.
pub fn paired_test(base: &[f64], new: &[f64], keys: &[u64], s: PairedSettings) -> PairedResult {
    let n = base.len().min(new.len()).min(keys.len());
    let (base_fixed, new_fixed): (Vec<u64>, Vec<u64>) = (0..n)
        .map(|i| (to_fixed(base[i]), to_fixed(new[i])))
        .unzip();
    let diffs: Vec<i128> = (0..n)
        .map(|i| i128::from(new_fixed[i]) - i128::from(base_fixed[i]))
        .collect();
    let mean = |sum: f64, count: u64| {
        if count == 0 {
            0.0
        } else {
            sum / SCALE / count as f64
        }
    };
    let total = |v: &[u64]| v.iter().map(|&x| u128::from(x)).sum::<u128>() as f64;
    let (base_mean, new_mean) = (
        mean(total(&base_fixed), n as u64),
        mean(total(&new_fixed), n as u64),
    );
    let delta = mean(diffs.iter().sum::<i128>() as f64, n as u64);
    const EPS: f64 = 1e-12;
    let wins = (0..n).filter(|&i| new[i] - base[i] > EPS).count();
    let losses = (0..n).filter(|&i| new[i] - base[i] < -EPS).count();
    let ties = n - wins - losses;
    let keys = &keys[..n];
    let (mut ci_low, mut ci_high, mut p_bootstrap, mut p_randomization) = (delta, delta, 1.0, 1.0);
    if n > 0 && s.resamples > 0 {
        let mut dist: Vec<f64> = (0..s.resamples as u64)
            .into_par_iter()
            .filter_map(|i| {
                let salt = resample_salt(s.seed, i);
                let (mut sum, mut count) = (0i128, 0u64);
                for (d, &k) in diffs.iter().zip(keys) {
                    let w = weight(salt, k);
                    sum += i128::from(w) * d;
                    count += w;
                }
                (count > 0).then(|| mean(sum as f64, count))
            })
            .collect();
        let extreme = dist
            .iter()
            .filter(|d| (**d - delta).abs() >= delta.abs() - EPS)
            .count();
        p_bootstrap = (extreme + 1) as f64 / (dist.len() + 1) as f64;
        dist.sort_by(f64::total_cmp);
        let tail = (1.0 - s.confidence) / 2.0;
        ci_low = percentile(&dist, tail);
        ci_high = percentile(&dist, 1.0 - tail);
    }
    if n > 0 && s.trials > 0 {
        // 64 trials per block: one mixed word per example gives its sign in each of them.
        let blocks = s.trials.div_ceil(64) as u64;
        let extreme: usize = (0..blocks)
            .into_par_iter()
            .map(|b| {
                let salt = resample_salt(s.seed, AR_STREAM + b);
                let in_block = (s.trials - 64 * b as usize).min(64);
                let mut sums = [0i128; 64];
                for (d, &k) in diffs.iter().zip(keys) {
                    let bits = uniform(salt, k);
                    for (t, sum) in sums.iter_mut().enumerate().take(in_block) {
                        if bits >> t & 1 == 1 {
                            *sum -= d;
                        } else {
                            *sum += d;
                        }
                    }
                }
                sums[..in_block]
                    .iter()
                    .filter(|&&sum| mean(sum as f64, n as u64).abs() >= delta.abs() - EPS)
                    .count()
            })
            .sum();
        p_randomization = (extreme + 1) as f64 / (s.trials + 1) as f64;
    }
    PairedResult {
        base_mean,
        new_mean,
        delta,
        delta_percent: if base_mean != 0.0 {
            delta / base_mean * 100.0
        } else {
            0.0
        },
        ci_low,
        ci_high,
        p_bootstrap: p_bootstrap.min(1.0),
        p_randomization: p_randomization.min(1.0),
        wins,
        ties,
        losses,
    }
}

/// Holm–Bonferroni adjusted p-values, in the input order.
pub fn holm(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    let mut adjusted = vec![0.0; m];
    let mut running: f64 = 0.0;
    for (rank, &i) in order.iter().enumerate() {
        running = running.max(((m - rank) as f64 * p[i]).min(1.0));
        adjusted[i] = running;
    }
    adjusted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> PairedSettings {
        PairedSettings {
            resamples: 1000,
            trials: 2000,
            confidence: 0.95,
            seed: 7,
        }
    }

    fn keys(n: u64) -> Vec<u64> {
        (0..n)
            .map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15))
            .collect()
    }

    #[test]
    fn result_does_not_depend_on_example_order() {
        let base: Vec<f64> = (0..300).map(|i| (i % 11) as f64 / 11.0).collect();
        let new: Vec<f64> = (0..300).map(|i| (i % 7) as f64 / 7.0).collect();
        let k = keys(300);
        let a = paired_test(&base, &new, &k, settings());
        let rev = |v: &[f64]| v.iter().rev().copied().collect::<Vec<_>>();
        let k_rev: Vec<u64> = k.iter().rev().copied().collect();
        let b = paired_test(&rev(&base), &rev(&new), &k_rev, settings());
        assert_eq!(a, b);
    }

    #[test]
    fn identical_systems_have_p_one() {
        let x: Vec<f64> = (0..50).map(|i| (i % 7) as f64 / 7.0).collect();
        let r = paired_test(&x, &x, &keys(50), settings());
        assert_eq!((r.delta, r.p_bootstrap, r.p_randomization), (0.0, 1.0, 1.0));
        assert_eq!((r.wins, r.ties, r.losses), (0, 50, 0));
    }

    #[test]
    fn clear_drop_is_significant() {
        let base: Vec<f64> = (0..200).map(|i| 0.5 + (i % 5) as f64 / 50.0).collect();
        let new: Vec<f64> = base
            .iter()
            .enumerate()
            .map(|(i, b)| b - 0.05 - (i % 3) as f64 / 100.0)
            .collect();
        let r = paired_test(&base, &new, &keys(200), settings());
        assert!(r.delta < 0.0 && r.ci_high < 0.0);
        assert!(r.p_bootstrap < 0.01 && r.p_randomization < 0.01, "{r:?}");
        assert_eq!(r.losses, 200);
    }

    #[test]
    fn holm_adjusts_in_order() {
        let adj = holm(&[0.01, 0.04, 0.03]);
        assert_eq!(adj, vec![0.03, 0.06, 0.06]);
    }
}
