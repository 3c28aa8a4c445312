//! The metrics of an example that are filled in after the token-based ones, from the texts or
//! from the input rather than from tokens: langmatch and copysource (flags), chrF (characters
//! of the texts as given) and supplied scores (the pair's own values).

use crate::data::Example;
use crate::metrics::{Counts, Metric, Prf};
use crate::options::RunConfig;

/// Sets chrF and chrF++ of one example from its texts as given (sacreBLEU reads untokenized
/// text; limits do not apply), or, with `--chrf-normalize`, after Vietnamese normalization with
/// tone marks in the profile's style: the texts are normalized once for both metrics. Returns
/// the statistics behind them, flattened in metric order (their micro columns).
pub(super) fn set_chrf(
    scored: &mut [(Prf, Option<Counts>)],
    pair: &impl Example,
    config: &RunConfig,
) -> Vec<f64> {
    use crate::metrics::chrf::{prf, sentence_stats};
    let Some(normalize) = config.score.metrics.iter().find_map(|m| match m {
        Metric::Chrf { normalize, .. } => Some(*normalize),
        _ => None,
    }) else {
        return Vec::new();
    };
    let normalized: Option<(String, Vec<String>)> = normalize.then(|| {
        let style = config.tokenizer.options().tone_style;
        let norm = |t: &str| crate::text::normalize_text(t, style);
        (
            norm(pair.candidate()),
            pair.references().iter().map(|r| norm(r.as_ref())).collect(),
        )
    });
    let (candidate, references): (&str, Vec<&str>) = match &normalized {
        Some((c, rs)) => (c, rs.iter().map(String::as_str).collect()),
        None => (
            pair.candidate(),
            pair.references().iter().map(AsRef::as_ref).collect(),
        ),
    };
    let mut flat = Vec::new();
    for (metric, slot) in config.score.metrics.iter().zip(scored.iter_mut()) {
        if let Metric::Chrf { word_order, .. } = *metric {
            let stats = sentence_stats(candidate, &references, word_order as usize);
            *slot = (prf(&stats), None);
            flat.extend(stats.iter().flatten().map(|&v| v as f64));
        }
    }
    flat
}

/// Sets a 0/1 metric (langmatch, copysource) of one example: precision, recall and F are the
/// flag, and there are no counts behind it.
pub(super) fn set_flag(
    scored: &mut [(Prf, Option<Counts>)],
    config: &RunConfig,
    metric: Metric,
    on: bool,
) {
    let value = f64::from(u8::from(on));
    for (m, slot) in config.score.metrics.iter().zip(scored.iter_mut()) {
        if *m == metric {
            *slot = (
                Prf {
                    precision: value,
                    recall: value,
                    fmeasure: value,
                },
                None,
            );
        }
    }
}

/// True when `candidate` repeats a run of `run` consecutive tokens of `source`.
pub(super) fn repeats_a_run(candidate: &[u32], source: &[u32], run: usize) -> bool {
    if run == 0 || candidate.len() < run || source.len() < run {
        return false;
    }
    let runs: rustc_hash::FxHashSet<&[u32]> = source.windows(run).collect();
    candidate.windows(run).any(|w| runs.contains(w))
}

/// Sets the supplied scores of one example: the `j`-th supplied metric takes the pair's
/// `scores[j]` (the front ends check there is one per supplied metric).
pub(super) fn set_supplied(
    scored: &mut [(Prf, Option<Counts>)],
    pair: &impl Example,
    config: &RunConfig,
) {
    let supplied = config
        .score
        .metrics
        .iter()
        .zip(scored.iter_mut())
        .filter(|(m, _)| m.is_supplied());
    for ((_, slot), &value) in supplied.zip(pair.scores()) {
        *slot = (
            Prf {
                precision: value,
                recall: value,
                fmeasure: value,
            },
            None,
        );
    }
}
