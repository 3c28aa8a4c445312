//! `tomtat dataset`: check data sets and import public ones.

use anyhow::{Result, bail};
use clap::Subcommand;
use std::io::IsTerminal;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Check data sets, or import public ones into tomtat's layout.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: DatasetCommand,
}

#[derive(Debug, Subcommand)]
pub enum DatasetCommand {
    /// Report every problem of one or more data sets, with file and line.
    ///
    /// Errors (what cannot be read): missing or unreadable files, manifest rows without a file
    /// and files without a row, targets without references, references for unknown targets,
    /// empty texts, invalid UTF-8, duplicate ids. Warnings (the set still scores): text that
    /// is not NFC, invisible characters, look-alike letters (`dataset fix` repairs them), a
    /// language that does not match the text, both tone styles in one file.
    /// Exit 0 when clean (warnings allowed), 1 when errors were found, 2 on bad usage.
    #[command(after_help = "Examples:
  tomtat dataset check                                  # every data set under datasets/
  tomtat dataset check datasets/vi-news-ukraine-2022
  tomtat dataset check /tmp/abmusu-val --against /tmp/abmusu-train

Content warnings: exact duplicates after normalization; near-duplicates across clusters
(MinHash, 64 hashes in 16 bands over word 5-gram shingles, confirmed by exact Jaccard >= 0.8);
references copying a span of >= 25 tokens of their article verbatim; boilerplate lines
(navigation and related-news lines, a line repeated inside an article, a line found in >= 3
articles); with --against, documents sharing any word 13-gram with the other data set
(lm-evaluation-harness's decontamination n-gram).")]
    Check {
        /// Data set folders [default: every folder under datasets/]
        dirs: Vec<PathBuf>,
        /// Also report train/test leakage: documents sharing a word 13-gram with this data set
        #[arg(long, value_name = "OTHER_DATASET")]
        against: Option<PathBuf>,
        /// Leave out warnings of this kind (repeatable; counted in the summary): text, tone,
        /// language, duplicate, near-duplicate, copy-span, boilerplate, leakage
        #[arg(long, value_name = "KIND")]
        ignore: Vec<String>,
        /// Output format
        #[arg(long, value_enum, default_value = "text")]
        format: super::dataset_check::CheckFormat,
    },
    /// Statistics of a data set: lengths, compression, extractive coverage and density, novel
    /// n-grams, redundancy, agreement between references, lead-3 and oracle ROUGE.
    ///
    /// Coverage and density follow Grusky et al. (2018, Newsroom); percentages are of
    /// n-gram types and of occurrences, each labelled. JSON holds every figure per target and
    /// per reference.
    #[command(after_help = "Examples:
  tomtat dataset stats
  tomtat dataset stats /tmp/vims --format json -o vims-stats.json
  tomtat dataset stats datasets/vi-news-ukraine-2022 --format html -o stats.html
  tomtat dataset stats /tmp/vims /tmp/abmusu-validation --format html -o side-by-side.html")]
    Stats {
        /// Data set folders; two or more are shown side by side on the same axes [default: the
        /// only folder under datasets/]
        dirs: Vec<PathBuf>,
        /// Output format
        #[arg(long, value_enum, default_value = "table")]
        format: StatsFormat,
        /// Write to FILE (atomically) instead of stdout
        #[arg(short = 'o', long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Seed of the random parts (none today but the signature of future baselines)
        #[arg(long, default_value_t = 12345)]
        seed: u64,
        /// Where sentences end [default: the data set's record (dataset.json), else split]
        #[arg(long, value_enum, value_name = "UNITS")]
        sentences: Option<super::options::SentencesArg>,
    },
    /// Write a repaired copy of a data set: NFC, invisible characters removed, look-alike
    /// letters (Ð, Cyrillic inside Latin words) fixed, CRLF and BOM removed.
    ///
    /// SRC is only read and DEST must not exist: nothing is repaired in place. Ids, file
    /// names, the manifest, spacing and punctuation are copied byte for byte; every repair is
    /// logged by file and line in DEST/repairs.tsv. The copy passes `dataset check` without
    /// text findings.
    #[command(after_help = "Examples:
  tomtat dataset fix my-set my-set-fixed
  tomtat dataset fix /tmp/xlsum-vi-test /tmp/xlsum-vi-test-nfc")]
    Fix {
        /// The data set to read
        src: PathBuf,
        /// The folder to write (must not exist)
        dest: PathBuf,
    },
    /// Convert a public data set into tomtat's layout.
    #[command(after_help = "Examples:
  tomtat dataset import vims ViMs/ /tmp/vims
  tomtat dataset import abmusu abmusu/validation.jsonl /tmp/abmusu-validation
  tomtat dataset import xlsum vietnamese_test.jsonl /tmp/xlsum-vi-test --against vietnamese_train.jsonl --dedup
  tomtat dataset import crosssum vietnamese-english_test.jsonl /tmp/crosssum-vi-en-test")]
    Import {
        #[command(subcommand)]
        source: super::dataset_import::ImportSource,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum StatsFormat {
    /// Aligned text
    Table,
    /// Every figure, per target and per reference
    Json,
    /// One row per figure
    Csv,
    /// Markdown table
    Md,
    /// One self-contained page: table, histograms, coverage–density scatter (inline SVG)
    Html,
}

pub fn run(args: Args) -> Result<ExitCode> {
    match args.command {
        DatasetCommand::Check {
            dirs,
            against,
            ignore,
            format,
        } => super::dataset_check::run(dirs, against, &ignore, format),
        DatasetCommand::Stats {
            dirs,
            format,
            output,
            seed,
            sentences,
        } => run_stats(dirs, format, output, seed, sentences),
        DatasetCommand::Fix { src, dest } => run_fix(&src, &dest),
        DatasetCommand::Import { source } => super::dataset_import::run(source),
    }
}

fn run_fix(src: &Path, dest: &Path) -> Result<ExitCode> {
    let report = tomtat::data::fix::fix_dataset(src, dest)?;
    let repairs: Vec<String> = report
        .repairs
        .iter()
        .map(|(what, n)| format!("{what} ({n})"))
        .collect();
    let log = dest.join("repairs.tsv").display().to_string();
    writeln!(
        std::io::stdout().lock(),
        "repaired {} of {} files{}; every repair by file and line in {}",
        report.repaired_files,
        report.files,
        if repairs.is_empty() {
            String::new()
        } else {
            format!(": {}", repairs.join(", "))
        },
        tomtat::files::terminal_safe(&log)
    )?;
    Ok(ExitCode::SUCCESS)
}

fn default_dataset() -> Result<PathBuf> {
    let entries: Vec<PathBuf> = std::fs::read_dir("datasets")
        .map(|e| {
            e.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    match entries.as_slice() {
        [one] => Ok(one.clone()),
        [] => bail!("no data set given and none under datasets/"),
        _ => bail!("several data sets under datasets/: name one"),
    }
}

/// One data set folder and its statistics, with a progress bar on a terminal for large ones.
fn stats_of(
    dir: &std::path::Path,
    seed: u64,
    sentences: Option<super::options::SentencesArg>,
) -> Result<(
    tomtat::data::dataset::Dataset,
    tomtat::curate::stats::DatasetStats,
)> {
    let mut dataset = tomtat::data::dataset::load(dir)?;
    if let Some(s) = sentences {
        dataset.record.sentences = Some(s.units());
    }
    let targets = dataset.scored_targets().len();
    let bar = (targets > 200 && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(targets as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} targets {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let tick = || {
        if let Some(b) = &bar {
            b.inc(1);
        }
    };
    let stats = tomtat::curate::stats::dataset_stats(&dataset, seed, &tick);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    Ok((dataset, stats))
}

fn run_stats(
    dirs: Vec<PathBuf>,
    format: StatsFormat,
    output: Option<PathBuf>,
    seed: u64,
    sentences: Option<super::options::SentencesArg>,
) -> Result<ExitCode> {
    let dirs = if dirs.is_empty() {
        vec![default_dataset()?]
    } else {
        dirs
    };
    if let Some(out) = &output {
        let references: Vec<PathBuf> = dirs
            .iter()
            .map(|d| tomtat::data::dataset::references_dir(d))
            .collect();
        let inputs: Vec<tomtat::files::Input> = dirs
            .iter()
            .chain(&references)
            .map(|d| tomtat::files::Input::Folder(d))
            .collect();
        tomtat::files::check_outputs(&inputs, &[out])?;
    }
    let mut all = Vec::with_capacity(dirs.len());
    let mut datasets = Vec::with_capacity(dirs.len());
    for dir in &dirs {
        let (dataset, stats) = stats_of(dir, seed, sentences)?;
        all.push(stats);
        datasets.push(dataset);
    }
    use tomtat::curate::format as f;
    let text = match (format, &all[..]) {
        (StatsFormat::Table, [one]) => f::stats_table(one),
        (StatsFormat::Json, [one]) => f::stats_json(one),
        (StatsFormat::Csv, [one]) => f::stats_csv(one),
        (StatsFormat::Md, [one]) => f::stats_markdown(one),
        (StatsFormat::Html, [one]) => {
            use tomtat::curate::explore;
            let rows = explore::reference_rows(&datasets[0], one);
            let explorer = tomtat::report::explorer::Explorer {
                mode: "stats",
                columns: explore::columns(),
                rows: &rows,
                labels: ("", ""),
                notes: Vec::new(),
            };
            f::stats_html(one, &explorer.html())
        }
        (StatsFormat::Table, many) => many
            .iter()
            .map(f::stats_table)
            .collect::<Vec<_>>()
            .join("\n"),
        (StatsFormat::Md, many) => many
            .iter()
            .map(f::stats_markdown)
            .collect::<Vec<_>>()
            .join("\n"),
        (StatsFormat::Json, many) => f::stats_json_many(many),
        (StatsFormat::Csv, many) => f::stats_csv_many(many),
        (StatsFormat::Html, many) => f::stats_html_many(many),
    };
    super::emit(output.as_deref(), &text)?;
    Ok(ExitCode::SUCCESS)
}
