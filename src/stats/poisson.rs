//! Weights of the Poisson bootstrap: in resample `i`, an example counts `w` times, a
//! Poisson(1) draw that depends only on the seed, `i` and a hash of the example's key. No
//! global order or count is involved, so the examples of a run can be resampled in any
//! partitions and the partitions' weighted sums added (the "Poisson bootstrap" of Hanley &
//! MacGibbon 2006, as used for distributed data by Chamandy et al. 2012).
//!
//! Invariant: the weights are a pure function of `(seed, i, key)` on every platform: integer
//! mixing only, and the Poisson(1) CDF as fixed constants (no floating-point `exp`).

/// `floor(P(X ≤ k) · 2^64)` for X ~ Poisson(1), k = 0‥19 (computed with 80-digit decimals).
/// A uniform 64-bit `u` draws `w` = the number of thresholds `u` reaches.
const CDF: [u64; 20] = [
    0x5e2d58d8b3bcdf1a,
    0xbc5ab1b16779be35,
    0xeb715e1dc1582dc2,
    0xfb23979734a252f1,
    0xff1025f59174dc3d,
    0xffd90f3ba4055e19,
    0xfffa8b71fc72c913,
    0xffff540c0914b3c9,
    0xffffed1f4aa8f120,
    0xfffffe216e641462,
    0xffffffd4d85d3183,
    0xfffffffc6da262b4,
    0xffffffffba12d178,
    0xfffffffffb07c64c,
    0xffffffffffab8ea5,
    0xfffffffffffabe22,
    0xffffffffffffb11a,
    0xfffffffffffffba1,
    0xffffffffffffffc5,
    0xfffffffffffffffd,
];

/// The largest weight an example can get in one resample.
pub const MAX_WEIGHT: u64 = CDF.len() as u64;

/// MurmurHash3's 64-bit finalizer: a bijection in which every input bit affects every output
/// bit.
fn fmix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51afd7ed558ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ceb9fe1a85ec53);
    k ^ (k >> 33)
}

/// The salt of resample `i` under `seed`, computed once per resample.
pub fn resample_salt(seed: u64, i: u64) -> u64 {
    fmix64(fmix64(seed ^ 0x243f_6a88_85a3_08d3).wrapping_add(fmix64(i ^ 0x1319_8a2e_0370_7344)))
}

/// A uniform 64-bit word for the example whose key hashes to `key_hash` under `salt` (its
/// bits are the sign flips of 64 randomization trials).
#[inline]
pub fn uniform(salt: u64, key_hash: u64) -> u64 {
    fmix64(key_hash ^ salt)
}

/// The weight of the example whose key hashes to `key_hash` in the resample salted `salt`.
#[inline]
pub fn weight(salt: u64, key_hash: u64) -> u64 {
    let u = uniform(salt, key_hash);
    // Branch-free for w ≤ 4 (99.6% of draws), a loop for the tail.
    let w = u64::from(u >= CDF[0])
        + u64::from(u >= CDF[1])
        + u64::from(u >= CDF[2])
        + u64::from(u >= CDF[3])
        + u64::from(u >= CDF[4]);
    if w < 5 {
        return w;
    }
    let mut w = 5;
    while (w as usize) < CDF.len() && u >= CDF[w as usize] {
        w += 1;
    }
    w
}

vectorized! {
    /// Writes the weights of the examples whose keys hash to `key_hashes` in the resample
    /// salted `salt` into `out` and returns their sum: [`weight`] of each, computed
    /// branch-free for the common weights.
    pub fn weights_into(salt: u64, key_hashes: &[u64], out: &mut [u32]) -> u64 = weights_portable
}

#[inline(always)]
fn weights_portable(salt: u64, key_hashes: &[u64], out: &mut [u32]) -> u64 {
    let mut tail = 0u32;
    for (w, &h) in out.iter_mut().zip(key_hashes) {
        let u = uniform(salt, h);
        *w = u32::from(u >= CDF[0])
            + u32::from(u >= CDF[1])
            + u32::from(u >= CDF[2])
            + u32::from(u >= CDF[3])
            + u32::from(u >= CDF[4]);
        tail |= u32::from(u >= CDF[4]);
    }
    if tail != 0 {
        for (w, &h) in out.iter_mut().zip(key_hashes) {
            if *w == 5 {
                *w = tail_weight(salt, h);
            }
        }
    }
    out.iter().map(|&w| u64::from(w)).sum()
}

/// [`weight`] of one of the few examples drawn 5 or more (one in 270), kept out of line so
/// that the pass that finds them stays a scan: inlined, the compiler computed every example's
/// weight again, vectorized, in the three tiles out of five that hold such an example.
#[inline(never)]
fn tail_weight(salt: u64, key_hash: u64) -> u32 {
    weight(salt, key_hash) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The weights are part of every report's intervals: this pins a few of them (values from
    /// an independent Python implementation of the same definition,
    /// `scripts/poisson_weights_reference.py`).
    #[test]
    fn weights_are_stable() {
        let salt = resample_salt(42, 7);
        let w: Vec<u64> = (0..12).map(|k| weight(salt, k * 0x9e37_79b9)).collect();
        assert_eq!(w, [2, 1, 1, 0, 1, 0, 2, 3, 3, 1, 1, 3]);
    }

    /// The batch draw (vectorized where the CPU allows) gives [`weight`]'s values, the tail
    /// of weights of 5 and more included.
    #[test]
    fn weights_into_equals_weight() {
        let hashes: Vec<u64> = (0..5000u64)
            .map(|k| k.wrapping_mul(0x9e37_79b9_7f4a_7c15))
            .collect();
        let mut tails = 0;
        for i in 0..20 {
            let salt = resample_salt(9, i);
            let mut out = vec![0u32; hashes.len()];
            let sum = weights_into(salt, &hashes, &mut out);
            let expected: Vec<u32> = hashes.iter().map(|&h| weight(salt, h) as u32).collect();
            assert_eq!(out, expected);
            assert_eq!(sum, expected.iter().map(|&w| u64::from(w)).sum::<u64>());
            tails += expected.iter().filter(|&&w| w >= 5).count();
        }
        assert!(tails > 0, "no weight of 5 or more was drawn");
    }

    /// Over many draws the weights have the Poisson(1) mean, variance and P(0).
    #[test]
    fn weights_are_poisson_1() {
        let n = 400_000u64;
        let (mut sum, mut sq, mut zeros) = (0u64, 0u64, 0u64);
        for i in 0..40 {
            let salt = resample_salt(1, i);
            for k in 0..n / 40 {
                let w = weight(salt, k.wrapping_mul(0x2545_f491_4f6c_dd1d));
                sum += w;
                sq += w * w;
                zeros += u64::from(w == 0);
            }
        }
        let mean = sum as f64 / n as f64;
        let var = sq as f64 / n as f64 - mean * mean;
        let p0 = zeros as f64 / n as f64;
        assert!((mean - 1.0).abs() < 0.01, "mean {mean}");
        assert!((var - 1.0).abs() < 0.02, "variance {var}");
        assert!((p0 - (-1f64).exp()).abs() < 0.005, "P(0) {p0}");
    }

    /// One example's weights across resamples are independent of another's.
    #[test]
    fn weights_of_two_examples_are_uncorrelated() {
        let (a, b) = (0x1234_5678_9abc_def0u64, 0x1234_5678_9abc_def1u64);
        let n = 100_000;
        let (mut sa, mut sb, mut sab) = (0f64, 0f64, 0f64);
        for i in 0..n {
            let salt = resample_salt(3, i);
            let (x, y) = (weight(salt, a) as f64, weight(salt, b) as f64);
            sa += x;
            sb += y;
            sab += x * y;
        }
        let n = n as f64;
        let cov = sab / n - (sa / n) * (sb / n);
        assert!(cov.abs() < 0.02, "covariance {cov}");
    }
}
