//! How scores against several references become one score: the reference modes of
//! rouge-score, ROUGE-1.5.5 and torchmetrics.

use super::{Counts, Prf};

/// How scores against several references become one score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RefMode {
    /// Per metric, the reference with the best F (rouge-score `score_multi`).
    #[default]
    Max,
    /// ROUGE-1.5.5 `-f A`: hits and counts summed over references.
    Pool,
    /// ROUGE-1.5.5 `-f B`: the reference with the best recall.
    BestRecall,
    /// Mean over the M leave-one-out subsets of the `max` score (M ≥ 2).
    Jackknife,
    /// torchmetrics (up to 1.5.2) `accumulate="best"`: one reference per example, the first
    /// with the best F of the *first* metric, gives every metric's score.
    BestFirst,
    /// torchmetrics `accumulate="avg"`: precision, recall and F each averaged over the
    /// references.
    Avg,
}

impl RefMode {
    pub fn name(self) -> &'static str {
        match self {
            RefMode::Max => "max",
            RefMode::Pool => "pool",
            RefMode::BestRecall => "best-recall",
            RefMode::Jackknife => "jackknife",
            RefMode::BestFirst => "best-first",
            RefMode::Avg => "avg",
        }
    }
}

/// Every metric's score from its counts against each reference (`per_metric[m][k]`): per
/// metric by [`combine_with_counts`], except `best-first`, which picks one reference for all
/// metrics by the first metric's F.
pub(super) fn combine_all(
    per_metric: &[Vec<Counts>],
    mode: RefMode,
    alpha: f64,
) -> Vec<(Prf, Option<Counts>)> {
    let first = per_metric.first().map(Vec::as_slice).unwrap_or(&[]);
    if mode == RefMode::BestFirst && !first.is_empty() {
        let chosen = best_f_index(first, alpha);
        return per_metric
            .iter()
            .map(|per_ref| {
                let c = per_ref[chosen];
                (c.prf(alpha), Some(c))
            })
            .collect();
    }
    per_metric
        .iter()
        .map(|per_ref| combine_with_counts(per_ref, mode, alpha))
        .collect()
}

/// Combines one metric's counts against each reference into one score.
pub fn combine(per_ref: &[Counts], mode: RefMode, alpha: f64) -> Prf {
    combine_with_counts(per_ref, mode, alpha).0
}

/// [`combine`], also returning the counts the score was computed from.
pub fn combine_with_counts(per_ref: &[Counts], mode: RefMode, alpha: f64) -> (Prf, Option<Counts>) {
    if per_ref.is_empty() {
        return (Prf::default(), None);
    }
    match mode {
        RefMode::Max => {
            let c = best_f(per_ref, alpha);
            (c.prf(alpha), Some(*c))
        }
        RefMode::Pool => {
            let mut total = Counts {
                inverse: per_ref[0].inverse,
                ..Counts::default()
            };
            for c in per_ref {
                total.hit += c.hit;
                total.candidate += c.candidate;
                total.reference += c.reference;
            }
            (total.prf(alpha), Some(total))
        }
        RefMode::BestRecall => {
            let mut best = &per_ref[0];
            for c in &per_ref[1..] {
                if c.select > best.select {
                    best = c;
                }
            }
            (best.prf(alpha), Some(*best))
        }
        // Chosen across metrics by the caller ([`score_with_lcs_texts`]); alone, the first
        // reference.
        RefMode::BestFirst => (per_ref[0].prf(alpha), Some(per_ref[0])),
        RefMode::Avg => (mean_prf(per_ref.iter().map(|c| c.prf(alpha))), None),
        RefMode::Jackknife => {
            if per_ref.len() < 2 {
                let c = best_f(per_ref, alpha);
                return (c.prf(alpha), Some(*c));
            }
            let subsets = (0..per_ref.len()).map(|k| {
                let rest: Vec<Counts> = per_ref
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != k)
                    .map(|(_, c)| *c)
                    .collect();
                best_f(&rest, alpha).prf(alpha)
            });
            (mean_prf(subsets), None)
        }
    }
}

/// Precision, recall and F each averaged over `scores` (summed in order, then divided).
fn mean_prf(scores: impl ExactSizeIterator<Item = Prf>) -> Prf {
    let m = scores.len() as f64;
    let mut sum = Prf::default();
    for p in scores {
        sum.precision += p.precision;
        sum.recall += p.recall;
        sum.fmeasure += p.fmeasure;
    }
    Prf {
        precision: sum.precision / m,
        recall: sum.recall / m,
        fmeasure: sum.fmeasure / m,
    }
}

/// The counts of the first reference with the highest F, as `np.argmax` picks it.
/// `counts` must not be empty.
fn best_f(counts: &[Counts], alpha: f64) -> &Counts {
    &counts[best_f_index(counts, alpha)]
}

/// The index of the first reference with the highest F (0 when `counts` is empty).
fn best_f_index(counts: &[Counts], alpha: f64) -> usize {
    let mut best = 0;
    let mut best_f = f64::NEG_INFINITY;
    for (k, c) in counts.iter().enumerate() {
        let f = c.prf(alpha).fmeasure;
        if f > best_f {
            best = k;
            best_f = f;
        }
    }
    best
}
