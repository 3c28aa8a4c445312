//! Engine states for Spark, Ray and Dask: per-partition scoring and paired states as bytes,
//! their merges, and the report or comparison of a merged state.

use super::convert::Columns;
use super::convert::texts;
use super::errors::{check_threads, detached, guarded, to_py_err};
use super::keywords::ScoringKw;
use super::report::{Run, attach_scores, format_of, keyed_pairs};
use super::scorer::Scorer;
use crate::error::Error;
use crate::options::ScoringOptions;
use crate::report::{self};
use crate::run::detect_profile;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use std::path::PathBuf;

/// Scores one partition of a distributed run: ids, per metric the per-example precision,
/// recall and F, and the partition's state bytes ([`report::RunState`]). The profile must be
/// explicit, so that every partition scores alike.
#[pyfunction]
#[pyo3(signature = (ids, predictions, references, langs, options, threads=None, extra_scores=None))]
#[allow(clippy::too_many_arguments)]
pub(super) fn score_partition<'py>(
    py: Python<'py>,
    ids: &Bound<'py, PyAny>,
    predictions: &Bound<'py, PyAny>,
    references: &Bound<'py, PyAny>,
    langs: Option<&Bound<'py, PyAny>>,
    options: ScoringKw,
    threads: Option<usize>,
    extra_scores: Option<Vec<Vec<f64>>>,
) -> PyResult<(Vec<String>, Vec<Columns>, Bound<'py, PyBytes>)> {
    let threads = check_threads(threads)?;
    let opts = options.options()?;
    let mut pairs = keyed_pairs(predictions, references, Some(ids), langs, None)?;
    attach_scores(&mut pairs, &opts, extra_scores)?;
    let (scores, state) = detached(py, threads, || {
        crate::run::score_partition(&pairs, &opts, "partition")
    })?;
    let metrics = state_metrics(&opts)?;
    let columns = metrics
        .iter()
        .enumerate()
        .map(|(m, name)| {
            let col = |f: fn(&crate::metrics::Prf) -> f64| {
                scores.iter().map(|s| f(&s.scores[m])).collect()
            };
            (
                name.clone(),
                col(|p| p.precision),
                col(|p| p.recall),
                col(|p| p.fmeasure),
            )
        })
        .collect();
    let ids = pairs.into_iter().map(|p| p.id).collect();
    Ok((ids, columns, PyBytes::new(py, &state.to_bytes())))
}

/// Every check [`score_partition`] makes of its options (profile, metrics, profile options,
/// stop-word and alias files), without scoring: for an adapter's driver, before any job.
#[pyfunction]
pub(super) fn check_options(options: ScoringKw) -> PyResult<()> {
    let opts = options.options()?;
    crate::run::score_partition(&[], &opts, "options")
        .map(|_| ())
        .map_err(to_py_err)
}

/// The names of the metrics a run with these options reports, in order (supplied scores as
/// `extra:NAME`): the columns of a partition's per-example scores.
#[pyfunction]
pub(super) fn metric_names(options: ScoringKw) -> PyResult<Vec<String>> {
    state_metrics(&options.options()?)
}

fn state_metrics(opts: &ScoringOptions) -> PyResult<Vec<String>> {
    Ok(opts
        .score_options()
        .map_err(to_py_err)?
        .metrics
        .iter()
        .map(|m| m.to_string())
        .collect())
}

fn read_state(bytes: &[u8]) -> PyResult<report::RunState> {
    report::RunState::from_bytes(bytes).map_err(to_py_err)
}

/// The profile `tomtat score` would detect for these examples (from the first thousand).
#[pyfunction]
pub(super) fn detect_profile_of(
    predictions: &Bound<'_, PyAny>,
    references: &Bound<'_, PyAny>,
) -> PyResult<String> {
    let pairs = guarded(|| Scorer::pairs(predictions, references))?;
    Ok(detect_profile(&pairs).to_string())
}

/// Folds serialized states with `merge` (associative and commutative, for an engine's reduce)
/// into one state's bytes, without the GIL; `what` names the states in the error for an empty
/// list.
fn fold_states<'py, S>(
    py: Python<'py>,
    states: &[Vec<u8>],
    what: &str,
    read: impl Fn(&[u8]) -> Result<S, Error> + Send + Sync,
    merge: impl Fn(&mut S, &S) -> Result<(), Error> + Send + Sync,
    to_bytes: impl Fn(&S) -> Vec<u8> + Send + Sync,
) -> PyResult<Bound<'py, PyBytes>> {
    let merged = detached(py, Some(1), || {
        let mut it = states.iter();
        let first = it
            .next()
            .ok_or_else(|| Error::Options(format!("nothing to merge: no {what} state given")))?;
        let mut acc = read(first)?;
        for s in it {
            merge(&mut acc, &read(s)?)?;
        }
        Ok(to_bytes(&acc))
    })?;
    Ok(PyBytes::new(py, &merged))
}

/// The merge of partial states.
#[pyfunction]
pub(super) fn merge_states<'py>(
    py: Python<'py>,
    states: Vec<Vec<u8>>,
) -> PyResult<Bound<'py, PyBytes>> {
    fold_states(
        py,
        &states,
        "partial",
        report::RunState::from_bytes,
        |acc, s| acc.merge(s),
        report::RunState::to_bytes,
    )
}

/// The paired state of one partition of examples joined by key: per metric the baseline's
/// and the new run's F.
#[pyfunction]
#[pyo3(signature = (ids, langs, base, new, metrics, resamples, trials, seed))]
#[allow(clippy::too_many_arguments)]
pub(super) fn paired_partition<'py>(
    py: Python<'py>,
    ids: &Bound<'py, PyAny>,
    langs: Option<&Bound<'py, PyAny>>,
    base: Vec<Vec<f64>>,
    new: Vec<Vec<f64>>,
    metrics: Vec<String>,
    resamples: usize,
    trials: usize,
    seed: u64,
) -> PyResult<Bound<'py, PyBytes>> {
    let ids = texts(ids, "ids")?;
    let langs = langs.map(|l| texts(l, "langs")).transpose()?;
    let n = ids.len();
    let columns_ok = base.len() == metrics.len()
        && new.len() == metrics.len()
        && base.iter().chain(&new).all(|c| c.len() == n)
        && langs.as_ref().is_none_or(|l| l.len() == n);
    if !columns_ok {
        return Err(PyValueError::new_err(format!(
            "paired_partition: every column must have one value per id ({n} ids) and one \
             base and one new column per metric ({} metrics)",
            metrics.len()
        )));
    }
    check_gate_counts(resamples, trials)?;
    // F is held in fixed point on [0, 1]: a value outside would be clamped, so that scores on
    // a 0-100 scale would compare as equal. Supplied scores have their own (bounded) range.
    for (side, columns) in [("base", &base), ("new", &new)] {
        for (m, column) in columns.iter().enumerate() {
            let supplied = crate::stats::Scale::of_name(&metrics[m]) == crate::stats::Scale::Open;
            let bad = |v: f64| {
                if supplied {
                    crate::metrics::supplied::check_value(v).err()
                } else if !(v.is_finite() && (0.0..=1.0).contains(&v)) {
                    Some(format!(
                        "is {v}: F scores are in [0, 1] (divide scores on a 0-100 scale by 100)"
                    ))
                } else {
                    None
                }
            };
            if let Some((row, why)) = column
                .iter()
                .enumerate()
                .find_map(|(row, v)| bad(*v).map(|why| (row, why)))
            {
                return Err(PyValueError::new_err(format!(
                    "paired_partition: {side} {} of row {row} {why}",
                    metrics[m]
                )));
            }
        }
    }
    let state = detached(py, Some(1), || {
        let keys: Vec<u64> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let lang = langs.as_ref().map(|l| l[i].as_str());
                report::key_hash(&report::key_digest(&crate::report::example_key(id, lang)))
            })
            .collect();
        let settings = crate::stats::PairedSettings {
            resamples,
            trials,
            confidence: 0.95,
            seed,
        };
        let mut state = crate::stats::PairedState::new(metrics, settings)
            .map_err(|e| Error::Options(e.to_string()))?;
        state.add(&base, &new, &keys);
        Ok(state.to_bytes())
    })?;
    Ok(PyBytes::new(py, &state))
}

fn read_paired(bytes: &[u8]) -> Result<crate::stats::PairedState, Error> {
    crate::stats::PairedState::from_bytes(bytes).map_err(|e| Error::Options(e.to_string()))
}

/// The merge of paired states.
#[pyfunction]
pub(super) fn merge_paired<'py>(
    py: Python<'py>,
    states: Vec<Vec<u8>>,
) -> PyResult<Bound<'py, PyBytes>> {
    fold_states(
        py,
        &states,
        "paired",
        read_paired,
        |acc, s| acc.merge(s).map_err(|e| Error::Options(e.to_string())),
        crate::stats::PairedState::to_bytes,
    )
}

/// The gate check `tomtat compare` makes ([`crate::stats::GateSettings`]), for an adapter to
/// call before it starts any job; errors name the Python keywords.
#[pyfunction]
#[pyo3(signature = (alpha, tolerance, resamples, trials, extra_tolerance=0.0))]
pub(super) fn check_gate(
    alpha: f64,
    tolerance: f64,
    resamples: usize,
    trials: usize,
    extra_tolerance: f64,
) -> PyResult<()> {
    gate_settings(alpha, tolerance, resamples, trials, extra_tolerance).map(|_| ())
}

fn gate_settings(
    alpha: f64,
    tolerance: f64,
    resamples: usize,
    trials: usize,
    extra_tolerance: f64,
) -> PyResult<crate::stats::GateSettings> {
    let gate = crate::stats::GateSettings {
        alpha,
        tolerance,
        extra_tolerance,
        trials,
        resamples,
    };
    gate.check().map_err(|e| {
        let keyword = e.name.replace('-', "_");
        PyValueError::new_err(format!("{keyword}={}: must be {}", e.got, e.expected))
    })?;
    Ok(gate)
}

fn check_gate_counts(resamples: usize, trials: usize) -> PyResult<()> {
    crate::stats::check_counts(resamples, trials)
        .map_err(|e| PyValueError::new_err(format!("{}={}: must be {}", e.name, e.got, e.expected)))
}

/// Per metric, the entry `tomtat compare --format json` prints under `metrics`.
#[pyfunction]
pub(super) fn paired_results<'py>(
    py: Python<'py>,
    state: &[u8],
    alpha: f64,
    tolerance: f64,
    extra_tolerance: f64,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let state = read_paired(state).map_err(to_py_err)?;
    let (resamples, trials) = state.counts();
    let gate = gate_settings(alpha, tolerance, resamples, trials, extra_tolerance)?;
    let results = state.results(0.95);
    let adjusted = crate::stats::holm(
        &results
            .iter()
            .map(|r| r.p_randomization)
            .collect::<Vec<_>>(),
    );
    let json = py.import("json")?;
    state
        .metrics()
        .iter()
        .zip(results)
        .zip(adjusted)
        .map(|((metric, result), p_holm)| {
            let entry =
                report::MetricComparison::judged(metric.clone(), result, p_holm, &gate, Vec::new());
            let text =
                serde_json::to_string(&entry).map_err(|e| PyValueError::new_err(e.to_string()))?;
            json.call_method1("loads", (text,))
        })
        .collect()
}

/// The report of a (merged) partial state.
#[pyfunction]
pub(super) fn state_report(state: &[u8]) -> PyResult<StateReport> {
    Ok(StateReport {
        report: read_state(state)?.report(),
    })
}

/// The report of partial states merged by an engine: the same bytes as `tomtat score` on all
/// the examples, but with no per-example scores of its own (the engine holds those).
#[pyclass(module = "tomtat._tomtat", frozen)]
pub struct StateReport {
    report: report::Report,
}

fn no_examples() -> PyErr {
    PyValueError::new_err(
        "a report merged from partial states keeps no per-example scores: take them from the \
         engine's per-example output (or use tomtat.score for a run file)",
    )
}

#[pymethods]
impl StateReport {
    #[pyo3(signature = (format="json"))]
    fn render(&self, format: &str) -> PyResult<String> {
        Ok(report::exporter(format_of(format)?).render(&self.report))
    }

    #[getter]
    fn profile(&self) -> (String, bool) {
        let profile = self.report.signature_fields.get("profile");
        (
            profile.and_then(|p| p.as_str()).unwrap_or("").to_string(),
            false,
        )
    }

    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.report.warnings.clone()
    }

    fn run_json(&self) -> PyResult<String> {
        Err(no_examples())
    }

    fn save(&self, _path: PathBuf) -> PyResult<()> {
        Err(no_examples())
    }

    fn to_run(&self) -> PyResult<Run> {
        Err(no_examples())
    }

    fn per_example(&self) -> PyResult<(Vec<String>, Vec<Columns>)> {
        Err(no_examples())
    }
}
