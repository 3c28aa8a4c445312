//! Which metric agrees with people: correlations between the metrics of saved runs (one run
//! per system) and human ratings of the same outputs, at the three levels of SummEval and of
//! Deutsch, Dror & Roth (2021): *summary* (per input, across systems, averaged over inputs),
//! *system* (system means) and *global* (every system–input pair), with bootstrap intervals
//! that resample systems, inputs or both (their BOOT-SYSTEMS, BOOT-INPUTS, BOOT-BOTH).
//!
//! The matrix is systems × inputs: the inputs every system has both a run example and a
//! rating for (by id), in id order. A coefficient that is undefined (too few values, or no
//! variation) is `None`; a summary-level value averages the inputs where it is defined, and a
//! resample where it is undefined is left out of the interval.

use super::RunFile;
use crate::error::Error;
use crate::stats::correlation::{KendallVariant, kendall, pearson, spearman};
use crate::stats::{Resampler, percentile};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The levels, in report order.
pub const LEVELS: [&str; 3] = ["summary", "system", "global"];
/// The coefficients, in report order, named as scipy's functions and variants.
pub const COEFFICIENTS: [&str; 4] = ["pearson", "spearman", "kendall_b", "kendall_c"];

/// What a bootstrap resample draws with replacement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resample {
    Systems,
    Inputs,
    Both,
}

impl Resample {
    pub fn name(self) -> &'static str {
        match self {
            Resample::Systems => "systems",
            Resample::Inputs => "inputs",
            Resample::Both => "both",
        }
    }
}

/// How intervals are drawn.
#[derive(Debug, Clone, Copy)]
pub struct CorrelateSettings {
    pub resample: Resample,
    pub resamples: usize,
    pub confidence: f64,
    pub seed: u64,
}

/// One coefficient: its value on the data and its percentile interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Coefficient {
    pub value: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
}

/// The result of `tomtat correlate`.
#[derive(Debug, Clone, Serialize)]
pub struct CorrelationReport {
    pub tool: &'static str,
    pub kind: &'static str,
    pub version: &'static str,
    /// The signature the runs share.
    pub signature: String,
    pub rating: String,
    pub systems: Vec<String>,
    pub inputs: usize,
    pub resample: &'static str,
    pub resamples: usize,
    pub confidence: f64,
    pub seed: u64,
    /// level → metric → coefficient name → coefficient.
    pub levels: BTreeMap<String, BTreeMap<String, BTreeMap<String, Coefficient>>>,
}

fn coefficient(name: &str, x: &[f64], y: &[f64]) -> Option<f64> {
    match name {
        "pearson" => pearson(x, y),
        "spearman" => spearman(x, y),
        "kendall_b" => kendall(x, y, KendallVariant::B),
        _ => kendall(x, y, KendallVariant::C),
    }
}

/// The coefficient `name` at `level` of the rows `systems` and columns `inputs` of the
/// matrices `x` (metric) and `h` (ratings), both systems × inputs.
fn at_level(
    level: &str,
    name: &str,
    x: &[Vec<f64>],
    h: &[Vec<f64>],
    systems: &[usize],
    inputs: &[usize],
) -> Option<f64> {
    match level {
        "summary" => {
            let values: Vec<f64> = inputs
                .iter()
                .filter_map(|&i| {
                    let xs: Vec<f64> = systems.iter().map(|&s| x[s][i]).collect();
                    let hs: Vec<f64> = systems.iter().map(|&s| h[s][i]).collect();
                    coefficient(name, &xs, &hs)
                })
                .collect();
            (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
        }
        "system" => {
            let mean = |m: &[Vec<f64>], s: usize| {
                inputs.iter().map(|&i| m[s][i]).sum::<f64>() / inputs.len() as f64
            };
            let xs: Vec<f64> = systems.iter().map(|&s| mean(x, s)).collect();
            let hs: Vec<f64> = systems.iter().map(|&s| mean(h, s)).collect();
            coefficient(name, &xs, &hs)
        }
        _ => {
            let pairs = systems
                .iter()
                .flat_map(|&s| inputs.iter().map(move |&i| (s, i)));
            let (xs, hs): (Vec<f64>, Vec<f64>) = pairs.map(|(s, i)| (x[s][i], h[s][i])).unzip();
            coefficient(name, &xs, &hs)
        }
    }
}

/// Correlates every metric of `runs` (named systems) with `ratings` (system, id, rating).
pub fn correlate(
    runs: &[(String, RunFile)],
    ratings: &[(String, String, f64)],
    rating: &str,
    settings: CorrelateSettings,
) -> Result<CorrelationReport, Error> {
    let bad = |m: String| Err(Error::Options(m));
    if runs.len() < 2 {
        return bad("correlate needs the runs of at least two systems".into());
    }
    let first = &runs[0].1;
    for (name, run) in &runs[1..] {
        let diffs = super::signature_differences(first, run);
        if !diffs.is_empty() || run.metrics != first.metrics {
            return bad(format!(
                "{name} was scored differently from {}: {}",
                runs[0].0,
                if diffs.is_empty() {
                    "metrics differ".into()
                } else {
                    diffs.join(", ")
                }
            ));
        }
    }
    let mut rated: HashMap<(&str, &str), f64> = HashMap::new();
    for (system, id, value) in ratings {
        rated.insert((system.as_str(), id.as_str()), *value);
    }
    let by_id: Vec<HashMap<&str, &super::RunExample>> = runs
        .iter()
        .map(|(_, r)| r.examples.iter().map(|e| (e.id.as_str(), e)).collect())
        .collect();
    let ids: BTreeSet<&str> = by_id[0].keys().copied().collect();
    let inputs: Vec<&str> = ids
        .into_iter()
        .filter(|id| {
            runs.iter().zip(&by_id).all(|((name, _), examples)| {
                examples.contains_key(id) && rated.contains_key(&(name.as_str(), *id))
            })
        })
        .collect();
    if inputs.len() < 2 {
        return bad(format!(
            "only {} input(s) have a run example and a rating for every system; correlate \
             needs two or more (ratings are matched to runs by system name, the run file's \
             stem, and id)",
            inputs.len()
        ));
    }
    let h: Vec<Vec<f64>> = runs
        .iter()
        .map(|(name, _)| {
            inputs
                .iter()
                .map(|id| rated[&(name.as_str(), *id)])
                .collect()
        })
        .collect();
    let (all_systems, all_inputs): (Vec<usize>, Vec<usize>) =
        ((0..runs.len()).collect(), (0..inputs.len()).collect());
    let mut levels: BTreeMap<String, BTreeMap<String, BTreeMap<String, Coefficient>>> =
        BTreeMap::new();
    for (m, metric) in first.metrics.iter().enumerate() {
        let x: Vec<Vec<f64>> = by_id
            .iter()
            .map(|examples| inputs.iter().map(|id| examples[id].prf[m][2]).collect())
            .collect();
        let draws: Vec<(Vec<usize>, Vec<usize>)> = (0..settings.resamples)
            .map(|r| {
                let mut rng = Resampler::new(settings.seed, r as u64);
                let mut draw = |n: usize, on: bool| -> Vec<usize> {
                    if on {
                        (0..n).map(|_| rng.below(n as u64) as usize).collect()
                    } else {
                        (0..n).collect()
                    }
                };
                let s = matches!(settings.resample, Resample::Systems | Resample::Both);
                let i = matches!(settings.resample, Resample::Inputs | Resample::Both);
                (draw(runs.len(), s), draw(inputs.len(), i))
            })
            .collect();
        for level in LEVELS {
            for name in COEFFICIENTS {
                let value = at_level(level, name, &x, &h, &all_systems, &all_inputs);
                let mut dist: Vec<f64> = draws
                    .par_iter()
                    .filter_map(|(s, i)| at_level(level, name, &x, &h, s, i))
                    .collect();
                dist.sort_by(f64::total_cmp);
                let tail = (1.0 - settings.confidence) / 2.0;
                let (low, high) = if dist.is_empty() {
                    (None, None)
                } else {
                    (
                        Some(percentile(&dist, tail)),
                        Some(percentile(&dist, 1.0 - tail)),
                    )
                };
                levels
                    .entry(level.to_string())
                    .or_default()
                    .entry(metric.clone())
                    .or_default()
                    .insert(name.to_string(), Coefficient { value, low, high });
            }
        }
    }
    Ok(CorrelationReport {
        tool: "tomtat",
        kind: "correlation",
        version: env!("CARGO_PKG_VERSION"),
        signature: first.signature.clone(),
        rating: rating.to_string(),
        systems: runs.iter().map(|(n, _)| n.clone()).collect(),
        inputs: inputs.len(),
        resample: settings.resample.name(),
        resamples: settings.resamples,
        confidence: settings.confidence,
        seed: settings.seed,
        levels,
    })
}

fn cell(c: &Coefficient) -> String {
    let v = |x: Option<f64>| x.map_or("–".to_string(), |x| format!("{x:.3}"));
    match (c.low, c.high) {
        (Some(_), Some(_)) => format!("{} [{}, {}]", v(c.value), v(c.low), v(c.high)),
        _ => v(c.value),
    }
}

/// Aligned text, or Markdown tables (every text from an input escaped): one table per level,
/// a row per metric.
pub fn render_correlation(r: &CorrelationReport, markdown: bool) -> String {
    let safe = |s: &str| {
        if markdown {
            super::markdown::escape_md(s)
        } else {
            s.to_string()
        }
    };
    let mut out = format!(
        "tomtat {} · correlation with '{}' · {} systems × {} inputs · resample {} ×{} ({} interval)\n",
        r.version,
        safe(&r.rating),
        r.systems.len(),
        r.inputs,
        r.resample,
        r.resamples,
        r.confidence
    );
    for level in LEVELS {
        let Some(metrics) = r.levels.get(level) else {
            continue;
        };
        let mut rows = vec![
            std::iter::once("metric".to_string())
                .chain(COEFFICIENTS.iter().map(|c| c.to_string()))
                .collect::<Vec<_>>(),
        ];
        for (metric, coefficients) in metrics {
            let mut row = vec![safe(metric)];
            row.extend(
                COEFFICIENTS
                    .iter()
                    .map(|c| coefficients.get(*c).map_or(String::new(), cell)),
            );
            rows.push(row);
        }
        out.push_str(&format!("\n{level} level\n"));
        if markdown {
            out.push('\n');
            for (k, row) in rows.iter().enumerate() {
                out.push_str(&format!("| {} |\n", row.join(" | ")));
                if k == 0 {
                    out.push_str(&format!("|{}\n", "---|".repeat(row.len())));
                }
            }
        } else {
            let widths: Vec<usize> = (0..rows[0].len())
                .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
                .collect();
            for row in &rows {
                let cells: Vec<String> = row
                    .iter()
                    .zip(&widths)
                    .map(|(c, w)| format!("{c:<w$}"))
                    .collect();
                out.push_str(cells.join("  ").trim_end());
                out.push('\n');
            }
        }
    }
    out
}
