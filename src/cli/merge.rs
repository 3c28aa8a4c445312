//! `tomtat merge RUN… -o MERGED.json`: one run from shards scored separately.

use anyhow::{Context, Result, bail};
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;
use tomtat::metrics::Metric;
use tomtat::report::{RunFile, Signature, assemble, signature_differences, write_atomic};

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
    let runs: Vec<RunFile> = args
        .runs
        .iter()
        .map(|p| RunFile::read(p).map_err(anyhow::Error::from))
        .collect::<Result<_>>()?;
    let first = &runs[0];
    for (path, run) in args.runs.iter().zip(&runs).skip(1) {
        let diffs = signature_differences(first, run);
        if !diffs.is_empty() || run.metrics != first.metrics {
            bail!(
                "{} was scored differently from {}: {}",
                path.display(),
                args.runs[0].display(),
                if diffs.is_empty() {
                    "metrics differ".to_string()
                } else {
                    diffs.join(", ")
                }
            );
        }
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut examples = Vec::new();
    for (k, run) in runs.iter().enumerate() {
        for e in &run.examples {
            if let Some(other) = seen.insert(e.key(), k) {
                bail!(
                    "example '{}' is in both {} and {}: shards must be disjoint",
                    e.id,
                    args.runs[other].display(),
                    args.runs[k].display()
                );
            }
            examples.push(e.clone());
        }
    }
    let metrics: Vec<Metric> = first
        .metrics
        .iter()
        .map(|m| m.parse())
        .collect::<Result<_, _>>()
        .context("the run lists an unknown metric")?;
    let mut fields = first.signature_fields.clone();
    let nrefs = runs
        .iter()
        .map(|r| r.signature_fields.get("nrefs").cloned())
        .collect::<Vec<_>>();
    if nrefs.windows(2).any(|w| w[0] != w[1]) {
        fields.insert("nrefs".into(), "var".into());
    }
    fields.insert("version".into(), env!("CARGO_PKG_VERSION").into());
    let signature = Signature::from_fields(&fields);
    let lsum_from_lines = fields.get("sent").and_then(|v| v.as_str()) == Some("lines")
        && metrics.contains(&Metric::Lsum);
    let by_language = examples.iter().any(|e| e.lang.is_some());
    let total = examples.len();
    let mut tally = tomtat::report::Tally::new(metrics.len());
    for (i, e) in examples.iter().enumerate() {
        e.push_to(&mut tally, i + 1)
            .map_err(|d| anyhow::anyhow!("example '{}' appears twice", d.id))?;
    }
    let report = assemble(
        &signature,
        &metrics,
        first.bootstrap,
        &tally,
        lsum_from_lines,
        by_language,
    );
    let mut input = 0;
    let mut skipped: std::collections::BTreeMap<String, usize> = Default::default();
    for run in &runs {
        let shard: tomtat::report::Accounting = run
            .report
            .get("examples")
            .and_then(|v| serde_json::from_value(v.clone()).ok())
            .unwrap_or_else(|| tomtat::report::Accounting::all_scored(run.examples.len()));
        input += shard.input;
        for (reason, n) in shard.skipped_by_reason {
            *skipped.entry(reason).or_default() += n;
        }
    }
    let accounting = tomtat::report::Accounting::new(input, tally.len(), skipped)?;
    let report = report.with_accounting(accounting);
    let merged = RunFile::new(&report, &metrics, first.bootstrap, examples);
    let json = serde_json::to_string(&merged).context("cannot serialize the merged run")?;
    write_atomic(&args.output, json.as_bytes())?;
    eprintln!(
        "tomtat: merged {} runs, {total} examples into {}",
        runs.len(),
        args.output.display()
    );
    Ok(ExitCode::SUCCESS)
}
