//! Corpus-level ("micro") figures: precision, recall and F computed once from counts summed
//! over every example, next to the mean of per-example values (the "macro" figure every report
//! leads with). sacreBLEU's chrF is such a figure (`corpus_chrf`), and so is ROUGE "from summed
//! counts" (`pltrdy/rouge` `avg=False`).
//!
//! Each example contributes integer columns: `[hit, candidate, reference]` for a ROUGE metric
//! whose score comes from one set of counts, and sacreBLEU's `[hypothesis, reference, matches]`
//! per n-gram order for chrF. The columns are summed exactly (and per bootstrap resample) with
//! the other sums, so a micro figure and its interval merge across shards like a mean.

use super::chrf::{self, CHAR_ORDER};
use super::{Counts, Metric, Prf, RefMode};

/// The micro columns of `metric` under `refs` (0: the metric has no micro figure). ROUGE-W
/// (weighted counts), `--refs avg` and `jackknife` (scores averaged over references) and the
/// metrics not made of counts have none; chrF picks its reference itself, whatever `refs`.
pub fn width(metric: Metric, refs: RefMode) -> usize {
    let summed = matches!(
        refs,
        RefMode::Max | RefMode::Pool | RefMode::BestRecall | RefMode::BestFirst
    );
    match metric {
        Metric::N(_) | Metric::L | Metric::Lsum | Metric::S { .. } if summed => 3,
        Metric::Chrf { word_order, .. } => 3 * (CHAR_ORDER + usize::from(word_order)),
        _ => 0,
    }
}

/// The micro columns of a run, over all its metrics.
pub fn total_width(metrics: &[Metric], refs: RefMode) -> usize {
    metrics.iter().map(|m| width(*m, refs)).sum()
}

/// The micro columns of one example, metric by metric: `counts[m]` the raw counts behind
/// metric `m`'s score, `chrf` the statistics of its chrF metrics, flattened in metric order.
/// An error when a count the figures need is absent (a run file older than the figures).
pub fn row(
    metrics: &[Metric],
    refs: RefMode,
    counts: &[Option<[f64; 3]>],
    chrf: &[f64],
) -> Result<Vec<f64>, String> {
    let mut out = Vec::with_capacity(total_width(metrics, refs));
    let mut chrf = chrf.iter();
    for (m, metric) in metrics.iter().enumerate() {
        let w = width(*metric, refs);
        if w == 0 {
            continue;
        }
        if let Metric::Chrf { .. } = metric {
            let before = out.len();
            out.extend(chrf.by_ref().take(w));
            if out.len() - before != w {
                return Err(format!("the chrF statistics of {metric} are missing"));
            }
        } else {
            let c = counts
                .get(m)
                .copied()
                .flatten()
                .ok_or_else(|| format!("the counts of {metric} are missing"))?;
            out.extend_from_slice(&c);
        }
    }
    Ok(out)
}

/// Precision, recall and F of `metric` from its summed micro columns `sums` (ROUGE with F's
/// `alpha`; chrF as sacreBLEU's corpus score).
pub fn prf(metric: Metric, sums: &[f64], alpha: f64) -> Prf {
    match metric {
        Metric::Chrf { .. } => {
            let stats: Vec<[u64; 3]> = sums
                .chunks_exact(3)
                .map(|c| [c[0] as u64, c[1] as u64, c[2] as u64])
                .collect();
            chrf::prf(&stats)
        }
        _ => match sums {
            [hit, candidate, reference] => Counts {
                hit: *hit,
                candidate: *candidate,
                reference: *reference,
                inverse: None,
                select: 0.0,
            }
            .prf(alpha),
            _ => Prf::default(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rouge_micro_is_the_ratio_of_summed_counts() {
        let metrics = [Metric::N(1), Metric::W(1.2), Metric::N(2)];
        assert_eq!(total_width(&metrics, RefMode::Max), 6);
        assert_eq!(total_width(&metrics, RefMode::Avg), 0);
        let a = row(
            &metrics,
            RefMode::Max,
            &[Some([2.0, 4.0, 5.0]), None, Some([1.0, 3.0, 4.0])],
            &[],
        );
        assert_eq!(a, Ok(vec![2.0, 4.0, 5.0, 1.0, 3.0, 4.0]));
        let p = prf(Metric::N(1), &[3.0, 6.0, 12.0], 0.5);
        assert_eq!((p.precision, p.recall), (0.5, 0.25));
        assert!(row(&metrics, RefMode::Max, &[None, None, None], &[]).is_err());
    }

    #[test]
    fn chrf_micro_reads_its_statistics() {
        let m = Metric::Chrf {
            word_order: 2,
            normalize: false,
        };
        assert_eq!(width(m, RefMode::Avg), 24);
        assert!(row(&[m], RefMode::Max, &[None], &[1.0; 23]).is_err());
        assert_eq!(
            row(&[m], RefMode::Max, &[None], &[1.0; 24]).map(|r| r.len()),
            Ok(24)
        );
    }
}
