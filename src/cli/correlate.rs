//! `tomtat correlate --ratings FILE --rating-field NAME RUN…`: which metric agrees with people.

use anyhow::{Context, Result, bail};
use clap::ValueEnum;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tomtat::files::{Input, check_outputs};
use tomtat::report::{CorrelateSettings, Resample, RunFile, correlate, render_correlation};

/// Correlate the metrics of saved runs (one per system) with human ratings.
///
/// Ratings are rows with a system, an id and a numeric rating (JSON Lines, CSV/TSV with a
/// header, Parquet or Arrow). A run's system name is its file stem (`runs/bart.json` is `bart`). For every metric
/// of the runs: Pearson, Spearman and Kendall τ-b and τ-c (as scipy.stats computes them) at the
/// summary level (per input across systems, averaged), the system level (system means) and the
/// global level (all pairs), over the inputs every system has both a run example and a rating
/// for; intervals from a bootstrap that resamples systems, inputs or both (Deutsch, Dror & Roth
/// 2021).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tomtat correlate --ratings ratings.jsonl --rating-field relevance runs/*.json
  tomtat correlate --ratings ratings.csv --rating-field score --resample systems --format md a.json b.json c.json")]
pub struct Args {
    /// Saved runs, one per system (`tomtat score … --save`); the system is the file stem
    #[arg(required = true, num_args = 2..)]
    pub runs: Vec<PathBuf>,
    /// Human ratings: JSON Lines, CSV/TSV with a header, Parquet or Arrow
    #[arg(long, value_name = "FILE")]
    pub ratings: PathBuf,
    /// Field (column) holding the rating
    #[arg(long, value_name = "NAME")]
    pub rating_field: String,
    /// Field holding the system name
    #[arg(long, value_name = "NAME", default_value = "system")]
    pub system_field: String,
    /// Field holding the example id
    #[arg(long, value_name = "NAME", default_value = "id")]
    pub id_field: String,
    /// What the bootstrap resamples [default: both]
    #[arg(long, value_enum)]
    pub resample: Option<ResampleArg>,
    /// Bootstrap resamples (0 = no intervals; then --resample, --confidence and --seed would do
    /// nothing and are refused)
    #[arg(long, default_value_t = 1000)]
    pub resamples: usize,
    /// Confidence level of the intervals [default: 0.95]
    #[arg(long)]
    pub confidence: Option<f64>,
    /// Seed of the bootstrap [default: 12345]
    #[arg(long)]
    pub seed: Option<u64>,
    /// Output format
    #[arg(long, value_enum, default_value_t = CorrelateFormat::Table)]
    pub format: CorrelateFormat,
    /// Write the output to FILE (atomically) instead of stdout
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ResampleArg {
    /// Systems and inputs (BOOT-BOTH)
    Both,
    /// Systems only (BOOT-SYSTEMS)
    Systems,
    /// Inputs only (BOOT-INPUTS)
    Inputs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CorrelateFormat {
    /// Aligned text
    Table,
    /// Every coefficient with its interval
    Json,
    /// Markdown tables
    Md,
    /// One self-contained page: the tables and a scatter of each metric against the rating
    Html,
}

pub fn run(args: Args) -> Result<ExitCode> {
    if args.resamples == 0 {
        let given: Vec<&str> = [
            args.resample.map(|_| "--resample"),
            args.confidence.map(|_| "--confidence"),
            args.seed.map(|_| "--seed"),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !given.is_empty() {
            bail!(
                "{} works only with --resamples above 0; here it would do nothing",
                given.join(", ")
            );
        }
    }
    let settings = CorrelateSettings {
        resample: match args.resample.unwrap_or(ResampleArg::Both) {
            ResampleArg::Both => Resample::Both,
            ResampleArg::Systems => Resample::Systems,
            ResampleArg::Inputs => Resample::Inputs,
        },
        resamples: args.resamples,
        confidence: args.confidence.unwrap_or(0.95),
        seed: args.seed.unwrap_or(12345),
    };
    settings.check()?;
    let mut inputs: Vec<Input> = args.runs.iter().map(|p| Input::File(p)).collect();
    inputs.push(Input::File(&args.ratings));
    let outputs: Vec<&Path> = args.output.iter().map(PathBuf::as_path).collect();
    check_outputs(&inputs, &outputs)?;
    let mut runs = Vec::new();
    for path in &args.runs {
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if runs.iter().any(|(n, _)| *n == name) {
            bail!("two runs are named '{name}' (a run's system is its file stem)");
        }
        runs.push((name, RunFile::read(path)?));
    }
    let ratings = read_ratings(&args)?;
    let runs: Vec<(String, &RunFile)> = runs.iter().map(|(n, r)| (n.clone(), r)).collect();
    let report = correlate(&runs, &ratings, &args.rating_field, settings)?;
    let text = match args.format {
        CorrelateFormat::Json => {
            serde_json::to_string_pretty(&report).context("cannot serialize the report")? + "\n"
        }
        CorrelateFormat::Table => render_correlation(&report, false),
        CorrelateFormat::Md => render_correlation(&report, true),
        CorrelateFormat::Html => tomtat::report::correlation_html(&report),
    };
    super::emit(args.output.as_deref(), &text)?;
    Ok(ExitCode::SUCCESS)
}

/// The ratings as (system, id, rating); errors name the file, line and field.
fn read_ratings(args: &Args) -> Result<Vec<(String, String, f64)>> {
    let fields = tomtat::data::RatingFields {
        system: args.system_field.clone(),
        id: args.id_field.clone(),
        rating: args.rating_field.clone(),
    };
    Ok(tomtat::data::read_ratings(&args.ratings, &fields)?
        .into_iter()
        .map(|r| (r.system, r.id, r.value))
        .collect())
}
