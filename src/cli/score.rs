//! `tomtat score`: score candidates against references and report means with intervals.

use super::options::ScoringArgs;
use super::score_input::{Work, collect_work};
use super::score_output::{Outputs, Page};
use anyhow::{Context, Result, bail};
use clap::ValueEnum;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use tomtat::data::CHUNK_BYTES;
use tomtat::files::{self, Input};
use tomtat::report::{self, Accounting, Format};
use tomtat::run::{MAX_THREADS, RunConfig, Session};

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
  tomtat score --pairs preds.parquet --candidate-field summary --reference-field highlights
  tomtat score --pairs judged.jsonl --score-field judge --save new.json   # gate an LLM judge
  tomtat score --hyp generated_predictions.txt --ref test.target --lang vi   # line-aligned text
  tomtat score --dataset datasets/vi-news-ukraine-2022 --baseline lead-3 --format table
  tomtat score --dataset datasets/vi-news-ukraine-2022 --candidates system.jsonl

Input: JSON Lines, one object a line: {\"id\": \"…\", \"candidate\": \"…\", \"reference\": \"…\"}
(\"prediction\" for \"candidate\"; \"references\": [\"…\", …] for several), CSV/TSV with a
header id,candidate,reference[,reference2,…], or Parquet/Arrow files with the same columns
(\"references\" a list column). --id-field, --candidate-field, --reference-field and
--references-field name other fields or columns.")]
#[command(group(clap::ArgGroup::new("input").multiple(false)))]
pub struct Args {
    /// Pairs to score (.jsonl, .json, .csv, .tsv, .parquet, or .arrow/.feather)
    #[arg(long, value_name = "FILE", group = "input")]
    pub pairs: Option<PathBuf>,
    /// A data set folder (manifest.csv, articles, references)
    #[arg(long, value_name = "DIR", group = "input")]
    pub dataset: Option<PathBuf>,
    /// With --dataset: candidate summaries (id = target, summary, optional lang)
    #[arg(
        long,
        value_name = "FILE",
        requires = "dataset",
        conflicts_with = "baseline"
    )]
    pub candidates: Option<PathBuf>,
    /// With --dataset: score a built-in extractive baseline against the Vietnamese references
    #[arg(long, value_enum, requires = "dataset")]
    pub baseline: Option<BaselineArg>,
    /// With --candidates: score the targets that have a candidate, instead of failing
    #[arg(long)]
    pub allow_missing: bool,
    /// Layout of --pairs or --candidates when the extension does not tell
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormat>,
    /// Line-aligned candidates, one a line, as sacreBLEU reads them (`-` = stdin); ids are
    /// the 1-based line numbers and an empty line is an empty candidate
    #[arg(long, value_name = "FILE", group = "input", requires = "ref_files")]
    pub hyp: Option<PathBuf>,
    /// With --hyp: references line-aligned with it; repeat for several references an example
    #[arg(long = "ref", value_name = "FILE", requires = "hyp")]
    pub ref_files: Vec<PathBuf>,
    /// With --hyp: the source texts (articles) line-aligned with it, for copysource and the
    /// HTML explorer
    #[arg(long, value_name = "FILE", requires = "hyp")]
    pub src: Option<PathBuf>,
    /// With --hyp: the language of every example (vi, en, …); picks the profile as a data
    /// set's language does, and the language block of the report
    #[arg(long, value_name = "CODE", requires = "hyp")]
    pub lang: Option<String>,
    /// Field (column) of --pairs holding the id [default: id]
    #[arg(long, value_name = "NAME", requires = "pairs")]
    pub id_field: Option<String>,
    /// Field of --pairs holding the candidate [default: candidate or prediction]
    #[arg(long, value_name = "NAME", requires = "pairs")]
    pub candidate_field: Option<String>,
    /// Field of --pairs holding one reference (replaces both default reference fields)
    #[arg(long, value_name = "NAME", requires = "pairs")]
    pub reference_field: Option<String>,
    /// Field of --pairs holding a list of references (replaces both default reference fields)
    #[arg(long, value_name = "NAME", requires = "pairs")]
    pub references_field: Option<String>,
    #[command(flatten)]
    pub scoring: ScoringArgs,
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
    /// Save the run (scores, raw counts and texts per example) for `tomtat compare` and
    /// `tomtat merge`
    #[arg(long, value_name = "RUN.json")]
    pub save: Option<PathBuf>,
    /// Leave the candidate and reference texts out of --save, --per-example and the HTML
    /// report's example explorer (smaller files; the digests that pair runs' examples stay)
    #[arg(long)]
    pub no_texts: bool,
    /// Approximate bytes of input read and scored at a time (output never depends on it)
    #[arg(long, value_name = "BYTES", default_value_t = CHUNK_BYTES, hide = true)]
    pub chunk_bytes: usize,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum InputFormat {
    /// JSON Lines (or one JSON array of objects)
    Jsonl,
    /// Comma-separated values with a header
    Csv,
    /// Tab-separated values with a header
    Tsv,
    /// Apache Parquet (columns as in JSON Lines; `references` a list column)
    Parquet,
    /// Arrow IPC, file or stream format (Hugging Face `datasets` cache files, Feather v2)
    Arrow,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum BaselineArg {
    /// First sentence of each article (clusters: of each article, up to the reference length)
    #[value(name = "lead-1")]
    Lead1,
    /// First three sentences (clusters: round-robin over articles, up to the reference length)
    #[value(name = "lead-3")]
    Lead3,
    /// Three random sentences in document order (seeded by --seed and the target id)
    #[value(name = "random-3")]
    Random3,
    /// Greedy extractive upper bound maximizing the mean of ROUGE-1 and ROUGE-2 F
    Oracle,
}

impl BaselineArg {
    fn name(self) -> &'static str {
        match self {
            BaselineArg::Lead1 => "lead-1",
            BaselineArg::Lead3 => "lead-3",
            BaselineArg::Random3 => "random-3",
            BaselineArg::Oracle => "oracle",
        }
    }
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
    /// One self-contained page with per-metric score distributions (inline SVG)
    Html,
}

impl FormatArg {
    /// The exporter format; `None` for HTML, which also needs per-example scores.
    pub(super) fn exporter(self) -> Option<Format> {
        match self {
            FormatArg::Table => Some(Format::Table),
            FormatArg::Json => Some(Format::Json),
            FormatArg::Csv => Some(Format::Csv),
            FormatArg::Md => Some(Format::Markdown),
            FormatArg::Html => None,
        }
    }
}

/// A byte-count progress bar on stderr when it is a terminal and the input is a file of
/// more than a few megabytes; no bar otherwise.
fn progress_bar(size: u64) -> Option<indicatif::ProgressBar> {
    if size < 4 << 20 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(size);
    let style = indicatif::ProgressStyle::with_template(
        "{spinner} scoring {bytes}/{total_bytes} [{bar:30}] {bytes_per_sec}, eta {eta}",
    )
    .map(|s| s.progress_chars("=> "));
    if let Ok(style) = style {
        bar.set_style(style);
    }
    Some(bar)
}

/// Refuses a flag that the chosen input would ignore (clap's `requires` is not enforced when
/// the other member of the `input` group is given).
fn refuse_unused_flags(args: &Args) -> Result<()> {
    args.scoring
        .refuse_unused(matches!(args.baseline, Some(BaselineArg::Random3)))?;
    let given = |set: bool, flag: &str, needs: &str| -> Result<()> {
        if set {
            bail!("{flag} works only with {needs}; here it would do nothing");
        }
        Ok(())
    };
    given(
        args.no_texts
            && args.save.is_none()
            && args.per_example.is_none()
            && !matches!(args.format, Some(FormatArg::Html)),
        "--no-texts",
        "--save, --per-example or --format html",
    )?;
    if args.hyp.is_some() {
        given(
            args.input_format.is_some(),
            "--input-format",
            "--pairs or --candidates",
        )?;
        given(
            !args.scoring.score_field.is_empty(),
            "--score-field",
            "--pairs or --candidates",
        )?;
    }
    if args.pairs.is_some() || args.hyp.is_some() {
        given(args.candidates.is_some(), "--candidates", "--dataset")?;
        given(args.baseline.is_some(), "--baseline", "--dataset")?;
        given(
            args.allow_missing,
            "--allow-missing",
            "--dataset and --candidates",
        )?;
    }
    if args.dataset.is_some() {
        given(
            !args.scoring.score_field.is_empty() && args.candidates.is_none(),
            "--score-field",
            "--pairs or --candidates",
        )?;
        given(args.id_field.is_some(), "--id-field", "--pairs")?;
        given(
            args.candidate_field.is_some(),
            "--candidate-field",
            "--pairs",
        )?;
        given(
            args.reference_field.is_some(),
            "--reference-field",
            "--pairs",
        )?;
        given(
            args.references_field.is_some(),
            "--references-field",
            "--pairs",
        )?;
        let candidates = args.candidates.is_some();
        given(
            args.allow_missing && !candidates,
            "--allow-missing",
            "--dataset and --candidates",
        )?;
        given(
            args.input_format.is_some() && !candidates,
            "--input-format",
            "--pairs or --candidates",
        )?;
    }
    if args.pairs.is_none() && args.dataset.is_none() && args.hyp.is_none() {
        if args.baseline.is_some() || args.candidates.is_some() {
            bail!("--baseline and --candidates score a data set: add --dataset DIR");
        }
        bail!(
            "give what to score: --pairs FILE, --hyp FILE --ref FILE, or --dataset DIR \
             (see --help)"
        );
    }
    Ok(())
}

pub fn run(args: Args) -> Result<ExitCode> {
    refuse_unused_flags(&args)?;
    if args.threads > MAX_THREADS {
        bail!(
            "--threads must be at most {MAX_THREADS} (0 = all cores), got {}",
            args.threads
        );
    }
    let scoring = args.scoring.options();
    let options = scoring.score_options()?;
    let metrics = options.metrics.clone();
    check_paths(&args)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads)
        .build()
        .context("cannot start worker threads")?;
    let mut outputs = Outputs::open(&args)?;
    let mut work = pool.install(|| collect_work(&args))?;
    let configs = run_configs(&scoring, &options, &work)?;
    let format = chosen_format(&args);
    let mut page = Page::for_format(format, &configs, !args.no_texts);
    let bootstrap = scoring.bootstrap;
    let mut session = Session::new(configs, bootstrap);
    let bar = progress_bar(work.size);
    let extra = outputs.extra(&metrics, !args.no_texts);
    while let Some(chunk) = pool.install(|| work.source.next_chunk())? {
        let groups = work.groups(&chunk);
        let scored = pool
            .install(|| session.score(&chunk.pairs, &groups, &chunk.lines, &work.origin, &extra))?;
        tomtat::files::hold("score");
        if let Some(page) = page.as_mut() {
            pool.install(|| page.add(&chunk.pairs, &groups, &scored));
        }
        outputs.write_chunk(&scored)?;
        if let Some(bar) = &bar {
            bar.set_position(work.source.position());
        }
    }
    if let Some(bar) = &bar {
        bar.set_style(indicatif::ProgressStyle::default_spinner());
        bar.set_message(format!(
            "{} examples scored; bootstrap of {} resamples",
            session.tally().len(),
            bootstrap.resamples
        ));
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
    }
    let say_notes = || {
        for note in &work.notes {
            eprintln!("{note}");
        }
        if let Some(b) = args.baseline {
            eprintln!("tomtat: scoring the {} baseline", b.name());
        }
    };
    match &bar {
        Some(b) => b.suspend(say_notes),
        None => say_notes(),
    }
    let report = pool.install(|| final_report(&mut work, &session))?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    // A table or Markdown report on standard output ends with the warnings: say them once.
    let warned_in_report =
        args.output.is_none() && matches!(format, FormatArg::Table | FormatArg::Md);
    if !warned_in_report {
        for w in &report.warnings {
            eprintln!("tomtat: warning: {}", report::terminal_safe(w));
        }
    }
    let rendered = match (format.exporter(), &mut page) {
        (Some(f), _) => report::exporter(f).render(&report),
        (None, Some(page)) => page.render(&report, session.tally(), &metrics),
        (None, None) => String::new(),
    };
    outputs.commit(&report, &metrics, bootstrap, &rendered)?;
    if args.output.is_none() {
        super::emit(None, &rendered)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Refuses outputs that would overwrite an input (or each other) before anything is read.
fn check_paths(args: &Args) -> Result<()> {
    let mut outputs: Vec<&std::path::Path> = [&args.output, &args.per_example, &args.save]
        .into_iter()
        .flatten()
        .map(|p| p.as_path())
        .collect();
    if args.output.is_none() {
        outputs.push(std::path::Path::new("-"));
    }
    let mut inputs: Vec<Input> = Vec::new();
    inputs.extend(args.pairs.as_deref().map(Input::File));
    inputs.extend(args.hyp.as_deref().map(Input::File));
    inputs.extend(args.ref_files.iter().map(|p| Input::File(p)));
    inputs.extend(args.src.as_deref().map(Input::File));
    let references = args
        .dataset
        .as_deref()
        .map(tomtat::data::dataset::references_dir);
    inputs.extend(args.dataset.as_deref().map(Input::Folder));
    inputs.extend(references.as_deref().map(Input::Folder));
    inputs.extend(args.candidates.as_deref().map(Input::File));
    let tok = &args.scoring.tokenizer;
    inputs.extend(tok.stopwords.as_deref().map(Input::File));
    inputs.extend(tok.aliases.as_deref().map(Input::File));
    files::check_outputs(&inputs, &outputs)?;
    Ok(())
}

/// One configuration per language of the work; the sentence units a data set records apply
/// unless `--sentences` is given.
fn run_configs(
    scoring: &tomtat::options::ScoringOptions,
    options: &tomtat::metrics::ScoreOptions,
    work: &Work,
) -> Result<Vec<RunConfig>> {
    let configs = work
        .languages
        .iter()
        .map(|(_, profile)| {
            let mut config = scoring.run_config(*profile, options)?;
            if let (None, Some(units)) = (scoring.sentence_units(), work.sentences) {
                config.sentences = units;
            }
            Ok(config)
        })
        .collect::<Result<_, tomtat::Error>>()?;
    Ok(configs)
}

/// `--format`, else a table on a terminal and JSON anywhere else.
fn chosen_format(args: &Args) -> FormatArg {
    args.format.unwrap_or_else(|| {
        if args.output.is_none() && std::io::stdout().is_terminal() {
            FormatArg::Table
        } else {
            FormatArg::Json
        }
    })
}

/// The report of everything scored, with what became of every input example.
fn final_report(work: &mut Work, session: &Session) -> Result<report::Report> {
    let label = work.dataset_run.then(|| {
        let label: Vec<String> = work
            .languages
            .iter()
            .map(|(lang, p)| format!("{lang}={p}"))
            .collect();
        label.join("+")
    });
    let (input, skipped) = work
        .planned
        .take()
        .unwrap_or_else(|| (work.source.rows(), BTreeMap::new()));
    let accounting =
        Accounting::new(input, session.tally().len(), skipped)?.with_kinds(work.kinds.clone());
    Ok(session.report(label, accounting, work.dataset_run))
}
