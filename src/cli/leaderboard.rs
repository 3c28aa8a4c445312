//! `tomtat leaderboard RUN…`: many saved runs ranked, every pair tested as `compare` tests it.

use anyhow::{Result, bail};
use clap::ValueEnum;
use std::path::PathBuf;
use std::process::ExitCode;
use tomtat::files::{Input, check_outputs};
use tomtat::report::{
    LeaderboardSettings, RunFile, leaderboard, render_leaderboard_csv, render_leaderboard_json,
    render_leaderboard_markdown, render_leaderboard_table,
};

/// Rank saved runs of the same examples, with significance clusters.
///
/// Every pair of runs (or, with --baseline, every run against one) gets compare's tests on
/// each metric's F: the paired bootstrap and approximate randomization, from the same keyed
/// resamples, so a pair's Δ and p-values equal `tomtat compare A B`'s bit for bit. Holm's
/// correction runs across all pairs of a metric. Systems that are not significantly different
/// share a cluster (1 = best) and their ranks show as a range ("1–2"). Runs scored
/// differently or on other examples are refused (exit 2), naming the run. Nothing is
/// rescored: the run files hold what the tests need.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tomtat leaderboard runs/*.json
  tomtat leaderboard lead-3.json model-a.json model-b.json --metric rouge2 --metric rougeL
  tomtat leaderboard runs/*.json --baseline runs/lead-3.json --format md >> \"$GITHUB_STEP_SUMMARY\"
  tomtat leaderboard runs/*.json --format html -o leaderboard.html")]
pub struct Args {
    /// Saved runs (`tomtat score … --save RUN.json`) of the same examples
    #[arg(required = true, value_name = "RUN")]
    pub runs: Vec<PathBuf>,
    /// Metric to show (repeatable); the first ranks [default: every metric all runs have]
    #[arg(long = "metric", value_name = "NAME")]
    pub metrics: Vec<String>,
    /// Test every run against this one only (sacreBLEU's multi-system shape) instead of every
    /// pair; it joins the board if not among the RUNs
    #[arg(long, value_name = "RUN")]
    pub baseline: Option<PathBuf>,
    /// A system's name (repeatable, one per RUN in order) [default: the file name without
    /// .json, or the path when two names would be the same]
    #[arg(long = "name", value_name = "NAME")]
    pub names: Vec<String>,
    /// Significance level of the Holm-adjusted randomization p-value
    #[arg(long, value_name = "P", default_value_t = 0.05)]
    pub level: f64,
    #[command(flatten)]
    pub tests: super::options::PairedTestArgs,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: BoardFormat,
    /// Write the output to FILE (atomically) instead of stdout
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum BoardFormat {
    /// Aligned text: the systems, then the pairs of the ranking metric
    Table,
    /// Markdown for a paper or a CI job summary
    Md,
    /// Machine-readable: systems[] and pairs[] (docs/schemas.md)
    Json,
    /// One row per system (and per language block)
    Csv,
    /// One self-contained page: the sortable table, the Δ matrix coloured by significance and
    /// an explorer of the examples of any two systems
    Html,
}

/// The default names of the runs read from `paths` (the library's rule, as Python names them).
fn default_names(paths: &[PathBuf]) -> Vec<String> {
    let origins: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    tomtat::report::run_names(&origins)
}

pub fn run(args: Args) -> Result<ExitCode> {
    let mut paths = args.runs.clone();
    let baseline = args.baseline.as_ref().map(|b| {
        paths
            .iter()
            .position(|p| tomtat::files::same_file(p, b))
            .unwrap_or_else(|| {
                paths.insert(0, b.clone());
                0
            })
    });
    let names = if args.names.is_empty() {
        default_names(&paths)
    } else if args.names.len() == args.runs.len() {
        let mut names = args.names.clone();
        if paths.len() > args.runs.len() {
            names.insert(0, default_names(&paths)[0].clone());
        }
        names
    } else {
        bail!(
            "--name was given {} times for {} runs: give one name per RUN, in order",
            args.names.len(),
            args.runs.len()
        );
    };
    if let Some(dup) = names
        .iter()
        .find(|n| names.iter().filter(|m| m == n).count() > 1)
    {
        bail!("two runs are named '{dup}': give each its own --name");
    }
    let settings = LeaderboardSettings {
        metrics: args.metrics.clone(),
        level: args.level,
        trials: args.tests.trials,
        resamples: args.tests.resamples,
        seed: args.tests.seed,
        baseline,
    };
    if let Some(out) = &args.output {
        let inputs: Vec<Input> = paths.iter().map(|p| Input::File(p)).collect();
        check_outputs(&inputs, &[out])?;
    }
    // Read in parallel; the first unreadable run in command-line order is the error shown.
    let runs = {
        use rayon::prelude::*;
        let read: Vec<_> = paths.par_iter().map(|p| RunFile::read(p)).collect();
        read.into_iter().collect::<Result<Vec<_>, _>>()?
    };
    let board = leaderboard(&runs, &names, &settings)?;
    let rendered = match args.format {
        BoardFormat::Table => render_leaderboard_table(&board),
        BoardFormat::Md => render_leaderboard_markdown(&board),
        BoardFormat::Json => render_leaderboard_json(&board),
        BoardFormat::Csv => render_leaderboard_csv(&board),
        BoardFormat::Html => tomtat::report::leaderboard_html(&board, &runs),
    };
    super::emit(args.output.as_deref(), &rendered)?;
    Ok(ExitCode::SUCCESS)
}
