//! One run's side of many paired comparisons. Every sum behind a paired test is linear in the
//! per-example difference `new − base`, and the resample weights and randomization signs depend
//! only on the example's key: so the sums of a pair are the difference of the two runs' own
//! sums. A leaderboard of N runs computes N sides once, then each of its N·(N−1)/2 pairs in
//! time independent of the number of examples, bit for bit what [`super::paired_test`] gives.

use super::paired::{AR_STREAM, PairedSettings, PairedSums};
use super::poisson::{MAX_WEIGHT, resample_salt, uniform, weight};
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
    /// The sides of several runs over the same examples (`values[run][example]`, in the order
    /// of `keys`, the examples' key hashes) for the resamples, trials and seed of `s`: every
    /// weight and sign is drawn once per example for all the runs.
    pub fn for_runs(
        values: &[&[f64]],
        keys: &[u64],
        s: PairedSettings,
        scale: Scale,
    ) -> Vec<SideSums> {
        let runs = values.len();
        let n = values.iter().map(|v| v.len()).fold(keys.len(), usize::min);
        // Example-major: the runs' values of one example side by side.
        let mut fixed = vec![0i128; n * runs];
        for (r, v) in values.iter().enumerate() {
            for (i, x) in v[..n].iter().enumerate() {
                fixed[i * runs + r] = i128::from(scale.encode(*x));
            }
        }
        let keys = &keys[..n];
        let (resample_sum, resample_weight) = weighted_sums(&fixed, runs, keys, s);
        let trial_sum = signed_sums(&fixed, runs, keys, s);
        (0..runs)
            .map(|r| SideSums {
                scale,
                count: n as u64,
                total: (0..n).map(|i| fixed[i * runs + r] as u128).sum(),
                resample_sum: resample_sum.iter().map(|sums| sums[r]).collect(),
                resample_weight: resample_weight.clone(),
                trial_sum: trial_sum[r].clone(),
            })
            .collect()
    }
}

/// Per bootstrap resample of `s`, the weighted sum of each of `runs` interleaved columns of
/// `fixed` (example-major), and the resample's total weight.
pub(super) fn weighted_sums(
    fixed: &[i128],
    runs: usize,
    keys: &[u64],
    s: PairedSettings,
) -> (Vec<Vec<i128>>, Vec<u64>) {
    let width = runs.max(1);
    let per_resample: Vec<(Vec<i128>, u64)> = (0..s.resamples)
        .into_par_iter()
        .map(|r| {
            let salt = resample_salt(s.seed, r as u64);
            // Per weight, the sum of the values drawn with it: additions on the hot path,
            // one multiplication per weight at the end.
            let mut by_weight = vec![0i128; (MAX_WEIGHT as usize + 1) * width];
            let mut count = 0u64;
            for (row, &k) in fixed.chunks_exact(width).zip(keys) {
                let w = weight(salt, k);
                if w == 0 {
                    continue;
                }
                count += w;
                let sums = &mut by_weight[w as usize * width..][..width];
                for (sum, x) in sums.iter_mut().zip(row) {
                    *sum += x;
                }
            }
            let sums = (0..runs)
                .map(|r| {
                    (1..=MAX_WEIGHT as usize)
                        .map(|w| w as i128 * by_weight[w * width + r])
                        .sum()
                })
                .collect();
            (sums, count)
        })
        .collect();
    per_resample.into_iter().unzip()
}

/// Per randomization trial of `s`, for each of `runs` interleaved columns of `fixed`
/// (example-major): the sum with each example's sign drawn for the trial (`-` where its bit
/// is set). Per block of 64 trials, each example adds its value to one cell of eight
/// 256-entry tables (one per byte of its 64 sign bits); a trial's sum is then read from its
/// byte's table. Integer sums: exactly the sums of the examples one by one.
pub(super) fn signed_sums(
    fixed: &[i128],
    runs: usize,
    keys: &[u64],
    s: PairedSettings,
) -> Vec<Vec<i128>> {
    let blocks: Vec<Vec<Vec<i128>>> = (0..s.trials.div_ceil(64))
        .into_par_iter()
        .map(|b| {
            let len = (s.trials - 64 * b).min(64);
            let salt = resample_salt(s.seed, AR_STREAM + b as u64);
            let bytes = len.div_ceil(8);
            // Cell `(byte, value, run)`: the runs of one cell side by side.
            let mut table = vec![0i128; bytes * 256 * runs];
            for (row, &k) in fixed.chunks_exact(runs.max(1)).zip(keys) {
                let bits = uniform(salt, k);
                for c in 0..bytes {
                    let cell = ((bits >> (8 * c)) & 0xff) as usize;
                    let sums = &mut table[(c * 256 + cell) * runs..][..runs];
                    for (sum, x) in sums.iter_mut().zip(row) {
                        *sum += x;
                    }
                }
            }
            (0..runs)
                .map(|r| {
                    (0..len)
                        .map(|t| {
                            let (c, bit) = (t / 8, t % 8);
                            let (mut total, mut negative) = (0i128, 0i128);
                            for v in 0..256 {
                                let x = table[(c * 256 + v) * runs + r];
                                total += x;
                                if v >> bit & 1 == 1 {
                                    negative += x;
                                }
                            }
                            total - 2 * negative
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    (0..runs)
        .map(|r| blocks.iter().flat_map(|b| b[r].iter().copied()).collect())
        .collect()
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
    fn signs_read_from_byte_tables_are_the_signs_drawn_one_by_one() {
        let s = settings();
        let keys: Vec<u64> = (0..77u64)
            .map(|i| i.wrapping_mul(0x2545_f491_4f6c_dd1d))
            .collect();
        let fixed: Vec<i128> = (0..77i128).map(|i| (i * 7919) % 1000 - 300).collect();
        let signed = signed_sums(&fixed, 1, &keys, s);
        for (t, got) in signed[0].iter().enumerate() {
            let salt = resample_salt(s.seed, AR_STREAM + (t / 64) as u64);
            let want: i128 = fixed
                .iter()
                .zip(&keys)
                .map(|(x, &k)| {
                    if uniform(salt, k) >> (t % 64) & 1 == 1 {
                        -x
                    } else {
                        *x
                    }
                })
                .sum();
            assert_eq!(*got, want, "trial {t}");
        }
        let (sums, counts) = weighted_sums(&fixed, 1, &keys, s);
        for (r, (sum, count)) in sums.iter().zip(counts).enumerate() {
            let salt = resample_salt(s.seed, r as u64);
            let w: Vec<u64> = keys.iter().map(|&k| weight(salt, k)).collect();
            assert_eq!(count, w.iter().sum::<u64>());
            let want: i128 = fixed.iter().zip(&w).map(|(x, &w)| i128::from(w) * x).sum();
            assert_eq!(sum[0], want);
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
        let c: Vec<f64> = a.iter().map(|x| 1.0 - x).collect();
        let sides = SideSums::for_runs(&[&a, &b, &c], &keys, s, scale);
        let between = PairedSums::between(&sides[0], &sides[1], &a, &b);
        assert_eq!(between, direct);
        assert_eq!(between.finish(s), direct.finish(s));
        // Drawing once for several runs mixes nothing between them.
        for (side, run) in sides.iter().zip([&a, &b, &c]) {
            assert_eq!(side, &SideSums::for_runs(&[run], &keys, s, scale)[0]);
        }
    }
}
