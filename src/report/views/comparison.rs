//! The result of `tomtat compare`: per metric the paired tests of two runs of the same
//! examples and the regression gate (its formats are in `comparison_text`).

use crate::error::Error;
use crate::report::RunFile;
use crate::stats::{GateSettings, PairedResult, PairedSettings, Scale, holm, paired_test};
use serde::Serialize;
use std::collections::HashMap;

/// One compared metric (scores are F on the 0–1 scale, or a supplied score on its own).
#[derive(Debug, Clone, Serialize)]
pub struct MetricComparison {
    pub metric: String,
    #[serde(flatten)]
    pub result: PairedResult,
    /// Holm-adjusted randomization p-value across the compared metrics.
    pub p_holm: f64,
    /// Significantly worse (adjusted p < alpha) by more than the tolerance.
    pub regression: bool,
    /// Per-example new − base (for plots; not serialized).
    #[serde(skip)]
    pub deltas: Vec<f64>,
    /// Per-example values of the base and the new run, in the order of `deltas` (for plots;
    /// not serialized).
    #[serde(skip)]
    pub values: (Vec<f64>, Vec<f64>),
}

/// A whole comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub tool: &'static str,
    pub version: &'static str,
    pub base: String,
    pub new: String,
    pub signature: String,
    pub count: usize,
    pub alpha: f64,
    pub tolerance_points: f64,
    /// The tolerance of supplied scores, in their own units.
    pub extra_tolerance: f64,
    pub trials: usize,
    pub resamples: usize,
    pub seed: u64,
    pub notes: Vec<String>,
    pub metrics: Vec<MetricComparison>,
    pub regressions: Vec<String>,
    /// Metrics significantly better (Holm-adjusted p below alpha, changed for the better).
    pub improvements: Vec<String>,
    /// Per-metric per-example scores that differ from the base run (not serialized).
    #[serde(skip)]
    pub changed: usize,
    /// The compared examples' ids and languages, in the order of each metric's `deltas` (not
    /// serialized).
    #[serde(skip)]
    pub ids: Vec<(String, Option<String>)>,
    #[serde(skip)]
    pub fail_on_change: bool,
    /// Per compared example, its index in the base and in the new run's examples (not
    /// serialized).
    #[serde(skip)]
    pub pairs: Vec<(usize, usize)>,
    /// One-line snippets of the examples a report names as worst, by their index in `ids`
    /// (not serialized; empty when the runs were saved without texts).
    #[serde(skip)]
    pub snippets: HashMap<usize, crate::report::views::worst::Snippet>,
}

impl MetricComparison {
    /// The comparison of `metric` with its gate applied: a regression is a change for the
    /// worse (down, or up for a `:lower` metric) larger than the gate's tolerance (points for
    /// computed metrics; `extra_tolerance`, in the score's own units, for supplied ones) with
    /// Holm-adjusted p below the gate's alpha. Wins, ties and losses
    /// count examples that got better, stayed, got worse.
    pub fn judged(
        metric: String,
        mut result: PairedResult,
        p_holm: f64,
        gate: &GateSettings,
        deltas: Vec<f64>,
    ) -> MetricComparison {
        let lower = crate::report::lower_is_better(&metric);
        if lower {
            std::mem::swap(&mut result.wins, &mut result.losses);
        }
        let tolerance = if crate::report::is_supplied(&metric) {
            gate.extra_tolerance
        } else {
            gate.tolerance
        };
        let gain =
            if lower { -result.delta } else { result.delta } * crate::report::shown_factor(&metric);
        MetricComparison {
            values: (Vec::new(), Vec::new()),
            regression: gain < -tolerance && p_holm < gate.alpha,
            metric,
            result,
            p_holm,
            deltas,
        }
    }

    /// True when the change is for the better.
    pub(crate) fn improved(&self) -> bool {
        if crate::report::lower_is_better(&self.metric) {
            self.result.delta < 0.0
        } else {
            self.result.delta > 0.0
        }
    }
}

/// Settings of `compare`; [`CompareSettings::check`] rejects any value that could turn a
/// regression into a pass (a zero trial count, a NaN tolerance, …).
#[derive(Debug, Clone, PartialEq)]
pub struct CompareSettings {
    /// Metrics to compare; empty means every metric both runs have.
    pub metrics: Vec<String>,
    pub alpha: f64,
    /// Points (0–100 scale) a drop must exceed to fail.
    pub tolerance: f64,
    /// What a drop of a supplied score must exceed to fail, in its own units.
    pub extra_tolerance: f64,
    pub trials: usize,
    pub resamples: usize,
    pub seed: u64,
    pub allow_subset: bool,
    pub fail_on_change: bool,
}

impl Default for CompareSettings {
    fn default() -> Self {
        CompareSettings {
            metrics: Vec::new(),
            alpha: 0.05,
            tolerance: 0.5,
            extra_tolerance: 0.0,
            trials: 10_000,
            resamples: 1000,
            seed: 12345,
            allow_subset: false,
            fail_on_change: false,
        }
    }
}

impl CompareSettings {
    /// The shared gate check ([`crate::stats::GateSettings`]), errors naming the flags.
    pub fn check(&self) -> Result<(), Error> {
        self.gate().check().map_err(|mut e| {
            // The significance level is `--level` (score's `--alpha` weighs F).
            if e.name == "alpha" {
                e.name = "level";
            }
            Error::Options(format!("--{e}"))
        })
    }

    /// The gate these settings describe.
    pub fn gate(&self) -> GateSettings {
        GateSettings {
            alpha: self.alpha,
            tolerance: self.tolerance,
            extra_tolerance: self.extra_tolerance,
            trials: self.trials,
            resamples: self.resamples,
        }
    }
}

impl Comparison {
    /// True when the gate fails: a significant regression, or (with `fail_on_change`) any
    /// per-example change.
    pub fn failed(&self) -> bool {
        !self.regressions.is_empty() || (self.fail_on_change && self.changed > 0)
    }
}

/// Compares two runs of the same examples: pairs them by key, then per metric the paired
/// bootstrap and approximate randomization of the F difference, with Holm's correction.
/// `base_name` and `new_name` label the runs in the output.
pub fn compare_runs(
    base: &RunFile,
    new: &RunFile,
    base_name: &str,
    new_name: &str,
    settings: &CompareSettings,
) -> Result<Comparison, Error> {
    settings.check()?;
    let bail = |m: String| Err(Error::Options(m));
    check_scored_alike(base, new, settings.allow_subset)?;
    let metrics: Vec<String> = if settings.metrics.is_empty() {
        base.metrics
            .iter()
            .filter(|m| new.metrics.contains(m))
            .cloned()
            .collect()
    } else {
        for m in &settings.metrics {
            if !base.metrics.contains(m) || !new.metrics.contains(m) {
                return bail(format!(
                    "metric '{m}' is not in both runs (base: {}; new: {})",
                    base.metrics.join(","),
                    new.metrics.join(",")
                ));
            }
        }
        settings.metrics.clone()
    };
    if metrics.is_empty() {
        return bail("the runs share no metric".into());
    }
    let only: Vec<&str> = base
        .metrics
        .iter()
        .chain(&new.metrics)
        .filter(|m| !(base.metrics.contains(m) && new.metrics.contains(m)))
        .map(String::as_str)
        .collect();
    let mut notes = Vec::new();
    if settings.metrics.is_empty() && !only.is_empty() {
        notes.push(format!(
            "compared the metrics both runs have; not in both: {}",
            only.join(", ")
        ));
    }
    let shared = shared_examples(base, new, settings.allow_subset, &mut notes)?;
    let paired = paired_settings(settings.resamples, settings.trials, settings.seed);
    let keys: Vec<u64> = shared
        .iter()
        .map(|&(i, _)| example_hash(&base.examples[i]))
        .collect();
    let column = |run: &RunFile, name: &str, side: usize| -> Vec<f64> {
        let m = run.metrics.iter().position(|x| x == name).unwrap_or(0);
        shared
            .iter()
            .map(|pair| {
                let idx = if side == 0 { pair.0 } else { pair.1 };
                run.examples[idx].prf[m][2]
            })
            .collect()
    };
    let mut changed = 0usize;
    let mut deltas: Vec<Vec<f64>> = Vec::new();
    let mut values: Vec<(Vec<f64>, Vec<f64>)> = Vec::new();
    let results: Vec<_> = metrics
        .iter()
        .map(|name| {
            let (b, n) = (column(base, name, 0), column(new, name, 1));
            let d: Vec<f64> = b.iter().zip(&n).map(|(x, y)| y - x).collect();
            changed += d.iter().filter(|x| x.abs() > 1e-12).count();
            deltas.push(d);
            let result = paired_test(&b, &n, &keys, paired, Scale::of_name(name));
            values.push((b, n));
            result
        })
        .collect();
    let adjusted = holm(
        &results
            .iter()
            .map(|r| r.p_randomization)
            .collect::<Vec<_>>(),
    );
    let compared: Vec<MetricComparison> = metrics
        .iter()
        .zip(results)
        .zip(adjusted)
        .zip(deltas)
        .zip(values)
        .map(
            |((((metric, result), p_holm), deltas), values)| MetricComparison {
                values,
                ..MetricComparison::judged(metric.clone(), result, p_holm, &settings.gate(), deltas)
            },
        )
        .collect();
    let regressions: Vec<String> = compared
        .iter()
        .filter(|m| m.regression)
        .map(|m| m.metric.clone())
        .collect();
    let improvements: Vec<String> = compared
        .iter()
        .filter(|m| m.improved() && m.p_holm < settings.alpha)
        .map(|m| m.metric.clone())
        .collect();
    if settings.fail_on_change && changed > 0 {
        notes.push(format!(
            "--fail-on-change: {changed} per-example score(s) differ from the base run"
        ));
    }
    let ids: Vec<(String, Option<String>)> = shared
        .iter()
        .map(|&(i, _)| {
            let e = &base.examples[i];
            (e.id.clone(), e.lang.clone())
        })
        .collect();
    let mut snippets = HashMap::new();
    for m in compared.iter().filter(|m| m.regression) {
        for &i in crate::report::views::worst::worst_order(&m.metric, &m.deltas, &ids)
            .iter()
            .take(crate::report::views::worst::WORST_LISTED)
        {
            let (b, n) = shared[i];
            if let Some(s) =
                crate::report::views::worst::snippet(&base.examples[b], &new.examples[n])
            {
                snippets.insert(i, s);
            }
        }
    }
    Ok(Comparison {
        snippets,
        ids,
        tool: "tomtat",
        version: env!("CARGO_PKG_VERSION"),
        base: base_name.to_string(),
        new: new_name.to_string(),
        signature: new.signature.clone(),
        count: shared.len(),
        alpha: settings.alpha,
        tolerance_points: settings.tolerance,
        extra_tolerance: settings.extra_tolerance,
        trials: settings.trials,
        resamples: settings.resamples,
        seed: settings.seed,
        notes,
        metrics: compared,
        regressions,
        improvements,
        changed,
        fail_on_change: settings.fail_on_change,
        pairs: shared,
    })
}

/// Refuses runs scored differently (their signatures differ in a field that changes scores).
/// Runs of different metric sets pass: a metric's scores do not depend on the others', except
/// under `--refs best-first`, where the first metric picks the reference. With `allow_subset`,
/// the fields that describe the examples may differ too.
pub(crate) fn check_scored_alike(
    base: &RunFile,
    new: &RunFile,
    allow_subset: bool,
) -> Result<(), Error> {
    // Subsets of the examples may differ in how many references they have.
    let best_first =
        |r: &RunFile| r.signature_fields.get("refs").and_then(|v| v.as_str()) == Some("best-first");
    let mut ignored: Vec<&str> = Vec::new();
    if allow_subset {
        ignored.extend(crate::report::run::differences::EXAMPLE_FIELDS);
    }
    if !best_first(base) && !best_first(new) {
        ignored.push("metrics");
    }
    let diffs = crate::report::run::differences::differences(base, new, &ignored);
    if !diffs.is_empty() {
        return Err(Error::Options(format!(
            "the runs were scored differently; signatures differ in: {}",
            diffs.join(", ")
        )));
    }
    Ok(())
}

/// The examples both runs have, as (index in `base`, index in `new`) in `base`'s order.
/// Refuses runs of different examples (unless `allow_subset`, which notes it in `notes`) and
/// runs whose references differ for a shared example.
pub(crate) fn shared_examples(
    base: &RunFile,
    new: &RunFile,
    allow_subset: bool,
    notes: &mut Vec<String>,
) -> Result<Vec<(usize, usize)>, Error> {
    let new_by_key: HashMap<String, usize> = new
        .examples
        .iter()
        .enumerate()
        .map(|(i, e)| (e.key(), i))
        .collect();
    let shared: Vec<(usize, usize)> = base
        .examples
        .iter()
        .enumerate()
        .filter_map(|(i, e)| new_by_key.get(&e.key()).map(|&j| (i, j)))
        .collect();
    if shared.len() != base.examples.len() || shared.len() != new.examples.len() {
        let message = format!(
            "the runs have different examples: {} in base, {} in new, {} in both",
            base.examples.len(),
            new.examples.len(),
            shared.len()
        );
        if !allow_subset {
            return Err(Error::Options(format!(
                "{message} (use --allow-subset to compare the shared ones)"
            )));
        }
        if shared.is_empty() {
            return Err(Error::Options(message));
        }
        notes.push(format!("{message}; compared the shared examples only"));
    }
    let changed_refs: Vec<&str> = shared
        .iter()
        .filter(|(i, j)| base.examples[*i].references != new.examples[*j].references)
        .map(|(i, _)| base.examples[*i].id.as_str())
        .collect();
    if !changed_refs.is_empty() {
        return Err(Error::Options(format!(
            "the references differ for {} example(s), e.g. '{}': the runs are not comparable",
            changed_refs.len(),
            changed_refs[0]
        )));
    }
    Ok(shared)
}

/// The paired tests' settings for `resamples`, `trials` and `seed`: one place, so `compare`
/// and `leaderboard` run the same tests (the interval of Δ is always the 95% one).
pub(crate) fn paired_settings(resamples: usize, trials: usize, seed: u64) -> PairedSettings {
    PairedSettings {
        resamples,
        trials,
        confidence: 0.95,
        seed,
    }
}

/// The hash that keys an example's resample weights and randomization signs.
pub(crate) fn example_hash(e: &crate::report::RunExample) -> u64 {
    crate::report::key_hash(&crate::report::key_digest(&e.key()))
}
