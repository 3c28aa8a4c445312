//! One run's side of many paired comparisons. Every sum behind a paired test is linear in the
//! per-example difference `new − base`, and the resample weights and randomization signs depend
//! only on the example's key: so the sums of a pair are the difference of the two runs' own
//! sums. A leaderboard of N runs computes N sides once, then each of its N·(N−1)/2 pairs in
//! time independent of the number of examples, bit for bit what [`super::paired_test`] gives.

use super::paired::{AR_STREAM, PairedSettings, PairedSums};
use super::poisson::{resample_salt, uniform, weight};
use super::scale::Scale;
use rayon::prelude::*;

/// The sums of one run's values of one metric over a fixed list of examples: the total, the
/// weighted total per bootstrap resample and the signed total per randomization trial.
/// Invariant: built from values in fixed point at `scale`, so differences are exact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SideSums {
    scale: Scale,
    count: u64,
    total: u128,
    resample_sum: Vec<i128>,
    resample_weight: Vec<u64>,
    trial_sum: Vec<i128>,
}

impl SideSums {
    /// The sums of `values` (one per example, in the order of `keys`, the examples' key
    /// hashes) for the resamples, trials and seed of `s`.
    pub fn new(values: &[f64], keys: &[u64], s: PairedSettings, scale: Scale) -> SideSums {
        let n = values.len().min(keys.len());
        let fixed: Vec<i128> = values[..n]
            .iter()
            .map(|v| i128::from(scale.encode(*v)))
            .collect();
        let keys = &keys[..n];
        let mut resample_sum = vec![0i128; s.resamples];
        let mut resample_weight = vec![0u64; s.resamples];
        resample_sum
            .par_iter_mut()
            .zip(resample_weight.par_iter_mut())
            .enumerate()
            .for_each(|(i, (sum, count))| {
                let salt = resample_salt(s.seed, i as u64);
                for (x, &k) in fixed.iter().zip(keys) {
                    let w = weight(salt, k);
                    *sum += i128::from(w) * x;
                    *count += w;
                }
            });
        let mut trial_sum = vec![0i128; s.trials];
        trial_sum
            .par_chunks_mut(64)
            .enumerate()
            .for_each(|(b, sums)| {
                let salt = resample_salt(s.seed, AR_STREAM + b as u64);
                for (x, &k) in fixed.iter().zip(keys) {
                    let bits = uniform(salt, k);
                    for (t, sum) in sums.iter_mut().enumerate() {
                        if bits >> t & 1 == 1 {
                            *sum -= x;
                        } else {
                            *sum += x;
                        }
                    }
                }
            });
        SideSums {
            scale,
            count: n as u64,
            total: fixed.iter().map(|x| *x as u128).sum(),
            resample_sum,
            resample_weight,
            trial_sum,
        }
    }
}

impl PairedSums {
    /// The paired sums of `base` against `new`, two sides over the same examples and settings,
    /// equal to adding the examples one by one. `base_values` and `new_values` are the values
    /// the sides were built from (for wins, ties and losses).
    pub fn between(
        base: &SideSums,
        new: &SideSums,
        base_values: &[f64],
        new_values: &[f64],
    ) -> PairedSums {
        const EPS: f64 = 1e-12;
        let (mut wins, mut ties, mut losses) = (0u64, 0u64, 0u64);
        for (b, m) in base_values.iter().zip(new_values) {
            let change = m - b;
            if change > EPS {
                wins += 1;
            } else if change < -EPS {
                losses += 1;
            } else {
                ties += 1;
            }
        }
        let minus = |a: &[i128], b: &[i128]| a.iter().zip(b).map(|(x, y)| x - y).collect();
        PairedSums {
            scale: new.scale,
            count: new.count.min(base.count),
            base: base.total,
            new: new.total,
            diff: new.total as i128 - base.total as i128,
            wins,
            ties,
            losses,
            resample_sum: minus(&new.resample_sum, &base.resample_sum),
            resample_weight: new.resample_weight.clone(),
            trial_sum: minus(&new.trial_sum, &base.trial_sum),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> PairedSettings {
        PairedSettings {
            resamples: 200,
            trials: 300,
            confidence: 0.95,
            seed: 7,
        }
    }

    #[test]
    fn a_pair_of_sides_equals_the_pair_added_example_by_example() {
        let n = 157;
        let keys: Vec<u64> = (0..n)
            .map(|i| 0x9e37_79b9_7f4a_7c15u64.wrapping_mul(i + 1))
            .collect();
        let a: Vec<f64> = (0..n).map(|i| ((i * 37) % 101) as f64 / 100.0).collect();
        let b: Vec<f64> = (0..n).map(|i| ((i * 53 + 11) % 97) as f64 / 96.0).collect();
        let s = settings();
        let scale = Scale::default();
        let mut direct = PairedSums::new(s, scale);
        direct.add(&a, &b, &keys, s);
        let (sa, sb) = (
            SideSums::new(&a, &keys, s, scale),
            SideSums::new(&b, &keys, s, scale),
        );
        let between = PairedSums::between(&sa, &sb, &a, &b);
        assert_eq!(between, direct);
        assert_eq!(between.finish(s), direct.finish(s));
    }
}
