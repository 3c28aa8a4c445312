//! `tomtat.correlate`: the library's correlation of runs' metrics with human ratings, as
//! `tomtat correlate` computes and renders it.

use super::errors::{detached, to_py_err};
use super::report::Run;
use crate::data::{RatingFields, read_ratings};
use crate::error::Error;
use crate::report::{CorrelateSettings, correlate as correlate_runs};
use pyo3::prelude::*;
use std::path::PathBuf;

/// Reads a ratings file (JSON Lines, CSV/TSV, Parquet, Arrow) as (system, id, rating) rows.
#[pyfunction]
pub(super) fn read_ratings_file(
    py: Python<'_>,
    path: PathBuf,
    system_field: String,
    id_field: String,
    rating_field: String,
) -> PyResult<Vec<(String, String, f64)>> {
    let fields = RatingFields {
        system: system_field,
        id: id_field,
        rating: rating_field,
    };
    detached(py, Some(1), || {
        Ok(read_ratings(&path, &fields)?
            .into_iter()
            .map(|r| (r.system, r.id, r.value))
            .collect())
    })
}

/// Correlates the metrics of `runs` (system name, run) with `ratings`; returns the report as
/// JSON, table, Markdown and HTML, as `tomtat correlate --format` prints them.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
pub(super) fn correlate(
    py: Python<'_>,
    runs: Vec<(String, Py<Run>)>,
    ratings: Vec<(String, String, f64)>,
    rating: String,
    resample: String,
    resamples: usize,
    confidence: f64,
    seed: u64,
) -> PyResult<(String, String, String, String)> {
    let settings = CorrelateSettings {
        resample: resample.parse().map_err(to_py_err)?,
        resamples,
        confidence,
        seed,
    };
    settings.check().map_err(to_py_err)?;
    if let Some((system, id, value)) = ratings.iter().find(|r| !r.2.is_finite()) {
        return Err(to_py_err(Error::Options(format!(
            "ratings: system '{system}' id '{id}' is {value}, not a finite number"
        ))));
    }
    // Borrowed, not copied: a frozen `Run` is read without the GIL.
    let runs: Vec<(String, &crate::report::RunFile)> = runs
        .iter()
        .map(|(name, run)| (name.clone(), run.get().file()))
        .collect();
    detached(py, None, || {
        let r = correlate_runs(&runs, &ratings, &rating, settings)?;
        let json = serde_json::to_string_pretty(&r)
            .map_err(|e| Error::Options(format!("cannot serialize the report: {e}")))?
            + "\n";
        Ok((
            json,
            crate::report::render_correlation(&r, false),
            crate::report::render_correlation(&r, true),
            crate::report::correlation_html(&r),
        ))
    })
}
