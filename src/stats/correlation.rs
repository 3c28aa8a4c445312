//! Correlation coefficients between a metric's scores and human ratings, as `scipy.stats`
//! computes them: Pearson's r, Spearman's ρ (Pearson's r of average ranks) and Kendall's τ in
//! its b (ties corrected) and c (Stuart's, for rectangular tables) variants. Each is `None`
//! where scipy returns NaN: fewer than two values, or a side without variation.

/// Kendall's τ variant, named as `scipy.stats.kendalltau(variant=…)` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KendallVariant {
    B,
    C,
}

/// Pearson's r of `x` and `y` (equal lengths).
pub fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len().min(y.len());
    if n < 2 {
        return None;
    }
    // Scaled by a power of two (exact) to a largest magnitude near 1, so that no sum or
    // square overflows or underflows: the coefficient does not depend on the scale, and for
    // values that never overflowed the result is bit for bit what it was unscaled.
    let (x, y) = (power_of_two_scaled(&x[..n]), power_of_two_scaled(&y[..n]));
    let mean = |v: &[f64]| v.iter().sum::<f64>() / n as f64;
    let (mx, my) = (mean(&x), mean(&y));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        let (dx, dy) = (a - mx, b - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if sxx == 0.0 || syy == 0.0 {
        return None;
    }
    Some((sxy / (sxx.sqrt() * syy.sqrt())).clamp(-1.0, 1.0))
}

/// `v` times the power of two that brings its largest magnitude into [1, 2).
fn power_of_two_scaled(v: &[f64]) -> Vec<f64> {
    let largest = v.iter().fold(0.0f64, |m, a| m.max(a.abs()));
    if largest == 0.0 || !largest.is_finite() {
        return v.to_vec();
    }
    let exponent = largest.log2().floor() as i32;
    // Two steps, so that neither factor overflows for subnormal or huge magnitudes.
    let (a, b) = (-exponent / 2, -exponent - (-exponent / 2));
    let (fa, fb) = (2f64.powi(a), 2f64.powi(b));
    v.iter().map(|x| x * fa * fb).collect()
}

/// The 1-based ranks of `v`, ties given their average rank (`scipy.stats.rankdata`).
pub fn average_ranks(v: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..v.len()).collect();
    order.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut ranks = vec![0.0; v.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i + 1;
        while j < order.len() && v[order[j]] == v[order[i]] {
            j += 1;
        }
        // Positions i..j (0-based) share the mean of ranks i+1..=j.
        let rank = (i + 1 + j) as f64 / 2.0;
        for &k in &order[i..j] {
            ranks[k] = rank;
        }
        i = j;
    }
    ranks
}

/// Spearman's ρ: Pearson's r of the average ranks.
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len().min(y.len());
    pearson(&average_ranks(&x[..n]), &average_ranks(&y[..n]))
}

/// Kendall's τ of `x` and `y` in `variant`, from the concordant and discordant pairs and the
/// ties, counted in O(n log n) (Knight 1966: sort by x then y, count the pairs tied in x, in y
/// and in both, and the discordant pairs as the inversions of a merge sort on y).
pub fn kendall(x: &[f64], y: &[f64], variant: KendallVariant) -> Option<f64> {
    let n = x.len().min(y.len());
    if n < 2 {
        return None;
    }
    let (concordant, discordant, tie_x, tie_y) = pair_counts(&x[..n], &y[..n]);
    let s = concordant as f64 - discordant as f64;
    match variant {
        KendallVariant::B => {
            let untied_x = (concordant + discordant + tie_y) as f64;
            let untied_y = (concordant + discordant + tie_x) as f64;
            if untied_x == 0.0 || untied_y == 0.0 {
                return None;
            }
            Some((s / (untied_x.sqrt() * untied_y.sqrt())).clamp(-1.0, 1.0))
        }
        KendallVariant::C => {
            let classes = |v: &[f64]| {
                let mut v = v[..n].to_vec();
                v.sort_by(f64::total_cmp);
                v.dedup();
                v.len()
            };
            let m = classes(x).min(classes(y)) as f64;
            if m < 2.0 {
                return None;
            }
            let size = n as f64;
            Some((2.0 * s / (size * size * (m - 1.0) / m)).clamp(-1.0, 1.0))
        }
    }
}

/// Pairs of `x` and `y` (equal lengths, finite values): concordant, discordant, tied in x
/// only, tied in y only.
fn pair_counts(x: &[f64], y: &[f64]) -> (u64, u64, u64, u64) {
    // -0.0 and 0.0 are one value (a difference of 0), as `==` has it.
    let mut points: Vec<(f64, f64)> = x.iter().zip(y).map(|(a, b)| (a + 0.0, b + 0.0)).collect();
    points.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let pairs = |t: u64| t * t.saturating_sub(1) / 2;
    let (mut tied_x, mut tied_both) = (0u64, 0u64);
    let mut i = 0;
    while i < points.len() {
        let mut j = i + 1;
        while j < points.len() && points[j].0 == points[i].0 {
            j += 1;
        }
        tied_x += pairs((j - i) as u64);
        let mut k = i;
        while k < j {
            let mut l = k + 1;
            while l < j && points[l].1 == points[k].1 {
                l += 1;
            }
            tied_both += pairs((l - k) as u64);
            k = l;
        }
        i = j;
    }
    let mut ys: Vec<f64> = points.iter().map(|p| p.1).collect();
    let mut buffer = vec![0.0; ys.len()];
    let discordant = inversions(&mut ys, &mut buffer);
    // `ys` is now sorted.
    let mut tied_y = 0u64;
    let mut i = 0;
    while i < ys.len() {
        let mut j = i + 1;
        while j < ys.len() && ys[j] == ys[i] {
            j += 1;
        }
        tied_y += pairs((j - i) as u64);
        i = j;
    }
    let all = pairs(x.len() as u64);
    let untied = all + tied_both - tied_x - tied_y;
    (
        untied - discordant,
        discordant,
        tied_x - tied_both,
        tied_y - tied_both,
    )
}

/// Sorts `v` and returns the number of pairs i < j with v[i] > v[j].
fn inversions(v: &mut [f64], buffer: &mut [f64]) -> u64 {
    let n = v.len();
    if n <= 16 {
        // Insertion sort: each shift past a larger value is one inversion.
        let mut count = 0u64;
        for i in 1..n {
            let value = v[i];
            let mut j = i;
            while j > 0 && v[j - 1] > value {
                v[j] = v[j - 1];
                j -= 1;
                count += 1;
            }
            v[j] = value;
        }
        return count;
    }
    let mid = n / 2;
    let (left, right) = v.split_at_mut(mid);
    let mut count = inversions(left, &mut buffer[..mid]) + inversions(right, &mut buffer[mid..]);
    let (mut i, mut j, mut k) = (0, 0, 0);
    while i < left.len() && j < right.len() {
        if right[j] < left[i] {
            count += (left.len() - i) as u64;
            buffer[k] = right[j];
            j += 1;
        } else {
            buffer[k] = left[i];
            i += 1;
        }
        k += 1;
    }
    buffer[k..k + left.len() - i].copy_from_slice(&left[i..]);
    k += left.len() - i;
    buffer[k..k + right.len() - j].copy_from_slice(&right[j..]);
    v.copy_from_slice(&buffer[..n]);
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_average_ties_like_rankdata() {
        assert_eq!(
            average_ranks(&[10.0, 20.0, 10.0, 30.0]),
            [1.5, 3.0, 1.5, 4.0]
        );
    }

    /// The quadratic count the O(n log n) one replaced.
    fn pair_counts_quadratic(x: &[f64], y: &[f64]) -> (u64, u64, u64, u64) {
        let (mut c, mut d, mut tx, mut ty) = (0, 0, 0, 0);
        for i in 0..x.len() {
            for j in i + 1..x.len() {
                let (dx, dy) = (x[i] - x[j], y[i] - y[j]);
                match (dx == 0.0, dy == 0.0) {
                    (true, true) => {}
                    (true, false) => tx += 1,
                    (false, true) => ty += 1,
                    (false, false) if (dx > 0.0) == (dy > 0.0) => c += 1,
                    (false, false) => d += 1,
                }
            }
        }
        (c, d, tx, ty)
    }

    #[test]
    fn pair_counts_equal_the_quadratic_count() {
        let mut state = 7u64;
        let mut next = |k: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % k
        };
        for n in [2usize, 3, 5, 17, 100, 333] {
            for levels in [2u64, 5, 1000] {
                let x: Vec<f64> = (0..n).map(|_| next(levels) as f64 - 2.0).collect();
                let mut y: Vec<f64> = (0..n).map(|_| next(levels) as f64 / 4.0).collect();
                y[0] = -0.0;
                assert_eq!(
                    pair_counts(&x, &y),
                    pair_counts_quadratic(&x, &y),
                    "{n} {levels}"
                );
            }
        }
    }

    #[test]
    fn pearson_is_scale_invariant() {
        let x = [0.1, 0.4, 0.35, 0.8, 0.6];
        let y = [1.0, 3.0, 2.0, 5.0, 3.5];
        let r = pearson(&x, &y);
        for factor in [1e154, 1e-200, 1e300] {
            let big: Vec<f64> = y.iter().map(|v| v * factor).collect();
            let got = pearson(&x, &big);
            assert!(
                got.zip(r).is_some_and(|(a, b)| (a - b).abs() < 1e-12),
                "{factor}: {got:?} vs {r:?}"
            );
        }
    }

    #[test]
    fn perfect_and_undefined_cases() {
        let x = [1.0, 2.0, 3.0];
        assert!(pearson(&x, &[2.0, 4.0, 6.0]).is_some_and(|r| (r - 1.0).abs() < 1e-15));
        assert_eq!(kendall(&x, &[3.0, 2.0, 1.0], KendallVariant::B), Some(-1.0));
        assert_eq!(spearman(&x, &[5.0, 5.0, 5.0]), None);
        assert_eq!(pearson(&[1.0], &[1.0]), None);
    }
}
