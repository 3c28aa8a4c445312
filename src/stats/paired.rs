//! Paired significance tests for comparing two systems on the same examples.

use super::bootstrap::percentile;
use super::scale::Scale;
use super::sums::{Reader, SumsError};
use serde::Serialize;

/// Stream offset that separates randomization trials from bootstrap resamples.
pub(super) const AR_STREAM: u64 = 1 << 62;

/// The comparison of one metric between a baseline and a new run.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PairedResult {
    pub base_mean: f64,
    pub new_mean: f64,
    /// new − base, on the metric's scale (0–1 for computed metrics).
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
/// (the report's `key_hash`). Resample weights (Poisson) and sign flips are drawn from
/// `(seed, resample or trial, key)` and the sums are exact, so the result depends only on the
/// set of examples: not on their order, the thread count or the machine.
pub fn paired_test(
    base: &[f64],
    new: &[f64],
    keys: &[u64],
    s: PairedSettings,
    scale: Scale,
) -> PairedResult {
    let mut sums = PairedSums::new(s, scale);
    sums.add(base, new, keys, s);
    sums.finish(s)
}

/// Mergeable sums of a paired comparison of one metric: the exact sums behind
/// [`paired_test`], added up example by example. Partitions of the shared examples (an engine's
/// tasks) each add theirs, the sums are merged by addition in any order, and
/// [`PairedSums::finish`] gives the [`PairedResult`] of all of them, bit for bit what
/// `paired_test` gives in one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairedSums {
    /// How the metric's values are held (not part of the byte form: the metric's name says).
    pub(super) scale: Scale,
    pub(super) count: u64,
    pub(super) base: u128,
    pub(super) new: u128,
    pub(super) diff: i128,
    pub(super) wins: u64,
    pub(super) ties: u64,
    pub(super) losses: u64,
    /// Per bootstrap resample: the weighted sum of differences and the total weight.
    pub(super) resample_sum: Vec<i128>,
    pub(super) resample_weight: Vec<u64>,
    /// Per randomization trial: the sum of sign-flipped differences.
    pub(super) trial_sum: Vec<i128>,
}

impl PairedSums {
    /// Empty sums for `s.resamples` resamples and `s.trials` trials of a metric held at `scale`.
    pub fn new(s: PairedSettings, scale: Scale) -> PairedSums {
        PairedSums {
            scale,
            count: 0,
            base: 0,
            new: 0,
            diff: 0,
            wins: 0,
            ties: 0,
            losses: 0,
            resample_sum: vec![0; s.resamples],
            resample_weight: vec![0; s.resamples],
            trial_sum: vec![0; s.trials],
        }
    }

    /// Adds examples: per-example scores of the baseline and the new run, and their key
    /// hashes (the report's `key_hash`).
    pub fn add(&mut self, base: &[f64], new: &[f64], keys: &[u64], s: PairedSettings) {
        const EPS: f64 = 1e-12;
        let n = base.len().min(new.len()).min(keys.len());
        let keys = &keys[..n];
        let mut diffs = Vec::with_capacity(n);
        for i in 0..n {
            let (b, m) = (self.scale.encode(base[i]), self.scale.encode(new[i]));
            self.base += u128::from(b);
            self.new += u128::from(m);
            let d = i128::from(m) - i128::from(b);
            self.diff += d;
            diffs.push(d);
            let change = new[i] - base[i];
            if change > EPS {
                self.wins += 1;
            } else if change < -EPS {
                self.losses += 1;
            } else {
                self.ties += 1;
            }
        }
        self.count += n as u64;
        // The same weights and signs as every side of a leaderboard (one column: the
        // differences).
        let (sums, weights) = super::paired_side::weighted_sums(&diffs, 1, keys, s);
        for ((sum, count), (add, w)) in self
            .resample_sum
            .iter_mut()
            .zip(self.resample_weight.iter_mut())
            .zip(sums.iter().zip(weights))
        {
            *sum += add[0];
            *count += w;
        }
        let signed = super::paired_side::signed_sums(&diffs, 1, keys, s);
        for (sum, add) in self.trial_sum.iter_mut().zip(&signed[0]) {
            *sum += add;
        }
    }

    /// The resamples and trials the sums hold.
    pub(super) fn shape(&self) -> (usize, usize) {
        (self.resample_sum.len(), self.trial_sum.len())
    }

    /// Adds `other`'s examples (sums of the same resamples and trials).
    pub fn merge(&mut self, other: &PairedSums) -> Result<(), SumsError> {
        if self.resample_sum.len() != other.resample_sum.len()
            || self.trial_sum.len() != other.trial_sum.len()
            || self.scale != other.scale
        {
            return Err(SumsError(format!(
                "paired states differ in shape: {} resamples and {} trials against {} and {}",
                self.resample_sum.len(),
                self.trial_sum.len(),
                other.resample_sum.len(),
                other.trial_sum.len()
            )));
        }
        // Checked (release builds would wrap): the sum is stored only if every addition fits.
        let overflow = || SumsError("paired sums overflow: a paired state is damaged".into());
        let count = self
            .count
            .checked_add(other.count)
            .filter(|n| *n <= super::MAX_COUNT)
            .ok_or_else(overflow)?;
        let add = |a: i128, b: i128| a.checked_add(b).ok_or_else(overflow);
        let add_all = |a: &[i128], b: &[i128]| -> Result<Vec<i128>, SumsError> {
            a.iter().zip(b).map(|(x, y)| add(*x, *y)).collect()
        };
        let resample_sum = add_all(&self.resample_sum, &other.resample_sum)?;
        let trial_sum = add_all(&self.trial_sum, &other.trial_sum)?;
        let resample_weight = self
            .resample_weight
            .iter()
            .zip(&other.resample_weight)
            .map(|(x, y)| x.checked_add(*y).ok_or_else(overflow))
            .collect::<Result<Vec<u64>, _>>()?;
        let base = self.base.checked_add(other.base).ok_or_else(overflow)?;
        let new = self.new.checked_add(other.new).ok_or_else(overflow)?;
        let diff = add(self.diff, other.diff)?;
        // wins + ties + losses = count, so none of these can overflow once count did not.
        self.wins += other.wins;
        self.ties += other.ties;
        self.losses += other.losses;
        self.count = count;
        self.base = base;
        self.new = new;
        self.diff = diff;
        self.resample_sum = resample_sum;
        self.resample_weight = resample_weight;
        self.trial_sum = trial_sum;
        Ok(())
    }

    /// The comparison of all the examples added.
    pub fn finish(&self, s: PairedSettings) -> PairedResult {
        const EPS: f64 = 1e-12;
        let scale = self.scale;
        let mean = |sum: i128, count: u64| scale.mean_difference(sum, count);
        let n = self.count;
        let (base_mean, new_mean) = (scale.mean(self.base, n), scale.mean(self.new, n));
        let delta = mean(self.diff, n);
        let (mut ci_low, mut ci_high, mut p_bootstrap, mut p_randomization) =
            (delta, delta, 1.0, 1.0);
        if n > 0 && !self.resample_sum.is_empty() {
            let mut dist: Vec<f64> = self
                .resample_sum
                .iter()
                .zip(&self.resample_weight)
                .filter(|(_, w)| **w > 0)
                .map(|(&sum, &w)| mean(sum, w))
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
        if n > 0 && !self.trial_sum.is_empty() {
            let extreme = self
                .trial_sum
                .iter()
                .filter(|&&sum| mean(sum, n).abs() >= delta.abs() - EPS)
                .count();
            p_randomization = (extreme + 1) as f64 / (self.trial_sum.len() + 1) as f64;
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
            wins: self.wins as usize,
            ties: self.ties as usize,
            losses: self.losses as usize,
        }
    }

    /// Appends the sums as bytes (little-endian), for [`PairedSums::read_from`].
    pub fn write_to(&self, out: &mut Vec<u8>) {
        for v in [
            self.resample_sum.len() as u64,
            self.trial_sum.len() as u64,
            self.count,
            self.wins,
            self.ties,
            self.losses,
        ] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&self.base.to_le_bytes());
        out.extend_from_slice(&self.new.to_le_bytes());
        out.extend_from_slice(&self.diff.to_le_bytes());
        for v in &self.resample_sum {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for v in &self.resample_weight {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for v in &self.trial_sum {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }

    /// Reads sums written by [`PairedSums::write_to`] from the front of `bytes`; returns the
    /// rest. Shapes above `max_resamples`/`max_trials` are refused before any allocation.
    /// `scale` is the metric's.
    pub fn read_from(
        bytes: &[u8],
        max_resamples: usize,
        max_trials: usize,
        scale: Scale,
    ) -> Result<(PairedSums, &[u8]), SumsError> {
        let mut r = Reader::new(bytes, "paired state");
        let [resamples, trials, count, wins, ties, losses] =
            [r.u64()?, r.u64()?, r.u64()?, r.u64()?, r.u64()?, r.u64()?];
        if resamples > max_resamples as u64 || trials > max_trials as u64 {
            return Err(SumsError(format!(
                "paired state has {resamples} resamples and {trials} trials (at most \
                 {max_resamples} and {max_trials})"
            )));
        }
        if wins.checked_add(ties).and_then(|x| x.checked_add(losses)) != Some(count) {
            return Err(SumsError("paired state counts do not add up".into()));
        }
        if count > super::MAX_COUNT {
            return Err(SumsError(format!(
                "paired state count {count} is out of range"
            )));
        }
        let (base, new, diff) = (r.u128()?, r.u128()?, r.i128()?);
        let resample_sum: Vec<i128> = r.many(resamples as usize, Reader::i128)?;
        let resample_weight: Vec<u64> = r.many(resamples as usize, Reader::u64)?;
        let trial_sum: Vec<i128> = r.many(trials as usize, Reader::i128)?;
        // Scores are at most 1 (2^63 in fixed point), weights at most MAX_WEIGHT: sums beyond
        // what the counts allow come from an edited state.
        let most = |n: u64| (n as i128) << 63;
        let within = |v: i128, n: u64| v.unsigned_abs() <= most(n) as u128;
        let sane = base <= most(count) as u128
            && new <= most(count) as u128
            && diff == new as i128 - base as i128
            && trial_sum.iter().all(|&t| within(t, count))
            && resample_weight
                .iter()
                .zip(&resample_sum)
                .all(|(&w, &s)| w <= count * super::MAX_WEIGHT && within(s, w));
        if !sane {
            return Err(SumsError(
                "paired state sums exceed what its counts allow (damaged or edited)".into(),
            ));
        }
        Ok((
            PairedSums {
                scale,
                count,
                base,
                new,
                diff,
                wins,
                ties,
                losses,
                resample_sum,
                resample_weight,
                trial_sum,
            },
            r.rest(),
        ))
    }
}

/// Largest number of randomization trials a paired state may hold.
pub const MAX_TRIALS: usize = 1_000_000;

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
    use crate::stats::PairedState;

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
        let a = paired_test(&base, &new, &k, settings(), Scale::Unit);
        let rev = |v: &[f64]| v.iter().rev().copied().collect::<Vec<_>>();
        let k_rev: Vec<u64> = k.iter().rev().copied().collect();
        let b = paired_test(&rev(&base), &rev(&new), &k_rev, settings(), Scale::Unit);
        assert_eq!(a, b);
    }

    #[test]
    fn identical_systems_have_p_one() {
        let x: Vec<f64> = (0..50).map(|i| (i % 7) as f64 / 7.0).collect();
        let r = paired_test(&x, &x, &keys(50), settings(), Scale::Unit);
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
        let r = paired_test(&base, &new, &keys(200), settings(), Scale::Unit);
        assert!(r.delta < 0.0 && r.ci_high < 0.0);
        assert!(r.p_bootstrap < 0.01 && r.p_randomization < 0.01, "{r:?}");
        assert_eq!(r.losses, 200);
    }

    #[test]
    fn merged_partition_states_equal_the_whole_and_survive_bytes() {
        let base: Vec<f64> = (0..240).map(|i| (i % 13) as f64 / 13.0).collect();
        let new: Vec<f64> = (0..240).map(|i| (i % 9) as f64 / 9.0).collect();
        let k = keys(240);
        let whole = paired_test(&base, &new, &k, settings(), Scale::Unit);
        let names = vec!["rouge1".to_string()];
        let mut merged = PairedState::new(names.clone(), settings()).expect("settings");
        for (a, b) in [(0, 17), (17, 130), (130, 240)] {
            let mut part = PairedState::new(names.clone(), settings()).expect("settings");
            part.add(&[base[a..b].to_vec()], &[new[a..b].to_vec()], &k[a..b]);
            let part = PairedState::from_bytes(&part.to_bytes()).expect("round trip");
            merged.merge(&part).expect("same settings");
        }
        assert_eq!(merged.results(0.95), vec![whole]);
        let bytes = merged.to_bytes();
        assert!(PairedState::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        let other = PairedState::new(
            names,
            PairedSettings {
                seed: 8,
                ..settings()
            },
        )
        .expect("settings");
        assert!(merged.merge(&other).is_err());
    }

    #[test]
    fn holm_adjusts_in_order() {
        let adj = holm(&[0.01, 0.04, 0.03]);
        assert_eq!(adj, vec![0.03, 0.06, 0.06]);
    }

    #[test]
    fn merging_paired_sums_that_would_wrap_is_an_error() {
        let s = PairedSettings {
            resamples: 2,
            trials: 2,
            confidence: 0.95,
            seed: 1,
        };
        let mut a = PairedSums::new(s, Scale::Unit);
        a.add(&[0.5], &[0.25], &[7], s);
        let mut b = a.clone();
        b.base = u128::MAX;
        assert!(a.merge(&b).is_err());
    }
}
