//! `tomtat signature`: the signature a set of options gives, without scoring anything.

use super::options::ScoringArgs;
use anyhow::Result;
use std::io::Write;
use std::process::ExitCode;
use tomtat::Profile;
use tomtat::report::Signature;

/// Print the signature (`key:value|…`) that these scoring options give.
///
/// Every report carries its signature; compare two numbers only when their signatures agree.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tomtat signature
  tomtat signature --profile rouge-score --stem --metrics rouge1,rouge2,rougeLsum --nrefs 1")]
pub struct Args {
    #[command(flatten)]
    pub scoring: ScoringArgs,
    /// References per example [default: var]
    #[arg(long)]
    pub nrefs: Option<usize>,
    /// Print the fields as JSON instead
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    args.scoring.refuse_unused(false)?;
    let options = args.scoring.options();
    let score = options.score_options()?;
    let profile = options.profile.unwrap_or(Profile::ViV1);
    let config = options.run_config(profile, &score)?;
    let signature = Signature::new(&config, args.nrefs, Some(options.bootstrap));
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(
            out,
            "{}",
            serde_json::Value::Object(signature.fields_json())
        )?;
    } else {
        writeln!(out, "{signature}")?;
    }
    Ok(ExitCode::SUCCESS)
}
