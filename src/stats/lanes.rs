//! The bootstrap's inner loop: weighted sums of 32-bit lanes over a tile of examples, as dot
//! products the compiler vectorizes (AVX-512 or AVX2 where the CPU has it, checked at run time).

vectorized! {
    /// For each lane (`lanes` holds them one after another, `n` values each), the dot product
    /// of the tile's weights `ks` with its values from `start`: 32-bit numbers in 64-bit sums.
    pub(super) fn lane_dots(ks: &[u32], lanes: &[u32], n: usize, start: usize, dots: &mut [u64]) -> () = lane_dots_portable
}

#[inline(always)]
fn lane_dots_portable(ks: &[u32], lanes: &[u32], n: usize, start: usize, dots: &mut [u64]) {
    for (l, dot) in dots.iter_mut().enumerate() {
        let values = &lanes[l * n + start..l * n + start + ks.len()];
        *dot = ks
            .iter()
            .zip(values)
            .map(|(&k, &v)| u64::from(k) * u64::from(v))
            .sum();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The vectorized lane sums (AVX-512 or AVX2 where the CPU has it) are the portable ones.
    #[test]
    fn lane_dots_do_not_depend_on_the_instruction_set() {
        let n = 300;
        let lanes: Vec<u32> = (0..3 * n as u64)
            .map(|i| (i.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as u32)
            .collect();
        let ks: Vec<u32> = (0..200).map(|i| (i * 7 % 21) as u32).collect();
        let (mut fast, mut portable) = (vec![0u64; 3], vec![0u64; 3]);
        lane_dots(&ks, &lanes, n, 57, &mut fast);
        lane_dots_portable(&ks, &lanes, n, 57, &mut portable);
        assert_eq!(fast, portable);
        let by_hand: u64 = (0..200)
            .map(|i| u64::from(ks[i]) * u64::from(lanes[n + 57 + i]))
            .sum();
        assert_eq!(portable[1], by_hand);
    }
}
