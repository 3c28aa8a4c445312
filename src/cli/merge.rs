//! `tomtat merge RUN… -o MERGED.json`: one run from shards scored separately.

use anyhow::{Context, Result};
use std::path::PathBuf;
use std::process::ExitCode;
use tomtat::files::{Input, check_outputs, write_atomic};
use tomtat::report::{RunFile, merge_runs};

/// Merge runs scored on disjoint shards into one run.
///
/// The shards must have the same signature (tool version and bootstrap settings aside) and no
/// example in common. Means equal scoring everything at once; the bootstrap is redone over all
/// examples with the first shard's settings.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tomtat merge shard-*.json -o run.json
  tomtat merge a.json b.json c.json -o run.json && tomtat compare baseline.json run.json")]
pub struct Args {
    /// Run files of the shards (`tomtat score … --save`)
    #[arg(required = true, num_args = 1..)]
    pub runs: Vec<PathBuf>,
    /// Where to write the merged run (atomically)
    #[arg(short = 'o', long, value_name = "MERGED.json")]
    pub output: PathBuf,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let inputs: Vec<Input> = args.runs.iter().map(|p| Input::File(p)).collect();
    check_outputs(&inputs, &[&args.output])?;
    let runs: Vec<RunFile> = args
        .runs
        .iter()
        .map(|p| RunFile::read(p).map_err(anyhow::Error::from))
        .collect::<Result<_>>()?;
    let names: Vec<String> = args.runs.iter().map(|p| p.display().to_string()).collect();
    let merged = merge_runs(&runs, &names)?;
    let total = merged.examples.len();
    let json = serde_json::to_string(&merged).context("cannot serialize the merged run")?;
    write_atomic(&args.output, json.as_bytes())?;
    eprintln!(
        "tomtat: merged {} runs, {total} examples into {}",
        runs.len(),
        tomtat::report::terminal_safe(&args.output.display().to_string())
    );
    Ok(ExitCode::SUCCESS)
}
