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

use crate::error::Error;
use crate::report::RunFile;
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

impl CorrelateSettings {
    /// Checks the ranges (every front end makes this one check, with the CLI's words).
    pub fn check(&self) -> Result<(), Error> {
        if self.resamples > crate::report::MAX_RESAMPLES {
            return Err(Error::Options(format!(
                "--resamples must be at most {}, got {}",
                crate::report::MAX_RESAMPLES,
                self.resamples
            )));
        }
        if !(self.confidence > 0.0 && self.confidence < 1.0) {
            return Err(Error::Options(format!(
                "--confidence must be between 0 and 1 (exclusive), got {}",
                self.confidence
            )));
        }
        Ok(())
    }
}

impl std::str::FromStr for Resample {
    type Err = Error;
    fn from_str(s: &str) -> Result<Resample, Error> {
        match s {
            "systems" => Ok(Resample::Systems),
            "inputs" => Ok(Resample::Inputs),
            "both" => Ok(Resample::Both),
            _ => Err(Error::Options(format!(
                "unknown resample '{s}' (expected systems, inputs or both)"
            ))),
        }
    }
}

/// One coefficient: its value on the data and its percentile interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Coefficient {
    pub value: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
}

/// One system's summary of one input: (system index, the metric's F, the rating).
pub type RatedPoint = (usize, f64, f64);

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
    /// Each run's data fingerprint (`tomtat score`'s `data:` line), in system order, and the
    /// digest of the ratings read: what the coefficients were computed from.
    pub fingerprints: Vec<String>,
    pub ratings_digest: String,
    pub inputs: usize,
    pub resample: &'static str,
    pub resamples: usize,
    pub confidence: f64,
    pub seed: u64,
    /// level → metric → coefficient name → coefficient.
    pub levels: BTreeMap<String, BTreeMap<String, BTreeMap<String, Coefficient>>>,
    /// level → coefficient name → every pair of metrics: does `a` correlate better than `b`?
    pub comparisons: BTreeMap<String, BTreeMap<String, Vec<MetricDifference>>>,
    /// Per metric (in run order), its F against the rating for every system–input pair: what
    /// the HTML page plots.
    #[serde(skip)]
    pub points: Vec<(String, Vec<RatedPoint>)>,
}

/// The difference of one coefficient between two metrics (`a` − `b`) on the data, its
/// percentile interval over the same resamples (each resample scores both metrics on the same
/// drawn systems and inputs), and the one-sided bootstrap p-value of "`a` does not correlate
/// better than `b`": the share of resamples where the difference is ≤ 0, +1 corrected.
/// `p_permutation` is the two-sided p-value of Deutsch et al.'s permutation test
/// ([`permutation_p`]) of "the two correlate equally well".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricDifference {
    pub a: String,
    pub b: String,
    pub delta: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub p: Option<f64>,
    pub p_permutation: Option<f64>,
}

/// Stream offset that keeps permutation trials apart from bootstrap resamples.
const PERMUTATION_STREAM: u64 = 1 << 61;

/// The matrix standardized over all its cells (mean 0, population standard deviation 1), so
/// that two metrics' scores can be swapped between them (Deutsch et al. 2021, as `nlpstats`).
fn standardized(m: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let cells: Vec<f64> = m.iter().flatten().copied().collect();
    let n = cells.len().max(1) as f64;
    let mean = cells.iter().sum::<f64>() / n;
    let sd = (cells.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n).sqrt();
    let scale = if sd > 0.0 { sd } else { 1.0 };
    m.iter()
        .map(|row| row.iter().map(|v| (v - mean) / scale).collect())
        .collect()
}

/// The permutation test of Deutsch, Dror & Roth (2021) for "metric `a` and metric `b`
/// correlate equally well with the ratings `h`" at `level` by coefficient `name`, on the three
/// matrices [`standardized`] (once, by the caller): each trial swaps the two metrics' scores of whole systems
/// (PERM-SYSTEMS), whole inputs (PERM-INPUTS) or single cells (PERM-BOTH), each with
/// probability ½, and recomputes the difference of the coefficients. The p-value is the share of
/// trials whose |difference| reaches the observed one, +1 corrected; `None` when the observed
/// difference is undefined. Trials are drawn from `(seed, trial)`, apart from the bootstrap's.
#[allow(clippy::too_many_arguments)]
fn permutation_p(
    level: &str,
    name: &str,
    a: &[Vec<f64>],
    b: &[Vec<f64>],
    h: &[Vec<f64>],
    method: Resample,
    trials: usize,
    seed: u64,
) -> Option<f64> {
    const EPS: f64 = 1e-12;
    let systems: Vec<usize> = (0..h.len()).collect();
    let inputs: Vec<usize> = (0..h.first().map_or(0, Vec::len)).collect();
    let delta = |x: &[Vec<f64>], y: &[Vec<f64>]| {
        Some(
            at_level(level, name, x, h, &systems, &inputs)?
                - at_level(level, name, y, h, &systems, &inputs)?,
        )
    };
    let observed = delta(a, b)?;
    let samples: Vec<Option<f64>> = (0..trials)
        .into_par_iter()
        .map(|t| {
            let mut rng = Resampler::new(seed, PERMUTATION_STREAM + t as u64);
            let (mut x, mut y) = (a.to_vec(), b.to_vec());
            let mut flip = || rng.below(2) == 1;
            match method {
                Resample::Systems => {
                    for s in &systems {
                        if flip() {
                            std::mem::swap(&mut x[*s], &mut y[*s]);
                        }
                    }
                }
                Resample::Inputs => {
                    for &i in &inputs {
                        if flip() {
                            for s in &systems {
                                std::mem::swap(&mut x[*s][i], &mut y[*s][i]);
                            }
                        }
                    }
                }
                Resample::Both => {
                    for s in &systems {
                        for &i in &inputs {
                            if flip() {
                                std::mem::swap(&mut x[*s][i], &mut y[*s][i]);
                            }
                        }
                    }
                }
            }
            delta(&x, &y)
        })
        .collect();
    let defined: Vec<f64> = samples.into_iter().flatten().collect();
    let extreme = defined
        .iter()
        .filter(|d| d.abs() >= observed.abs() - EPS)
        .count();
    (!defined.is_empty()).then(|| (extreme + 1) as f64 / (defined.len() + 1) as f64)
}

/// The percentile interval of the sorted `dist`; `None` without values.
fn interval(dist: &[f64], confidence: f64) -> (Option<f64>, Option<f64>) {
    let tail = (1.0 - confidence) / 2.0;
    if dist.is_empty() {
        (None, None)
    } else {
        (
            Some(percentile(dist, tail)),
            Some(percentile(dist, 1.0 - tail)),
        )
    }
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
    runs: &[(String, &RunFile)],
    ratings: &[(String, String, f64)],
    rating: &str,
    settings: CorrelateSettings,
) -> Result<CorrelationReport, Error> {
    settings.check()?;
    let bad = |m: String| Err(Error::Options(m));
    if runs.len() < 2 {
        return bad("correlate needs the runs of at least two systems".into());
    }
    let first = runs[0].1;
    for (name, run) in &runs[1..] {
        let diffs = crate::report::signature_differences(first, run);
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
    let by_id: Vec<HashMap<&str, &crate::report::RunExample>> = runs
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
    // As `compare` refuses them: systems scored against other references are not judged on
    // the same inputs.
    for ((name, _), examples) in runs.iter().zip(&by_id).skip(1) {
        let changed: Vec<&str> = inputs
            .iter()
            .filter(|id| examples[**id].references != by_id[0][**id].references)
            .copied()
            .collect();
        if let Some(first_id) = changed.first() {
            return bad(format!(
                "{name} was scored against other references than {} for {} input(s), e.g. \
                 '{first_id}': the runs are not comparable",
                runs[0].0,
                changed.len()
            ));
        }
    }
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
    // (level, coefficient, metric) → the value and, per resample, the resampled value.
    type Resampled = (Option<f64>, Vec<Option<f64>>);
    let mut resampled: BTreeMap<(&str, &str, usize), Resampled> = BTreeMap::new();
    // Per metric, its F as a systems × inputs matrix.
    let matrices: Vec<Vec<Vec<f64>>> = (0..first.metrics.len())
        .map(|m| {
            by_id
                .iter()
                .map(|examples| inputs.iter().map(|id| examples[id].prf[m][2]).collect())
                .collect()
        })
        .collect();
    for (m, metric) in first.metrics.iter().enumerate() {
        let x = &matrices[m];
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
                let value = at_level(level, name, x, &h, &all_systems, &all_inputs);
                let per_draw: Vec<Option<f64>> = draws
                    .par_iter()
                    .map(|(s, i)| at_level(level, name, x, &h, s, i))
                    .collect();
                let mut dist: Vec<f64> = per_draw.iter().flatten().copied().collect();
                dist.sort_by(f64::total_cmp);
                let (low, high) = interval(&dist, settings.confidence);
                resampled.insert((level, name, m), (value, per_draw));
                levels
                    .entry(level.to_string())
                    .or_default()
                    .entry(metric.clone())
                    .or_default()
                    .insert(name.to_string(), Coefficient { value, low, high });
            }
        }
    }
    let mut comparisons: BTreeMap<String, BTreeMap<String, Vec<MetricDifference>>> =
        BTreeMap::new();
    let metrics = &first.metrics;
    // The permutation test swaps scores between metrics, so it reads them standardized.
    let standard: Vec<Vec<Vec<f64>>> = matrices.iter().map(|m| standardized(m)).collect();
    let h_standard = standardized(&h);
    // Two-sided, so one test per unordered pair serves both orders.
    let mut permuted: HashMap<(&str, &str, usize, usize), Option<f64>> = HashMap::new();
    for level in LEVELS {
        for name in COEFFICIENTS {
            let mut pairs = Vec::new();
            for a in 0..metrics.len() {
                for b in 0..metrics.len() {
                    if a == b {
                        continue;
                    }
                    let (va, da) = &resampled[&(level, name, a)];
                    let (vb, db) = &resampled[&(level, name, b)];
                    let mut diffs: Vec<f64> = da
                        .iter()
                        .zip(db)
                        .filter_map(|(x, y)| Some((*x)? - (*y)?))
                        .collect();
                    let not_better = diffs.iter().filter(|d| **d <= 0.0).count();
                    let p = (!diffs.is_empty())
                        .then(|| (not_better + 1) as f64 / (diffs.len() + 1) as f64);
                    diffs.sort_by(f64::total_cmp);
                    let (low, high) = interval(&diffs, settings.confidence);
                    let key = (level, name, a.min(b), a.max(b));
                    let p_permutation = *permuted.entry(key).or_insert_with(|| {
                        permutation_p(
                            level,
                            name,
                            &standard[key.2],
                            &standard[key.3],
                            &h_standard,
                            settings.resample,
                            settings.resamples,
                            settings.seed,
                        )
                    });
                    pairs.push(MetricDifference {
                        a: metrics[a].clone(),
                        b: metrics[b].clone(),
                        delta: va.zip(*vb).map(|(x, y)| x - y),
                        low,
                        high,
                        p,
                        p_permutation,
                    });
                }
            }
            comparisons
                .entry(level.to_string())
                .or_default()
                .insert(name.to_string(), pairs);
        }
    }
    let points = metrics
        .iter()
        .zip(&matrices)
        .map(|(metric, x)| {
            let cells = x
                .iter()
                .zip(&h)
                .enumerate()
                .flat_map(|(s, (xr, hr))| xr.iter().zip(hr).map(move |(xv, hv)| (s, *xv, *hv)));
            (metric.clone(), cells.collect())
        })
        .collect();
    Ok(CorrelationReport {
        points,
        fingerprints: runs.iter().map(|(_, r)| r.fingerprint.short()).collect(),
        ratings_digest: crate::report::run::fingerprint::ratings_digest(ratings),
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
        comparisons,
    })
}
