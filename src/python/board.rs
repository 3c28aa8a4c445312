//! `tomtat.leaderboard`: the CLI's `leaderboard` over loaded runs, rendered in every format.

use super::errors::{check_threads, detached};
use super::report::Run;
use crate::report::{self, LeaderboardSettings, RunFile};
use pyo3::prelude::*;

/// Settings of `leaderboard`, as a dict built by the Python side.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
pub(super) struct BoardKw {
    metrics: Vec<String>,
    level: f64,
    trials: usize,
    resamples: usize,
    seed: u64,
    baseline: Option<usize>,
}

/// Ranks runs named `names` (a `None`: the CLI's name, from where the run was read); returns
/// the board as JSON, table, Markdown, CSV and HTML.
#[pyfunction]
#[pyo3(signature = (runs, names, settings, threads=None))]
pub(super) fn leaderboard(
    py: Python<'_>,
    runs: Vec<PyRef<'_, Run>>,
    names: Vec<Option<String>>,
    settings: BoardKw,
    threads: Option<usize>,
) -> PyResult<(String, String, String, String, String)> {
    let threads = check_threads(threads)?;
    let files: Vec<RunFile> = runs.iter().map(|r| r.file.clone()).collect();
    let origins: Vec<String> = runs.iter().map(|r| r.name.clone()).collect();
    let names: Vec<String> = names
        .into_iter()
        .zip(report::run_names(&origins))
        .map(|(given, default)| given.unwrap_or(default))
        .collect();
    if let Some(dup) = names
        .iter()
        .find(|n| names.iter().filter(|m| m == n).count() > 1)
    {
        return Err(pyo3::exceptions::PyValueError::new_err(format!(
            "two runs are named '{dup}': pass a dict of names"
        )));
    }
    let settings = LeaderboardSettings {
        metrics: settings.metrics,
        level: settings.level,
        trials: settings.trials,
        resamples: settings.resamples,
        seed: settings.seed,
        baseline: settings.baseline,
    };
    detached(py, threads, || {
        let board = report::leaderboard(&files, &names, &settings)?;
        Ok((
            report::render_leaderboard_json(&board),
            report::render_leaderboard_table(&board),
            report::render_leaderboard_markdown(&board),
            report::render_leaderboard_csv(&board),
            report::leaderboard_html(&board, &files),
        ))
    })
}
