//! Mergeable sums of per-example scores: the count, the sum of every column, and per
//! Poisson-bootstrap resample the total weight and the weighted sum of every column.
//!
//! Values are held in fixed point, as integers in [0, 2^63] (each column by its
//! [`Scale`]), and summed in `u128`: integer addition is associative and commutative, so the
//! sums (and everything divided out of them once at the end) do not depend on the order or
//! partitioning of the examples.

use super::bootstrap::{Interval, percentile};
use super::lanes::lane_dots;
use super::poisson::{resample_salt, weights_into};
use super::scale::Scale;
use rayon::prelude::*;

/// Most examples one set of sums may hold: with weights ≤ 20 and values ≤ 2^63, no `u128`
/// sum can overflow below it.
pub const MAX_COUNT: u64 = 1 << 58;

/// Sums of `width` columns over a set of examples; see the module documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sums {
    width: usize,
    count: u64,
    sums: Vec<u128>,
    /// Total weight of each resample.
    weights: Vec<u64>,
    /// Weighted sums, resample-major (`resamples × width`).
    resampled: Vec<u128>,
}

/// The sums could not be merged or rebuilt (different shapes, or counts out of range).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SumsError(pub String);

impl Sums {
    /// Empty sums of `width` columns with `resamples` bootstrap resamples.
    pub fn new(width: usize, resamples: usize) -> Sums {
        Sums {
            width,
            count: 0,
            sums: vec![0; width],
            weights: vec![0; resamples],
            resampled: vec![0; resamples * width],
        }
    }

    pub fn width(&self) -> usize {
        self.width
    }

    pub fn resamples(&self) -> usize {
        self.weights.len()
    }

    pub fn count(&self) -> u64 {
        self.count
    }

    /// Adds examples: `rows` holds `width` fixed-point values per example ([`Scale::encode`]),
    /// `key_hashes` one hash per example of its key. Resamples are filled in parallel.
    pub fn add(&mut self, rows: &[u64], key_hashes: &[u64], seed: u64) {
        let w = self.width;
        let n = key_hashes.len();
        debug_assert_eq!(rows.len(), n * w);
        self.count += n as u64;
        for row in rows.chunks_exact(w.max(1)).take(n) {
            for (s, v) in self.sums.iter_mut().zip(row) {
                *s = s.wrapping_add(u128::from(*v));
            }
        }
        if w == 0 {
            return;
        }
        // Columns equal in every row of this batch (rougeL and rougeLsum without line breaks;
        // the token counts behind several micro figures) are resampled once and copied: the
        // sums are the same, only the work shrinks.
        let (distinct, of_column) = distinct_columns(rows, w, n);
        // Columns whose weighted sums over this batch cannot pass 2^64 (the micro counts) are
        // accumulated in u64, the others (fixed-point scores near 2^63) in u128.
        let narrow_enough = |c: usize| {
            rows.chunks_exact(w)
                .take(n)
                .try_fold(0u64, |acc, row| acc.checked_add(row[c]))
                .and_then(|sum| sum.checked_mul(super::MAX_WEIGHT))
                .is_some()
        };
        let (narrow, wide): (Vec<usize>, Vec<usize>) =
            (0..distinct.len()).partition(|&i| narrow_enough(distinct[i]));
        let (nw, nn) = (wide.len(), narrow.len());
        // Column by column (each column's n values together), for the tiled sums below.
        let columns = |which: &[usize]| -> Vec<u64> {
            let mut out = Vec::with_capacity(which.len() * n);
            for &i in which {
                let d = distinct[i];
                out.extend(rows.chunks_exact(w).take(n).map(|row| row[d]));
            }
            out
        };
        // Every column as one or two lanes of 32-bit values (a value is Σ lane << shift): the
        // weighted sum of a lane over a tile is then a dot product of 32-bit numbers in 64-bit
        // sums (a weight is at most 20, so a tile of 256 stays under 2^42), which the compiler
        // vectorizes. Narrow columns whose values all fit 32 bits take one lane.
        let (wide_columns, narrow_columns) = (columns(&wide), columns(&narrow));
        let mut lanes: Vec<u32> = Vec::new();
        let mut lane_of: Vec<(bool, usize, u32)> = Vec::new();
        for (is_wide, count, values) in [(true, nw, &wide_columns), (false, nn, &narrow_columns)] {
            for c in 0..count {
                let column = &values[c * n..(c + 1) * n];
                if is_wide || column.iter().any(|&v| v > u64::from(u32::MAX)) {
                    lanes.extend(column.iter().map(|&v| (v >> 32) as u32));
                    lane_of.push((is_wide, c, 32));
                }
                lanes.extend(column.iter().map(|&v| v as u32));
                lane_of.push((is_wide, c, 0));
            }
        }
        // Where each distinct column's sums end up: its place among the wide or narrow ones.
        let mut place = vec![(true, 0usize); distinct.len()];
        for (j, &i) in wide.iter().enumerate() {
            place[i] = (true, j);
        }
        for (j, &i) in narrow.iter().enumerate() {
            place[i] = (false, j);
        }
        // Resamples in blocks of 32, examples in tiles of 256 whose columns stay in the
        // first-level cache: per resample, a tile's weights are drawn once, then each column's
        // weighted sum over the tile is a run of multiply-adds in registers (no store per
        // example and column, which bounded the speed before).
        const BLOCK: usize = 32;
        const TILE: usize = 256;
        self.resampled
            .par_chunks_mut(w * BLOCK)
            .zip(self.weights.par_chunks_mut(BLOCK))
            .enumerate()
            .for_each(|(b, (sums, totals))| {
                let resamples = totals.len();
                let salts: Vec<u64> = (0..resamples)
                    .map(|j| resample_salt(seed, (b * BLOCK + j) as u64))
                    .collect();
                let mut acc_wide = vec![0u128; nw * resamples];
                let mut acc_narrow = vec![0u64; nn * resamples];
                let mut ks = [0u32; TILE];
                let mut dots = vec![0u64; lane_of.len()];
                for start in (0..n).step_by(TILE) {
                    let end = (start + TILE).min(n);
                    let ks = &mut ks[..end - start];
                    for (j, &salt) in salts.iter().enumerate() {
                        totals[j] += weights_into(salt, &key_hashes[start..end], ks);
                        lane_dots(ks, &lanes, n, start, &mut dots);
                        for (&dot, &(is_wide, c, shift)) in dots.iter().zip(&lane_of) {
                            let add = u128::from(dot) << shift;
                            if is_wide {
                                let acc = &mut acc_wide[j * nw + c];
                                *acc = acc.wrapping_add(add);
                            } else {
                                let acc = &mut acc_narrow[j * nn + c];
                                *acc = acc.wrapping_add(add as u64);
                            }
                        }
                    }
                }
                for (j, sums) in sums.chunks_exact_mut(w).enumerate() {
                    for (s, &d) in sums.iter_mut().zip(&of_column) {
                        let add = match place[d] {
                            (true, at) => acc_wide[j * nw + at],
                            (false, at) => u128::from(acc_narrow[j * nn + at]),
                        };
                        *s = s.wrapping_add(add);
                    }
                }
            });
    }

    /// Adds `other`'s examples; an error when the shapes differ or the count would exceed
    /// [`MAX_COUNT`].
    pub fn merge(&mut self, other: &Sums) -> Result<(), SumsError> {
        if other.width != self.width || other.weights.len() != self.weights.len() {
            return Err(SumsError(format!(
                "cannot merge sums of {} columns × {} resamples with {} × {}",
                other.width,
                other.weights.len(),
                self.width,
                self.weights.len()
            )));
        }
        let count = self.count.saturating_add(other.count);
        if count > MAX_COUNT {
            return Err(SumsError(format!(
                "more than {MAX_COUNT} examples in one run"
            )));
        }
        // Checked, so that sums read from a damaged state can never wrap into plausible
        // numbers; the result is stored only when every addition succeeded.
        let overflow = || SumsError("the sums overflow: a partial state is damaged".into());
        let add = |a: &[u128], b: &[u128]| -> Result<Vec<u128>, SumsError> {
            a.iter()
                .zip(b)
                .map(|(x, y)| x.checked_add(*y).ok_or_else(overflow))
                .collect()
        };
        let sums = add(&self.sums, &other.sums)?;
        let resampled = add(&self.resampled, &other.resampled)?;
        let weights = self
            .weights
            .iter()
            .zip(&other.weights)
            .map(|(x, y)| x.checked_add(*y).ok_or_else(overflow))
            .collect::<Result<Vec<u64>, _>>()?;
        self.count = count;
        self.sums = sums;
        self.resampled = resampled;
        self.weights = weights;
        Ok(())
    }

    /// The sum of every column.
    pub fn totals(&self) -> &[u128] {
        &self.sums
    }

    /// The weighted column sums of every resample that drew an example, in resample order.
    pub fn resampled_totals(&self) -> impl Iterator<Item = &[u128]> {
        self.resampled
            .chunks_exact(self.width.max(1))
            .zip(&self.weights)
            .filter(|(_, w)| **w > 0)
            .map(|(row, _)| row)
    }

    /// The mean of every column, read at its scale (`scales[c]`; [`Scale::Unit`] past the end).
    pub fn means(&self, scales: &[Scale]) -> Vec<f64> {
        self.sums
            .iter()
            .enumerate()
            .map(|(c, &s)| scale_at(scales, c).mean(s, self.count))
            .collect()
    }

    /// Percentile intervals of every column's mean over the resamples (resamples that drew
    /// no example are left out), read at the columns' scales; `None` without resamples or
    /// examples.
    pub fn intervals(&self, confidence: f64, scales: &[Scale]) -> Option<Vec<Interval>> {
        if self.count == 0 || self.weights.is_empty() {
            return None;
        }
        let tail = (1.0 - confidence) / 2.0;
        let drawn: Vec<usize> = (0..self.weights.len())
            .filter(|&i| self.weights[i] > 0)
            .collect();
        Some(
            (0..self.width)
                .map(|c| {
                    let mut dist: Vec<f64> = drawn
                        .iter()
                        .map(|&i| {
                            scale_at(scales, c)
                                .mean(self.resampled[i * self.width + c], self.weights[i])
                        })
                        .collect();
                    dist.sort_by(f64::total_cmp);
                    Interval {
                        low: percentile(&dist, tail),
                        high: percentile(&dist, 1.0 - tail),
                    }
                })
                .collect(),
        )
    }

    /// The sums as little-endian integers: width, resamples, count, then the column sums,
    /// the resample weights and the weighted sums.
    pub fn write_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&(self.width as u64).to_le_bytes());
        out.extend_from_slice(&(self.weights.len() as u64).to_le_bytes());
        out.extend_from_slice(&self.count.to_le_bytes());
        for s in &self.sums {
            out.extend_from_slice(&s.to_le_bytes());
        }
        for w in &self.weights {
            out.extend_from_slice(&w.to_le_bytes());
        }
        for s in &self.resampled {
            out.extend_from_slice(&s.to_le_bytes());
        }
    }

    /// Reads sums written by [`Sums::write_to`] from the front of `bytes`, expecting
    /// `width` columns and `resamples` resamples; returns the rest of `bytes`.
    pub fn read_from(
        bytes: &[u8],
        width: usize,
        resamples: usize,
    ) -> Result<(Sums, &[u8]), SumsError> {
        let mut r = Reader::new(bytes, "partial state");
        let (w, n, count) = (r.u64()?, r.u64()?, r.u64()?);
        if w != width as u64 || n != resamples as u64 {
            return Err(SumsError(format!(
                "partial state holds {w} columns × {n} resamples, its header says {width} × {resamples}"
            )));
        }
        if count > MAX_COUNT {
            return Err(SumsError(format!(
                "partial state count {count} is out of range"
            )));
        }
        let sums: Vec<u128> = r.many(width, Reader::u128)?;
        let weights: Vec<u64> = r.many(resamples, Reader::u64)?;
        let resampled: Vec<u128> = r.many(width * resamples, Reader::u128)?;
        // Every score is at most 1 (2^63 in fixed point) and every weight at most MAX_WEIGHT:
        // a sum beyond what its count or weight allows comes from an edited state.
        let most = |n: u64| u128::from(n) << 63;
        if let Some(c) = sums.iter().position(|&s| s > most(count)) {
            return Err(SumsError(format!(
                "partial state column {c} sums to more than its {count} examples can"
            )));
        }
        if let Some(i) = weights
            .iter()
            .position(|&w| u128::from(w) > u128::from(count) * u128::from(super::MAX_WEIGHT))
        {
            return Err(SumsError(format!(
                "partial state resample {i} weighs more than its {count} examples can"
            )));
        }
        for (i, &w) in weights.iter().enumerate() {
            let row = &resampled[i * width..(i + 1) * width];
            if row.iter().any(|&s| s > most(w)) {
                return Err(SumsError(format!(
                    "partial state resample {i} sums to more than its weight {w} allows"
                )));
            }
        }
        Ok((
            Sums {
                width,
                count,
                sums,
                weights,
                resampled,
            },
            r.rest(),
        ))
    }
}

/// The columns of `rows` (`n` rows of `w`) that differ from every earlier column somewhere,
/// and for each column the index among them of the one it equals.
fn distinct_columns(rows: &[u64], w: usize, n: usize) -> (Vec<usize>, Vec<usize>) {
    use std::hash::{BuildHasher, Hasher};
    let hasher = rustc_hash::FxBuildHasher;
    let digests: Vec<u64> = (0..w)
        .map(|c| {
            let mut h = hasher.build_hasher();
            for row in rows.chunks_exact(w).take(n) {
                h.write_u64(row[c]);
            }
            h.finish()
        })
        .collect();
    let same = |a: usize, b: usize| {
        digests[a] == digests[b] && rows.chunks_exact(w).take(n).all(|row| row[a] == row[b])
    };
    let mut distinct: Vec<usize> = Vec::with_capacity(w);
    let mut of_column = Vec::with_capacity(w);
    for c in 0..w {
        match distinct.iter().position(|&d| same(d, c)) {
            Some(i) => of_column.push(i),
            None => {
                of_column.push(distinct.len());
                distinct.push(c);
            }
        }
    }
    (distinct, of_column)
}

fn scale_at(scales: &[Scale], c: usize) -> Scale {
    scales.get(c).copied().unwrap_or_default()
}

/// Little-endian numbers read from the front of a state's bytes; running short is an error
/// naming the state (`what`).
pub(super) struct Reader<'a> {
    rest: &'a [u8],
    what: &'static str,
}

impl<'a> Reader<'a> {
    pub(super) fn new(bytes: &'a [u8], what: &'static str) -> Reader<'a> {
        Reader { rest: bytes, what }
    }

    /// The bytes not read yet.
    pub(super) fn rest(&self) -> &'a [u8] {
        self.rest
    }

    fn take<const N: usize>(&mut self) -> Result<[u8; N], SumsError> {
        if self.rest.len() < N {
            return Err(SumsError(format!("{} is truncated", self.what)));
        }
        let (head, tail) = self.rest.split_at(N);
        self.rest = tail;
        let mut out = [0u8; N];
        out.copy_from_slice(head);
        Ok(out)
    }

    pub(super) fn u64(&mut self) -> Result<u64, SumsError> {
        self.take().map(u64::from_le_bytes)
    }

    pub(super) fn u128(&mut self) -> Result<u128, SumsError> {
        self.take().map(u128::from_le_bytes)
    }

    pub(super) fn i128(&mut self) -> Result<i128, SumsError> {
        self.take().map(i128::from_le_bytes)
    }

    /// `n` numbers read by `one`; a count the bytes cannot hold fails before allocating.
    pub(super) fn many<T>(
        &mut self,
        n: usize,
        one: fn(&mut Self) -> Result<T, SumsError>,
    ) -> Result<Vec<T>, SumsError> {
        if n > self.rest.len() {
            return Err(SumsError(format!("{} is truncated", self.what)));
        }
        (0..n).map(|_| one(self)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::poisson::weight;

    fn sums_of(rows: &[(u64, [f64; 2])], resamples: usize) -> Sums {
        let mut s = Sums::new(2, resamples);
        let fixed: Vec<u64> = rows
            .iter()
            .flat_map(|(_, r)| r.iter().map(|v| Scale::Unit.encode(*v)))
            .collect();
        let keys: Vec<u64> = rows.iter().map(|(k, _)| *k).collect();
        s.add(&fixed, &keys, 9);
        s
    }

    #[test]
    fn means_and_intervals_do_not_depend_on_order_or_split() {
        let rows: Vec<(u64, [f64; 2])> = (0..300u64)
            .map(|i| {
                (
                    i.wrapping_mul(0x9e37_79b9_7f4a_7c15),
                    [(i % 7) as f64 / 7.0, 0.1],
                )
            })
            .collect();
        let whole = sums_of(&rows, 200);
        let mut reversed: Vec<_> = rows.clone();
        reversed.reverse();
        let mut parts = sums_of(&reversed[..17], 200);
        parts
            .merge(&sums_of(&reversed[17..], 200))
            .expect("same shape");
        assert_eq!(parts, whole);
        let means = whole.means(&[]);
        assert!((means[0] - 3.0 / 7.0).abs() < 0.01);
        let iv = whole.intervals(0.95, &[]).expect("resampled");
        assert!(iv[0].low < means[0] && means[0] < iv[0].high);
        assert!((iv[1].low - 0.1).abs() < 1e-15 && (iv[1].high - 0.1).abs() < 1e-15);
    }

    /// The shortcuts of `add` (equal columns resampled once, small counts in u64) give the
    /// sums of the plain definition.
    #[test]
    fn add_equals_the_plain_weighted_sums() {
        let (w, n, resamples, seed) = (8, 300, 40, 5);
        let rows: Vec<u64> = (0..n as u64)
            .flat_map(|i| {
                let score = Scale::Unit.encode((i % 13) as f64 / 13.0);
                // Scores (wide), a duplicate of one, token counts (narrow), a duplicate count,
                // a constant, a count too large for u64 sums, a score again, and a narrow
                // column whose values pass 32 bits (two lanes).
                [
                    score,
                    score,
                    i % 50,
                    i % 50,
                    3,
                    u64::MAX / 8,
                    Scale::Unit.encode(0.25),
                    (1 << 33) + i * 977,
                ]
            })
            .collect();
        let keys: Vec<u64> = (0..n as u64)
            .map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15))
            .collect();
        let mut fast = Sums::new(w, resamples);
        fast.add(&rows, &keys, seed);
        let mut plain = Sums::new(w, resamples);
        plain.count = n as u64;
        for (row, &h) in rows.chunks_exact(w).zip(&keys) {
            for (s, v) in plain.sums.iter_mut().zip(row) {
                *s = s.wrapping_add(u128::from(*v));
            }
            for r in 0..resamples {
                let k = weight(resample_salt(seed, r as u64), h);
                plain.weights[r] += k;
                for (s, v) in plain.resampled[r * w..(r + 1) * w].iter_mut().zip(row) {
                    *s = s.wrapping_add(u128::from(k) * u128::from(*v));
                }
            }
        }
        assert_eq!(fast, plain);
    }

    #[test]
    fn bytes_round_trip_and_truncation_is_an_error() {
        let s = sums_of(&[(1, [0.25, 1.0]), (2, [0.5, 0.0])], 10);
        let mut bytes = Vec::new();
        s.write_to(&mut bytes);
        let (back, rest) = Sums::read_from(&bytes, 2, 10).expect("well formed");
        assert_eq!((back, rest.len()), (s, 0));
        assert!(Sums::read_from(&bytes[..bytes.len() - 1], 2, 10).is_err());
        assert!(Sums::read_from(&bytes, 3, 10).is_err());
    }

    #[test]
    fn merging_different_shapes_is_an_error() {
        let mut a = Sums::new(2, 10);
        assert!(a.merge(&Sums::new(2, 11)).is_err());
        assert!(a.merge(&Sums::new(3, 10)).is_err());
    }

    #[test]
    fn merging_sums_that_would_wrap_is_an_error_and_leaves_the_sums_unchanged() {
        let mut a = sums_of(&[(1, [0.5, 0.5])], 2);
        let mut b = a.clone();
        b.sums[0] = u128::MAX;
        let before = a.clone();
        assert!(a.merge(&b).is_err());
        assert_eq!(a, before);
    }
}
