//! `tomtat compare BASE_RUN NEW_RUN`: paired significance tests; exit 1 on a regression.

use anyhow::Result;
use clap::ValueEnum;
use std::path::PathBuf;
use std::process::ExitCode;
use tomtat::files::{Input, check_outputs};
use tomtat::report::{
    CompareSettings, RunFile, compare_runs, render_json, render_junit, render_markdown,
    render_table,
};

/// Compare two saved runs of the same examples (`tomtat score … --save RUN.json`).
///
/// Pairs examples by id, then for each metric's F: both means, Δ (points), Δ%, the paired
/// bootstrap interval of Δ, paired bootstrap and approximate-randomization p-values (+1
/// corrected), wins/ties/losses, and Holm-adjusted p across metrics. Exit 0 when no metric is
/// significantly worse beyond the tolerance, 1 when one is (named in the output), 2 on bad input
/// (different signatures, different examples or references).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tomtat compare baseline.json today.json
  tomtat compare baseline.json today.json --format md >> \"$GITHUB_STEP_SUMMARY\"
  tomtat compare baseline.json today.json --metric rouge2 --tolerance 0.2 --format junit -o compare.xml")]
pub struct Args {
    /// The reference run
    pub base: PathBuf,
    /// The run being checked
    pub new: PathBuf,
    /// Metric to compare (repeatable) [default: every metric in both runs]
    #[arg(long = "metric", value_name = "NAME")]
    pub metrics: Vec<String>,
    /// Significance level: a metric can fail only when its Holm-adjusted randomization p-value
    /// (p Holm) is below it. `--alpha` is its old name, kept for scripts (score's --alpha weighs
    /// F, another thing)
    #[arg(
        long = "level",
        visible_alias = "alpha",
        value_name = "P",
        default_value_t = 0.05
    )]
    pub alpha: f64,
    /// A drop smaller than this many points (0–100 scale) never fails
    #[arg(long, default_value_t = 0.5)]
    pub tolerance: f64,
    /// The same for supplied scores (extra:NAME), in their own units: 0 fails any
    /// significant drop
    #[arg(long, default_value_t = 0.0)]
    pub extra_tolerance: f64,
    #[command(flatten)]
    pub tests: super::options::PairedTestArgs,
    /// Compare the examples both runs have, instead of refusing different id sets
    #[arg(long)]
    pub allow_subset: bool,
    /// Also fail (exit 1) when any per-example score differs at all (for pinning a baseline)
    #[arg(long)]
    pub fail_on_change: bool,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: CompareFormat,
    /// Write the output to FILE (atomically) instead of stdout
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CompareFormat {
    /// Aligned text
    Table,
    /// Markdown for a CI job summary (compact table, details folded)
    Md,
    /// Machine-readable
    Json,
    /// JUnit XML, one test case per metric
    Junit,
    /// One self-contained page: the table, an explorer of the examples (sortable, filterable,
    /// each opening both candidates and the references with matched words marked) and plots
    Html,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let settings = CompareSettings {
        metrics: args.metrics.clone(),
        alpha: args.alpha,
        tolerance: args.tolerance,
        extra_tolerance: args.extra_tolerance,
        trials: args.tests.trials,
        resamples: args.tests.resamples,
        seed: args.tests.seed,
        allow_subset: args.allow_subset,
        fail_on_change: args.fail_on_change,
    };
    settings.check()?;
    if let Some(out) = &args.output {
        check_outputs(&[Input::File(&args.base), Input::File(&args.new)], &[out])?;
    }
    let base = RunFile::read(&args.base)?;
    let new = RunFile::read(&args.new)?;
    let comparison = compare_runs(
        &base,
        &new,
        &args.base.display().to_string(),
        &args.new.display().to_string(),
        &settings,
    )?;
    let rendered = match args.format {
        CompareFormat::Table => render_table(&comparison),
        CompareFormat::Md => render_markdown(&comparison),
        CompareFormat::Json => render_json(&comparison),
        CompareFormat::Junit => render_junit(&comparison),
        CompareFormat::Html => {
            use tomtat::report::explorer::{Column, Explorer, compare_rows};
            let (rows, notes) = compare_rows(&comparison, &base, &new);
            let explorer = Explorer {
                mode: "compare",
                columns: comparison
                    .metrics
                    .iter()
                    .map(|m| Column::metric(&m.metric))
                    .collect(),
                rows: &rows,
                labels: (&comparison.base, &comparison.new),
                notes,
            };
            tomtat::report::compare_html(&comparison, &explorer.html())
        }
    };
    super::emit(args.output.as_deref(), &rendered)?;
    Ok(if comparison.failed() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
