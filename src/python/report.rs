//! Reports and run files: `score`, `Report`, `load_run`, `compare` and `merge`, with the
//! CLI's bytes.

use super::convert::{Columns, reference_column, text_column, texts};
use super::errors::{
    check_threads, detached, score_with_language_check, to_py_err, user_warning, warn_if_torn,
    xlsum_warnings,
};
use super::held::HeldPairs;
use super::keywords::ScoringKw;
use crate::Profile;
use crate::data::Pair;
use crate::files::write_atomic;
use crate::report::{self, CompareSettings, Format, RunFile, compare_runs, merge_runs};
use crate::run::{PROFILE_SAMPLE, PairSource, ScoredRun, language_sample_indices, score_source};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use std::path::PathBuf;

/// Per metric, the plain mean of precision, recall and F over `rows` (per example, the
/// three values of each metric in order), computed as every report computes it.
pub(super) fn means(names: &[String], rows: &[f64]) -> PyResult<Vec<(String, f64, f64, f64)>> {
    let metrics: Vec<crate::metrics::Metric> = names
        .iter()
        .map(|n| n.parse())
        .collect::<Result<_, _>>()
        .map_err(to_py_err)?;
    if !rows.len().is_multiple_of((3 * metrics.len()).max(1)) {
        return Err(PyValueError::new_err("rows do not match the metrics"));
    }
    Ok(report::means(&metrics, rows)
        .into_iter()
        .map(|(name, [p, r, f])| (name, p, r, f))
        .collect())
}

/// [`means`] for rows scored elsewhere (a Python tokenizer's).
#[pyfunction]
pub(super) fn aggregate(
    names: Vec<String>,
    rows: Vec<f64>,
) -> PyResult<Vec<(String, f64, f64, f64)>> {
    means(&names, &rows)
}

/// A scored run: the CLI's report for these examples and options, and what a run file needs.
#[pyclass(module = "tomtat._tomtat", frozen)]
pub struct Report {
    run: ScoredRun,
    /// The scored texts, as the caller's objects (for the run file).
    texts: HeldPairs,
}

pub(super) fn format_of(name: &str) -> PyResult<Format> {
    Ok(match name {
        "json" => Format::Json,
        "table" => Format::Table,
        "csv" => Format::Csv,
        "md" | "markdown" => Format::Markdown,
        other => {
            return Err(PyValueError::new_err(format!(
                "unknown format '{other}' (expected json, table, csv or md)"
            )));
        }
    })
}

#[pymethods]
impl Report {
    /// The report in `format` (json, table, csv, md): byte for byte what `tomtat score
    /// --format FORMAT` prints for the same examples and options.
    #[pyo3(signature = (format="json"))]
    fn render(&self, format: &str) -> PyResult<String> {
        Ok(report::exporter(format_of(format)?).render(&self.run.report))
    }

    /// The run file (what `tomtat score --save` writes), as JSON text.
    fn run_json(&self, py: Python<'_>) -> PyResult<String> {
        serde_json::to_string(&self.run_file(py)?)
            .map_err(|e| PyRuntimeError::new_err(e.to_string()))
    }

    /// Writes the run file to `path` atomically.
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        let json = self.run_json(py)?;
        detached(py, Some(1), || write_atomic(&path, json.as_bytes()))
    }

    /// The run as a [`Run`] (for `compare` and `merge` without a file).
    fn to_run(&self, py: Python<'_>) -> PyResult<Run> {
        Ok(Run {
            file: self.run_file(py)?,
            name: "<memory>".into(),
        })
    }

    /// The profile used, and whether it was detected from the text.
    #[getter]
    fn profile(&self) -> (String, bool) {
        (self.run.profile.to_string(), self.run.detected)
    }

    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.run.report.warnings.clone()
    }

    /// Per metric, per-example precision, recall and F in input order, with the ids.
    fn per_example(&self) -> (Vec<String>, Vec<Columns>) {
        let width = 3 * self.run.metrics.len();
        let rows = self.run.tally.rows();
        let cols = self
            .run
            .metrics
            .iter()
            .enumerate()
            .map(|(m, name)| {
                let col = |k: usize| rows.chunks_exact(width).map(|r| r[3 * m + k]).collect();
                (name.to_string(), col(0), col(1), col(2))
            })
            .collect();
        (self.run.ids(), cols)
    }
}

impl Report {
    /// The run file, with the texts read again from the caller's objects.
    fn run_file(&self, py: Python<'_>) -> PyResult<RunFile> {
        self.run
            .run_file(|i| self.texts.example_texts(py, i).map(Some))
    }
}

/// The pairs of `predictions` and `references`, with `ids` (default: positions) and `langs`,
/// copied: checked as [`score`] checks its inputs.
pub(super) fn keyed_pairs(
    predictions: &Bound<'_, PyAny>,
    references: &Bound<'_, PyAny>,
    ids: Option<&Bound<'_, PyAny>>,
    langs: Option<&Bound<'_, PyAny>>,
    sources: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<Pair>> {
    let held = held_pairs(predictions, references, ids, sources)?;
    let n = held.len();
    let langs = langs.map(|l| texts(l, "langs")).transpose()?;
    if let Some(langs) = &langs {
        same_length(langs.len(), "langs", n)?;
    }
    let mut pairs = held.read(0..n).map_err(to_py_err)?.into_owned();
    if let Some(langs) = langs {
        for (pair, lang) in pairs.iter_mut().zip(langs) {
            pair.lang = Some(lang);
        }
    }
    Ok(pairs)
}

/// Gives each pair its supplied scores: `columns[j]` holds the values of the `j`-th
/// `score_fields` name, one per pair; each is checked as `--score-field` checks a row.
pub(super) fn attach_scores(
    pairs: &mut [Pair],
    options: &crate::options::ScoringOptions,
    columns: Option<Vec<Vec<f64>>>,
) -> PyResult<()> {
    let columns = checked_scores(pairs.len(), options, columns)?;
    for (i, pair) in pairs.iter_mut().enumerate() {
        pair.scores = columns.iter().map(|c| c[i]).collect();
    }
    Ok(())
}

/// The supplied score columns of `n` pairs, checked: one per `score_fields` name, `n`
/// values each, every value as `--score-field` checks it.
fn checked_scores(
    n: usize,
    options: &crate::options::ScoringOptions,
    columns: Option<Vec<Vec<f64>>>,
) -> PyResult<Vec<Vec<f64>>> {
    let names = &options.score_fields;
    let columns = columns.unwrap_or_default();
    if columns.len() != names.len() {
        return Err(PyValueError::new_err(format!(
            "extra_scores: {} column(s) for {} score name(s)",
            columns.len(),
            names.len()
        )));
    }
    for (name, column) in names.iter().zip(&columns) {
        if column.len() != n {
            return Err(PyValueError::new_err(format!(
                "extra_scores['{name}']: {} values but {n} predictions",
                column.len(),
            )));
        }
        if let Some((i, why)) = column.iter().enumerate().find_map(|(i, v)| {
            crate::metrics::supplied::check_value(*v)
                .err()
                .map(|why| (i, why))
        }) {
            return Err(PyValueError::new_err(format!(
                "extra_scores['{name}'][{i}] {why}"
            )));
        }
    }
    Ok(columns)
}

/// Scores `predictions` against `references` into a [`Report`]. The texts are read a chunk
/// at a time from the caller's objects as the scoring goes, and the report keeps those
/// objects rather than copies (docs/performance.md#memory).
#[pyfunction]
#[pyo3(signature = (predictions, references, ids, options, threads=None, sources=None, extra_scores=None))]
#[allow(clippy::too_many_arguments)]
pub(super) fn score(
    py: Python<'_>,
    predictions: &Bound<'_, PyAny>,
    references: &Bound<'_, PyAny>,
    ids: Option<&Bound<'_, PyAny>>,
    options: ScoringKw,
    threads: Option<usize>,
    sources: Option<&Bound<'_, PyAny>>,
    extra_scores: Option<Vec<Vec<f64>>>,
) -> PyResult<Report> {
    let threads = check_threads(threads)?;
    let opts = options.options()?;
    let mut pairs = held_pairs(predictions, references, ids, sources)?;
    let n = pairs.len();
    pairs.set_scores(checked_scores(n, &opts, extra_scores)?);
    match opts.profile {
        Some(Profile::XlSum) => {
            let spec = &opts.tokenizer;
            xlsum_warnings(py, spec.stem, spec.xlsum_lang.as_deref(), &[] as &[Pair])?;
            pairs.check_nfc();
        }
        Some(profile) => {
            let first = pairs.read(0..n.min(PROFILE_SAMPLE)).map_err(to_py_err)?;
            warn_if_torn(py, profile, &first)?;
        }
        None => {}
    }
    let sample = pairs.pairs_at(py, &language_sample_indices(n))?;
    let run = score_with_language_check(py, threads, &sample, |stop| {
        score_source(&pairs, &opts, "input", stop)
    })?;
    if pairs.unnormalized() {
        user_warning(py, crate::text::xlsum::UNNORMALIZED)?;
    }
    pairs.keep_texts_only();
    Ok(Report { run, texts: pairs })
}

/// The checked inputs of [`score`], held as given: the columns' lengths agree, every
/// prediction has a reference and ids are not empty.
fn held_pairs(
    predictions: &Bound<'_, PyAny>,
    references: &Bound<'_, PyAny>,
    ids: Option<&Bound<'_, PyAny>>,
    sources: Option<&Bound<'_, PyAny>>,
) -> PyResult<HeldPairs> {
    let candidates = text_column(predictions, "predictions")?;
    let refs = reference_column(references, "references")?;
    let n = candidates.ends().len();
    let ends = refs.ends();
    if ends.len() != n {
        return Err(PyValueError::new_err(format!(
            "{n} predictions but {} references",
            ends.len()
        )));
    }
    if let Some(i) = (0..n).find(|&i| ends[i] == i.checked_sub(1).map_or(0, |j| ends[j])) {
        return Err(PyValueError::new_err(format!(
            "references[{i}]: no reference"
        )));
    }
    let sources = sources.map(|s| text_column(s, "sources")).transpose()?;
    if let Some(s) = &sources {
        same_length(s.ends().len(), "sources", n)?;
    }
    let ids = match ids {
        None => None,
        Some(obj) => {
            let ids = texts(obj, "ids")?;
            same_length(ids.len(), "ids", n)?;
            if let Some(i) = ids.iter().position(|id| id.trim().is_empty()) {
                return Err(PyValueError::new_err(format!(
                    "ids[{i}]: field 'id' is empty"
                )));
            }
            Some(ids)
        }
    };
    if n == 0 {
        return Err(PyValueError::new_err("nothing to score: no predictions"));
    }
    Ok(HeldPairs::new(candidates, refs, sources, ids))
}

/// A `ValueError` unless a column of `name` has one value for each of the `n` predictions.
fn same_length(len: usize, name: &str, n: usize) -> PyResult<()> {
    if len != n {
        return Err(PyValueError::new_err(format!(
            "{len} {name} but {n} predictions"
        )));
    }
    Ok(())
}

/// A saved run (`tomtat score --save`, or [`Report::to_run`]).
#[pyclass(module = "tomtat._tomtat", frozen)]
pub struct Run {
    pub(super) file: RunFile,
    pub(super) name: String,
}

impl Run {
    /// The run file.
    pub(super) fn file(&self) -> &RunFile {
        &self.file
    }
}

#[pymethods]
impl Run {
    #[getter]
    fn name(&self) -> String {
        self.name.clone()
    }

    #[getter]
    fn signature(&self) -> String {
        self.file.signature.clone()
    }

    #[getter]
    fn metrics(&self) -> Vec<String> {
        self.file.metrics.clone()
    }

    fn __len__(&self) -> usize {
        self.file.examples.len()
    }

    /// The run's report block as JSON text.
    fn report_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.file.report).map_err(|e| PyRuntimeError::new_err(e.to_string()))
    }

    /// The whole run file as JSON text.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.file).map_err(|e| PyRuntimeError::new_err(e.to_string()))
    }

    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        let json = self.to_json()?;
        detached(py, Some(1), || write_atomic(&path, json.as_bytes()))
    }
}

/// Reads and checks a run file.
#[pyfunction]
pub(super) fn load_run(py: Python<'_>, path: PathBuf) -> PyResult<Run> {
    let file = detached(py, Some(1), || RunFile::read(&path))?;
    Ok(Run {
        file,
        name: path.display().to_string(),
    })
}

/// Settings of `compare`, as a dict built by the Python side.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
pub(super) struct CompareKw {
    metrics: Vec<String>,
    alpha: f64,
    tolerance: f64,
    extra_tolerance: f64,
    trials: usize,
    resamples: usize,
    seed: u64,
    allow_subset: bool,
    fail_on_change: bool,
}

/// Compares two runs; returns the comparison in every format and whether the gate fails.
#[pyfunction]
#[pyo3(signature = (base, new, settings, threads=None))]
pub(super) fn compare(
    py: Python<'_>,
    base: &Run,
    new: &Run,
    settings: CompareKw,
    threads: Option<usize>,
) -> PyResult<(String, String, String, String, bool)> {
    let threads = check_threads(threads)?;
    let settings = CompareSettings {
        metrics: settings.metrics,
        alpha: settings.alpha,
        tolerance: settings.tolerance,
        extra_tolerance: settings.extra_tolerance,
        trials: settings.trials,
        resamples: settings.resamples,
        seed: settings.seed,
        allow_subset: settings.allow_subset,
        fail_on_change: settings.fail_on_change,
    };
    detached(py, threads, || {
        let c = compare_runs(&base.file, &new.file, &base.name, &new.name, &settings)?;
        Ok((
            report::render_json(&c),
            report::render_table(&c),
            report::render_markdown(&c),
            report::render_junit(&c),
            c.failed(),
        ))
    })
}

/// Merges runs of disjoint shards into one.
#[pyfunction]
pub(super) fn merge(py: Python<'_>, runs: Vec<PyRef<'_, Run>>) -> PyResult<Run> {
    let files: Vec<RunFile> = runs.iter().map(|r| r.file.clone()).collect();
    let names: Vec<String> = runs.iter().map(|r| r.name.clone()).collect();
    let file = detached(py, None, || merge_runs(&files, &names))?;
    Ok(Run {
        file,
        name: "<merged>".into(),
    })
}
