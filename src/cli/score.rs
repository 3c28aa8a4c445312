//! `tomtat score`: score candidates against references and report means with intervals.

use super::options::TokenizerArgs;
use anyhow::{Context, Result, bail};
use clap::ValueEnum;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use tomtat::Profile;
use tomtat::data::{Pair, PairsFormat, read_pairs};
use tomtat::metrics::{Metric, RefMode, ScoreOptions};
use tomtat::report::{self, Bootstrap, Fingerprint, Format, Report, Signature, write_atomic};
use tomtat::run::{RunConfig, SentenceUnits, score_pairs, warnings};
use tomtat::text::looks_vietnamese;

/// Score candidate summaries against reference summaries with ROUGE.
///
/// Prints the mean precision, recall and F of each metric over all examples, with percentile
/// bootstrap confidence intervals, the signature of every option that changes a number, and
/// a fingerprint of the data.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tomtat score --pairs run.jsonl
  tomtat score --pairs run.csv --metrics rouge1,rouge2,rougeL --format md
  tomtat score --pairs run.jsonl --profile rouge-score --stem      # reproduce rouge-score
  tomtat score --pairs run.jsonl --refs pool --metrics rouge2,rougeSU4 --perl-compat
  tomtat score --pairs run.jsonl --format json -o report.json --per-example scores.jsonl

Input: JSON Lines, one object a line: {\"id\": \"…\", \"candidate\": \"…\", \"reference\": \"…\"}
(\"prediction\" for \"candidate\"; \"references\": [\"…\", …] for several), or CSV/TSV with a
header id,candidate,reference[,reference2,…].")]
pub struct Args {
    /// Pairs to score (.jsonl, .json, .csv or .tsv)
    #[arg(long, value_name = "FILE")]
    pub pairs: PathBuf,
    /// Layout of --pairs when its extension does not tell
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormat>,
    #[command(flatten)]
    pub tokenizer: TokenizerArgs,
    /// Sentence units for rougeLsum from a rule-based splitter instead of line breaks
    #[arg(long)]
    pub split_sentences: bool,
    /// Comma-separated metrics: rouge1..rouge9, rougeL, rougeLsum, rougeW, rougeW-1.5,
    /// rougeS4, rougeSU4, rougeS*, rougeSU*
    #[arg(long, default_value = "rouge1,rouge2,rougeL,rougeLsum")]
    pub metrics: String,
    /// How several references combine
    #[arg(long, value_enum, default_value = "max")]
    pub refs: RefsArg,
    /// F = P·R / ((1−α)·P + α·R), as ROUGE-1.5.5's -p; 0.5 is F1
    #[arg(long, default_value_t = 0.5, allow_negative_numbers = true)]
    pub alpha: f64,
    /// Reproduce ROUGE-1.5.5's ROUGE-W (double-weighted recall) and ROUGE-SU (last unigram)
    #[arg(long)]
    pub perl_compat: bool,
    /// Bootstrap resamples for confidence intervals (0 = off)
    #[arg(long, default_value_t = 1000, allow_negative_numbers = true)]
    pub bootstrap: usize,
    /// Confidence level of the intervals
    #[arg(long, default_value_t = 0.95, allow_negative_numbers = true)]
    pub confidence: f64,
    /// Seed of the bootstrap (recorded in the signature)
    #[arg(long, default_value_t = 12345)]
    pub seed: u64,
    /// Worker threads (0 = all cores)
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Report format [default: table on a terminal, json otherwise]
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Write the report to FILE (atomically) instead of stdout
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write per-example scores as JSON Lines, in input order
    #[arg(long, value_name = "FILE")]
    pub per_example: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum InputFormat {
    /// JSON Lines (or one JSON array of objects)
    Jsonl,
    /// Comma-separated values with a header
    Csv,
    /// Tab-separated values with a header
    Tsv,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RefsArg {
    /// Per metric, the reference with the best F (rouge-score score_multi)
    Max,
    /// ROUGE-1.5.5 -f A: hits and counts summed over references
    Pool,
    /// ROUGE-1.5.5 -f B: the reference with the best recall
    BestRecall,
    /// Mean of the max score over the leave-one-out reference subsets
    Jackknife,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    /// Aligned text for people
    Table,
    /// The stable JSON report
    Json,
    /// One row per metric and statistic
    Csv,
    /// Markdown for CI job summaries
    Md,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Table => Format::Table,
            FormatArg::Json => Format::Json,
            FormatArg::Csv => Format::Csv,
            FormatArg::Md => Format::Markdown,
        }
    }
}

/// vi-v1 when at least a fifth of the (first thousand) examples have Vietnamese letters.
fn detect_profile(pairs: &[Pair]) -> Profile {
    let sample = &pairs[..pairs.len().min(1000)];
    let vietnamese = sample
        .iter()
        .filter(|p| {
            looks_vietnamese(&p.candidate) || p.references.iter().any(|r| looks_vietnamese(r))
        })
        .count();
    if vietnamese * 5 >= sample.len() {
        Profile::ViV1
    } else {
        Profile::EnV1
    }
}

pub fn run(args: Args) -> Result<ExitCode> {
    if !(0.0..=1.0).contains(&args.alpha) {
        bail!("--alpha must be between 0 and 1, got {}", args.alpha);
    }
    if !(args.confidence > 0.0 && args.confidence < 1.0) {
        bail!(
            "--confidence must be between 0 and 1 (exclusive), got {}",
            args.confidence
        );
    }
    let metrics = Metric::parse_list(&args.metrics)?;
    for path in [&args.output, &args.per_example].into_iter().flatten() {
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
        if let Some(dir) = dir
            && !dir.is_dir()
        {
            bail!(
                "{}: the directory {} does not exist",
                path.display(),
                dir.display()
            );
        }
    }
    let format = match args.input_format {
        Some(InputFormat::Jsonl) => PairsFormat::Jsonl,
        Some(InputFormat::Csv) => PairsFormat::Csv,
        Some(InputFormat::Tsv) => PairsFormat::Tsv,
        None => PairsFormat::from_path(&args.pairs).with_context(|| {
            format!(
                "{}: cannot tell the format from the extension; use --input-format jsonl|csv|tsv",
                args.pairs.display()
            )
        })?,
    };
    let pairs = read_pairs(&args.pairs, format)?;
    let profile = match args.tokenizer.profile {
        Some(p) => Profile::from(p),
        None => {
            let p = detect_profile(&pairs);
            eprintln!("tomtat: profile {p} (detected from the text; set --profile to choose)");
            p
        }
    };
    let config = RunConfig {
        tokenizer: args.tokenizer.tokenizer(profile)?,
        sentences: if args.split_sentences {
            SentenceUnits::Split
        } else {
            SentenceUnits::Lines
        },
        score: ScoreOptions {
            metrics: metrics.clone(),
            refs: match args.refs {
                RefsArg::Max => RefMode::Max,
                RefsArg::Pool => RefMode::Pool,
                RefsArg::BestRecall => RefMode::BestRecall,
                RefsArg::Jackknife => RefMode::Jackknife,
            },
            alpha: args.alpha,
            perl_compat: args.perl_compat,
        },
    };
    if profile == Profile::RougeScore && detect_profile(&pairs) == Profile::ViV1 {
        eprintln!(
            "tomtat: warning: the rouge-score profile keeps only a-z and 0-9, so Vietnamese \
             letters are dropped; use --profile vi-v1"
        );
    }
    let bootstrap = Bootstrap {
        resamples: args.bootstrap,
        confidence: args.confidence,
        seed: args.seed,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads)
        .build()
        .context("cannot start worker threads")?;
    let (results, summaries) = pool.install(|| {
        let results = score_pairs(&pairs, &config);
        let rows: Vec<_> = results.iter().map(|r| r.scores.clone()).collect();
        let summaries = report::aggregate(&metrics, &rows, Some(bootstrap));
        (results, summaries)
    });
    let warnings = warnings(&results, &config);
    for w in &warnings {
        eprintln!("tomtat: warning: {w}");
    }
    let nrefs = pairs[0].references.len();
    let same_nrefs = pairs.iter().all(|p| p.references.len() == nrefs);
    let signature = Signature::new(&config, same_nrefs.then_some(nrefs), Some(bootstrap));
    let report = Report::new(
        &signature,
        pairs.len(),
        summaries,
        Fingerprint::of(&pairs),
        warnings,
    );

    if let Some(path) = &args.per_example {
        let mut lines = String::new();
        for (pair, r) in pairs.iter().zip(&results) {
            lines.push_str(&report::example_json(&pair.id, &metrics, &r.scores));
            lines.push('\n');
        }
        write_atomic(path, lines.as_bytes())?;
    }
    let format = args.format.map(Format::from).unwrap_or_else(|| {
        if args.output.is_none() && std::io::stdout().is_terminal() {
            Format::Table
        } else {
            Format::Json
        }
    });
    let rendered = report::exporter(format).render(&report);
    match &args.output {
        Some(path) => write_atomic(path, rendered.as_bytes())?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(rendered.as_bytes())?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
