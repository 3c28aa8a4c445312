//! The Python skin (`tomtat._tomtat`, built with `--features python`): converts Python values
//! to the library's types and back, releases the GIL around real work, and turns library
//! errors into `ValueError`/`OSError` (and a panic into `RuntimeError`) with the CLI's
//! messages. Every number comes from the library; nothing is computed here.

mod batch;
mod board;
mod convert;
mod correlation;
mod engine;
mod errors;
mod held;
mod keywords;
mod report;
mod scorer;

use board::leaderboard;
use convert::ArrowText;
use correlation::{correlate, read_ratings_file};
use engine::{
    StateReport, check_gate, check_options, detect_profile_of, merge_paired, merge_states,
    metric_names, paired_partition, paired_results, score_partition, state_report,
};
use pyo3::prelude::*;
use report::{Report, Run, aggregate, compare, load_run, merge, score};
use scorer::{Scorer, tokenize};

#[pymodule]
fn _tomtat(m: &Bound<'_, PyModule>) -> PyResult<()> {
    errors::note_loading_process();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<ArrowText>()?;
    m.add_class::<Scorer>()?;
    m.add_class::<Report>()?;
    m.add_class::<Run>()?;
    m.add_class::<StateReport>()?;
    m.add_function(wrap_pyfunction!(tokenize, m)?)?;
    m.add_function(wrap_pyfunction!(score, m)?)?;
    m.add_function(wrap_pyfunction!(load_run, m)?)?;
    m.add_function(wrap_pyfunction!(compare, m)?)?;
    m.add_function(wrap_pyfunction!(merge, m)?)?;
    m.add_function(wrap_pyfunction!(leaderboard, m)?)?;
    m.add_function(wrap_pyfunction!(aggregate, m)?)?;
    m.add_function(wrap_pyfunction!(score_partition, m)?)?;
    m.add_function(wrap_pyfunction!(merge_states, m)?)?;
    m.add_function(wrap_pyfunction!(state_report, m)?)?;
    m.add_function(wrap_pyfunction!(paired_partition, m)?)?;
    m.add_function(wrap_pyfunction!(merge_paired, m)?)?;
    m.add_function(wrap_pyfunction!(paired_results, m)?)?;
    m.add_function(wrap_pyfunction!(check_gate, m)?)?;
    m.add_function(wrap_pyfunction!(check_options, m)?)?;
    m.add_function(wrap_pyfunction!(metric_names, m)?)?;
    m.add_function(wrap_pyfunction!(detect_profile_of, m)?)?;
    m.add_function(wrap_pyfunction!(correlate, m)?)?;
    m.add_function(wrap_pyfunction!(read_ratings_file, m)?)?;
    Ok(())
}
