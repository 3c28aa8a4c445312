//! How a column's values are held in fixed point: every sum in [`super::Sums`] and
//! [`super::PairedSums`] is an integer sum of `u64` values in [0, 2^63], so that it is exact and
//! independent of order and partitioning. A computed score in [0, 1] and a supplied score of
//! any sign map into that range differently; the scale of a column says which, and turns its
//! sums back into means and differences with one rounding.

use crate::metrics::Metric;

/// 2^63: a computed score of 1.
const UNIT: f64 = 9_223_372_036_854_775_808.0;
/// 2^32: the resolution of a supplied score is 2^-32.
const OPEN: f64 = 4_294_967_296.0;
/// 2^62: a supplied score of 0.
const OPEN_ZERO: i64 = 1 << 62;
/// 2^53: the largest count held (every whole number up to it is exact in an `f64`).
const MAX_COUNT: f64 = 9_007_199_254_740_992.0;

/// The fixed-point form of one column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scale {
    /// Computed scores in [0, 1] (clamped; NaN is 0) as `round(v · 2^63)`: exact for every
    /// value ≥ 2^-10, within 2^-64 below.
    #[default]
    Unit,
    /// Supplied scores within ±2^30 ([`crate::metrics::supplied::MAX_MAGNITUDE`]) as
    /// `2^62 + round(v · 2^32)`: exact for every value that is a multiple of 2^-32, within
    /// 2^-33 otherwise (a BERTScore or a judge's grade keeps every digit it is printed with).
    Open,
    /// Whole counts in [0, 2^53] (the micro columns of [`crate::metrics::micro`]) as
    /// themselves: only their sums and ratios of sums are read.
    Count,
}

impl Scale {
    /// The scale of a metric's three columns.
    pub fn of(metric: &Metric) -> Scale {
        if metric.is_supplied() {
            Scale::Open
        } else {
            Scale::Unit
        }
    }

    /// The scale of the metric a report names (`extra:…` is supplied).
    pub fn of_name(name: &str) -> Scale {
        name.parse::<Metric>()
            .map(|m| Scale::of(&m))
            .unwrap_or_default()
    }

    /// The scale of each of the `3 × metrics` columns of a run.
    pub fn columns(metrics: &[Metric]) -> Vec<Scale> {
        metrics.iter().flat_map(|m| [Scale::of(m); 3]).collect()
    }

    /// `v` in fixed point, in [0, 2^63].
    pub fn encode(self, v: f64) -> u64 {
        let v = if v.is_nan() { 0.0 } else { v };
        match self {
            Scale::Unit => (v.clamp(0.0, 1.0) * UNIT).round() as u64,
            Scale::Open => {
                let limit = crate::metrics::supplied::MAX_MAGNITUDE;
                let x = (v.clamp(-limit, limit) * OPEN).round() as i64;
                // In [0, 2^63]: 2^62 ± at most 2^62.
                (i128::from(OPEN_ZERO) + i128::from(x)) as u64
            }
            Scale::Count => v.clamp(0.0, MAX_COUNT) as u64,
        }
    }

    /// The mean of values whose fixed-point sum is `sum` and total weight `n` (0 when `n` is 0).
    pub fn mean(self, sum: u128, n: u64) -> f64 {
        if n == 0 {
            return 0.0;
        }
        match self {
            Scale::Unit => sum as f64 / UNIT / n as f64,
            Scale::Count => sum as f64 / n as f64,
            Scale::Open => {
                // Exact: sum ≤ n · 2^63 < 2^122.
                let centred = sum as i128 - (i128::from(n) << 62);
                centred as f64 / OPEN / n as f64
            }
        }
    }

    /// The mean difference of pairs whose fixed-point differences sum to `diff`, over total
    /// weight `n` (the offset of [`Scale::Open`] cancels in a difference).
    pub fn mean_difference(self, diff: i128, n: u64) -> f64 {
        if n == 0 {
            return 0.0;
        }
        let one = match self {
            Scale::Unit => UNIT,
            Scale::Open => OPEN,
            Scale::Count => 1.0,
        };
        diff as f64 / one / n as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_scale_is_the_historical_fixed_point() {
        for v in [0.0, 1.0, 0.5, 1.0 / 3.0, 2f64.powi(-10)] {
            assert_eq!(Scale::Unit.mean(u128::from(Scale::Unit.encode(v)), 1), v);
        }
        assert_eq!(Scale::Unit.encode(f64::NAN), 0);
        assert_eq!(Scale::Unit.encode(7.0), 1 << 63);
    }

    #[test]
    fn open_scale_keeps_sign_and_magnitude_within_range() {
        let limit = crate::metrics::supplied::MAX_MAGNITUDE;
        for v in [0.0, -1.0, 7.25, -limit, limit, 0.8734, 123_456.789] {
            let e = Scale::Open.encode(v);
            assert!(e <= 1 << 63);
            let back = Scale::Open.mean(u128::from(e), 1);
            assert!((back - v).abs() <= 2f64.powi(-33), "{v} {back}");
        }
        let values = [4.0, 5.0, -2.5, 9.75];
        let sum: u128 = values
            .iter()
            .map(|v| u128::from(Scale::Open.encode(*v)))
            .sum();
        assert_eq!(Scale::Open.mean(sum, 4), 4.0625);
        let diff = i128::from(Scale::Open.encode(3.5)) - i128::from(Scale::Open.encode(5.0));
        assert_eq!(Scale::Open.mean_difference(diff, 1), -1.5);
    }

    #[test]
    fn supplied_metrics_are_open_and_computed_ones_unit() {
        assert_eq!(Scale::of_name("extra:judge"), Scale::Open);
        assert_eq!(Scale::of_name("extra:wer:lower"), Scale::Open);
        assert_eq!(Scale::of_name("rouge1"), Scale::Unit);
    }
}
