//! A portable seeded generator: ChaCha8 with the resample index as its stream, so resample i
//! draws the same numbers on any machine and for any thread count.

use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};

/// The generator for resample `index` under `seed`.
pub fn resample_rng(seed: u64, index: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(index);
    rng
}

/// Draws uniform indices below a bound, without modulo bias (Lemire's method with rejection).
pub struct Resampler {
    rng: ChaCha8Rng,
}

impl Resampler {
    pub fn new(seed: u64, index: u64) -> Self {
        Resampler {
            rng: resample_rng(seed, index),
        }
    }

    /// 64 uniform random bits.
    pub fn bits(&mut self) -> u64 {
        self.rng.next_u64()
    }

    /// A uniform integer in `0..bound`; `bound` must be positive.
    pub fn below(&mut self, bound: u64) -> u64 {
        let threshold = bound.wrapping_neg() % bound;
        loop {
            let x = self.rng.next_u64();
            let m = (x as u128) * (bound as u128);
            if (m as u64) >= threshold {
                return (m >> 64) as u64;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_and_index_same_draws() {
        let a: Vec<u64> = (0..5).map(|_| Resampler::new(1, 7).below(10)).collect();
        let mut r = Resampler::new(1, 7);
        let first = r.below(10);
        assert!(a.iter().all(|&x| x == first));
        let mut other = Resampler::new(1, 8);
        let x: Vec<u64> = (0..20).map(|_| r.below(1000)).collect();
        let y: Vec<u64> = (0..20).map(|_| other.below(1000)).collect();
        assert_ne!(x, y);
        assert!(x.iter().all(|&v| v < 1000));
    }
}
