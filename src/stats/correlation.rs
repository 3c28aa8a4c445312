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
    let mean = |v: &[f64]| v.iter().sum::<f64>() / n as f64;
    let (mx, my) = (mean(&x[..n]), mean(&y[..n]));
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
/// ties (O(n²): for the sizes of human-rating studies).
pub fn kendall(x: &[f64], y: &[f64], variant: KendallVariant) -> Option<f64> {
    let n = x.len().min(y.len());
    if n < 2 {
        return None;
    }
    let (mut concordant, mut discordant, mut tie_x, mut tie_y) = (0u64, 0u64, 0u64, 0u64);
    for i in 0..n {
        for j in i + 1..n {
            let (dx, dy) = (x[i] - x[j], y[i] - y[j]);
            match (dx == 0.0, dy == 0.0) {
                (true, true) => {}
                (true, false) => tie_x += 1,
                (false, true) => tie_y += 1,
                (false, false) if (dx > 0.0) == (dy > 0.0) => concordant += 1,
                (false, false) => discordant += 1,
            }
        }
    }
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

    #[test]
    fn perfect_and_undefined_cases() {
        let x = [1.0, 2.0, 3.0];
        assert!(pearson(&x, &[2.0, 4.0, 6.0]).is_some_and(|r| (r - 1.0).abs() < 1e-15));
        assert_eq!(kendall(&x, &[3.0, 2.0, 1.0], KendallVariant::B), Some(-1.0));
        assert_eq!(spearman(&x, &[5.0, 5.0, 5.0]), None);
        assert_eq!(pearson(&[1.0], &[1.0]), None);
    }
}
