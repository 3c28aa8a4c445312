//! `tomtat compare BASE_RUN NEW_RUN`: paired significance tests; exit 1 on a regression.

use anyhow::{Result, bail};
use clap::ValueEnum;
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;
use tomtat::report::{
    Comparison, MetricComparison, RunFile, render_json, render_junit, render_markdown,
    render_table, signature_differences,
};
use tomtat::stats::{PairedSettings, holm, paired_test};

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
    /// Significance level for the Holm-adjusted randomization p-value
    #[arg(long, default_value_t = 0.05)]
    pub alpha: f64,
    /// A drop smaller than this many points (0–100 scale) never fails
    #[arg(long, default_value_t = 0.5)]
    pub tolerance: f64,
    /// Approximate-randomization trials
    #[arg(long, default_value_t = 10_000)]
    pub trials: usize,
    /// Paired bootstrap resamples
    #[arg(long, default_value_t = 1000)]
    pub resamples: usize,
    /// Seed of both tests
    #[arg(long, default_value_t = 12345)]
    pub seed: u64,
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
    /// One self-contained page with the sorted per-example delta plot of each metric
    Html,
}

pub fn run(args: Args) -> Result<ExitCode> {
    if !(args.alpha > 0.0 && args.alpha <= 1.0) {
        bail!("--alpha must be in (0, 1], got {}", args.alpha);
    }
    if args.tolerance < 0.0 {
        bail!("--tolerance must not be negative, got {}", args.tolerance);
    }
    let base = RunFile::read(&args.base)?;
    let new = RunFile::read(&args.new)?;
    let diffs = signature_differences(&base, &new);
    if !diffs.is_empty() {
        bail!(
            "the runs were scored differently; signatures differ in: {}",
            diffs.join(", ")
        );
    }
    let metrics: Vec<String> = if args.metrics.is_empty() {
        base.metrics
            .iter()
            .filter(|m| new.metrics.contains(m))
            .cloned()
            .collect()
    } else {
        for m in &args.metrics {
            if !base.metrics.contains(m) || !new.metrics.contains(m) {
                bail!(
                    "metric '{m}' is not in both runs (base: {}; new: {})",
                    base.metrics.join(","),
                    new.metrics.join(",")
                );
            }
        }
        args.metrics.clone()
    };
    if metrics.is_empty() {
        bail!("the runs share no metric");
    }
    let new_by_key: HashMap<String, usize> = new
        .examples
        .iter()
        .enumerate()
        .map(|(i, e)| (e.key(), i))
        .collect();
    let shared: Vec<(usize, usize)> = base
        .examples
        .iter()
        .enumerate()
        .filter_map(|(i, e)| new_by_key.get(&e.key()).map(|&j| (i, j)))
        .collect();
    let mut notes = Vec::new();
    if shared.len() != base.examples.len() || shared.len() != new.examples.len() {
        let message = format!(
            "the runs have different examples: {} in base, {} in new, {} in both",
            base.examples.len(),
            new.examples.len(),
            shared.len()
        );
        if !args.allow_subset {
            bail!("{message} (use --allow-subset to compare the shared ones)");
        }
        if shared.is_empty() {
            bail!("{message}");
        }
        notes.push(format!("{message}; compared the shared examples only"));
    }
    let changed_refs: Vec<&str> = shared
        .iter()
        .filter(|(i, j)| base.examples[*i].references != new.examples[*j].references)
        .map(|(i, _)| base.examples[*i].id.as_str())
        .collect();
    if !changed_refs.is_empty() {
        bail!(
            "the references differ for {} example(s), e.g. '{}': the runs are not comparable",
            changed_refs.len(),
            changed_refs[0]
        );
    }
    let settings = PairedSettings {
        resamples: args.resamples,
        trials: args.trials,
        confidence: 0.95,
        seed: args.seed,
    };
    let column = |run: &RunFile, name: &str, side: usize| -> Vec<f64> {
        let m = run.metrics.iter().position(|x| x == name).unwrap_or(0);
        shared
            .iter()
            .map(|pair| {
                let idx = if side == 0 { pair.0 } else { pair.1 };
                run.examples[idx].prf[m][2]
            })
            .collect()
    };
    let mut changed = 0usize;
    let mut deltas: Vec<Vec<f64>> = Vec::new();
    let results: Vec<_> = metrics
        .iter()
        .map(|name| {
            let (b, n) = (column(&base, name, 0), column(&new, name, 1));
            let d: Vec<f64> = b.iter().zip(&n).map(|(x, y)| y - x).collect();
            changed += d.iter().filter(|x| x.abs() > 1e-12).count();
            deltas.push(d);
            paired_test(&b, &n, settings)
        })
        .collect();
    let adjusted = holm(
        &results
            .iter()
            .map(|r| r.p_randomization)
            .collect::<Vec<_>>(),
    );
    let compared: Vec<MetricComparison> = metrics
        .iter()
        .zip(results)
        .zip(adjusted)
        .zip(deltas)
        .map(|(((metric, result), p_holm), deltas)| MetricComparison {
            deltas,
            metric: metric.clone(),
            regression: result.delta * 100.0 < -args.tolerance && p_holm < args.alpha,
            result,
            p_holm,
        })
        .collect();
    let regressions: Vec<String> = compared
        .iter()
        .filter(|m| m.regression)
        .map(|m| m.metric.clone())
        .collect();
    if args.fail_on_change && changed > 0 {
        notes.push(format!(
            "--fail-on-change: {changed} per-example score(s) differ from the base run"
        ));
    }
    let comparison = Comparison {
        tool: "tomtat",
        version: env!("CARGO_PKG_VERSION"),
        base: args.base.display().to_string(),
        new: args.new.display().to_string(),
        signature: new.signature.clone(),
        count: shared.len(),
        alpha: args.alpha,
        tolerance_points: args.tolerance,
        trials: args.trials,
        resamples: args.resamples,
        seed: args.seed,
        notes,
        metrics: compared,
        regressions,
    };
    let rendered = match args.format {
        CompareFormat::Table => render_table(&comparison),
        CompareFormat::Md => render_markdown(&comparison),
        CompareFormat::Json => render_json(&comparison),
        CompareFormat::Junit => render_junit(&comparison),
        CompareFormat::Html => tomtat::report::compare_html(&comparison),
    };
    super::emit(args.output.as_deref(), &rendered)?;
    let failed = !comparison.regressions.is_empty() || (args.fail_on_change && changed > 0);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
