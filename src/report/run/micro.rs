//! The corpus-level ("micro") block of a report: per metric with micro columns
//! ([`crate::metrics::micro`]), precision, recall and F from the columns summed over the run,
//! and their percentile intervals over the same keyed bootstrap resamples as the means.

use crate::metrics::{Metric, RefMode, micro};
use crate::report::{MetricSummary, Stat};
use crate::stats::{Scale, Sums, percentile};

/// Where each metric's micro columns sit in a run's sums, after its `3 × metrics` values.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MicroLayout {
    /// (metric index, metric, first column, columns).
    spans: Vec<(usize, Metric, usize, usize)>,
    width: usize,
    alpha: f64,
}

impl MicroLayout {
    /// The layout of a run of `metrics`, read from its signature fields (`refs`, `alpha`).
    pub(crate) fn of(
        metrics: &[Metric],
        fields: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<MicroLayout, String> {
        let field = |k: &str| fields.get(k).and_then(|v| v.as_str());
        let refs = match field("refs") {
            Some(r) => crate::options::parse_refs(r).map_err(|e| e.to_string())?,
            None => RefMode::Max,
        };
        let alpha = match field("alpha") {
            Some(a) => a
                .parse::<f64>()
                .ok()
                .filter(|a| (0.0..=1.0).contains(a))
                .ok_or_else(|| format!("signature field alpha '{a}' is not in [0, 1]"))?,
            None => 0.5,
        };
        let mut spans = Vec::new();
        let mut column = 3 * metrics.len();
        for (m, metric) in metrics.iter().enumerate() {
            let w = micro::width(*metric, refs);
            if w > 0 {
                spans.push((m, *metric, column, w));
                column += w;
            }
        }
        Ok(MicroLayout {
            width: column - 3 * metrics.len(),
            spans,
            alpha,
        })
    }

    /// No micro columns.
    pub(crate) fn none() -> MicroLayout {
        MicroLayout {
            spans: Vec::new(),
            width: 0,
            alpha: 0.5,
        }
    }

    /// The micro columns per example.
    pub(crate) fn width(&self) -> usize {
        self.width
    }

    /// Adds the micro figures of `sums` to `summaries` (in metric order).
    pub(crate) fn add_to(
        &self,
        summaries: &mut [(String, MetricSummary)],
        sums: &Sums,
        confidence: f64,
    ) {
        let figures = |totals: &[u128], at: usize, w: usize, metric: Metric| {
            let cols: Vec<f64> = totals[at..at + w].iter().map(|&v| v as f64).collect();
            micro::prf(metric, &cols, self.alpha)
        };
        for &(m, metric, at, w) in &self.spans {
            let Some((_, summary)) = summaries.get_mut(m) else {
                continue;
            };
            if sums.totals().len() < at + w {
                continue;
            }
            let whole = figures(sums.totals(), at, w, metric);
            let mut dist: [Vec<f64>; 3] = Default::default();
            for row in sums.resampled_totals() {
                let p = figures(row, at, w, metric);
                for (d, v) in dist.iter_mut().zip([p.precision, p.recall, p.fmeasure]) {
                    d.push(v);
                }
            }
            let tail = (1.0 - confidence) / 2.0;
            let stat = |mean: f64, d: &mut Vec<f64>| {
                d.sort_by(f64::total_cmp);
                let drawn = !d.is_empty();
                Stat {
                    mean,
                    low: drawn.then(|| percentile(d, tail)),
                    high: drawn.then(|| percentile(d, 1.0 - tail)),
                }
            };
            let [dp, dr, df] = &mut dist;
            summary.micro = Some(crate::report::MicroSummary {
                precision: stat(whole.precision, dp),
                recall: stat(whole.recall, dr),
                fmeasure: stat(whole.fmeasure, df),
            });
        }
    }

    /// Checks the summed micro columns of `sums` (and of every resample): hits never exceed
    /// the counts they are drawn from, so no edited state can give a ratio above 1.
    pub(crate) fn check(&self, sums: &Sums) -> Result<(), String> {
        for row in std::iter::once(sums.totals()).chain(sums.resampled_totals()) {
            if let Some(&(_, metric, _, _)) = self
                .spans
                .iter()
                .find(|&&(_, m, at, w)| !span_ok(row, m, at, w))
            {
                return Err(format!(
                    "partial state micro counts of {metric} hold more hits than tokens \
                     (damaged or edited)"
                ));
            }
        }
        Ok(())
    }

    /// The scale of every column of a run's sums: the metrics' values, then micro counts.
    pub(crate) fn scales(&self, metrics: &[Metric]) -> Vec<Scale> {
        let mut scales = Scale::columns(metrics);
        scales.extend(std::iter::repeat_n(Scale::Count, self.width));
        scales
    }
}

/// True when the micro columns `at..at + w` of `row` hold no more hits than tokens.
fn span_ok(row: &[u128], metric: Metric, at: usize, w: usize) -> bool {
    row.get(at..at + w).is_some_and(|cols| {
        cols.chunks_exact(3).all(|c| match metric {
            // sacreBLEU's order: hypothesis, reference, matches.
            Metric::Chrf { .. } => c[2] <= c[0] && c[2] <= c[1],
            _ => c[0] <= c[1] && c[0] <= c[2],
        })
    })
}
