//! `tomtat score`: score candidates against references and report means with intervals.

use super::options::ScoringArgs;
use anyhow::{Context, Result, bail};
use clap::ValueEnum;
use std::collections::{BTreeMap, HashSet};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use tomtat::Profile;
use tomtat::baseline::{self, Baseline};
use tomtat::data::dataset::load;
use tomtat::data::{
    CHUNK_BYTES, DatasetExample, Fields, Pair, PairChunk, PairReader, TableFormat, pair_candidates,
    read_candidates,
};
use tomtat::files::{self, AtomicWriter, Input};
use tomtat::metrics::ScoreOptions;
use tomtat::report::{self, Accounting, Format, RunExample, RunWriter};
use tomtat::run::{MAX_THREADS, RunConfig, SentenceUnits, Session, detect_profile};

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
  tomtat score --dataset datasets/vi-news-ukraine-2022 --baseline lead-3 --format table
  tomtat score --dataset datasets/vi-news-ukraine-2022 --candidates system.jsonl

Input: JSON Lines, one object a line: {\"id\": \"…\", \"candidate\": \"…\", \"reference\": \"…\"}
(\"prediction\" for \"candidate\"; \"references\": [\"…\", …] for several), CSV/TSV with a
header id,candidate,reference[,reference2,…], or Parquet/Arrow files with the same columns
(\"references\" a list column). --id-field, --candidate-field, --reference-field and
--references-field name other fields or columns.")]
#[command(group(clap::ArgGroup::new("input").required(true).multiple(false)))]
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
    /// Save the run (scores and raw counts per example) for `tomtat compare` and `tomtat merge`
    #[arg(long, value_name = "RUN.json")]
    pub save: Option<PathBuf>,
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
    fn exporter(self) -> Option<Format> {
        match self {
            FormatArg::Table => Some(Format::Table),
            FormatArg::Json => Some(Format::Json),
            FormatArg::Csv => Some(Format::Csv),
            FormatArg::Md => Some(Format::Markdown),
            FormatArg::Html => None,
        }
    }
}

/// Where the examples come from: a pairs file read a chunk at a time, or the examples of a
/// data set, prepared in memory.
enum Source {
    File {
        reader: Box<PairReader>,
        first: Option<PairChunk>,
    },
    Memory(Option<PairChunk>),
}

impl Source {
    fn next_chunk(&mut self) -> Result<Option<PairChunk>> {
        Ok(match self {
            Source::File { reader, first } => match first.take() {
                Some(chunk) => Some(chunk),
                None => reader.next_chunk()?,
            },
            Source::Memory(chunk) => chunk.take(),
        })
    }

    /// Examples read so far.
    fn rows(&self) -> usize {
        match self {
            Source::File { reader, first } => {
                reader.rows() - first.as_ref().map_or(0, |c| c.pairs.len())
            }
            Source::Memory(_) => 0,
        }
    }

    fn position(&self) -> u64 {
        match self {
            Source::File { reader, .. } => reader.position(),
            Source::Memory(_) => 0,
        }
    }
}

/// The examples to score, and one tokenizer configuration per language (data set runs) or
/// a single one (pairs files).
struct Work {
    source: Source,
    /// Names the input in errors.
    origin: String,
    /// Input size in bytes, for the progress bar.
    size: u64,
    languages: Vec<(String, Profile)>,
    dataset_run: bool,
    /// Data set runs: the examples considered and why some were not scored.
    planned: Option<(usize, BTreeMap<String, usize>)>,
    /// Lines for stderr (the detected profile, a profile warning), printed once the whole
    /// input has been read and scored, so that an error is always the only line.
    notes: Vec<String>,
}

impl Work {
    /// The configuration index of every pair of a chunk.
    fn groups(&self, chunk: &PairChunk) -> Vec<usize> {
        if !self.dataset_run {
            return vec![0; chunk.pairs.len()];
        }
        chunk
            .pairs
            .iter()
            .map(|p| {
                let lang = p.lang.as_deref().unwrap_or("");
                self.languages
                    .iter()
                    .position(|(l, _)| l == lang)
                    .unwrap_or(0)
            })
            .collect()
    }
}

fn profile_for(lang: &str, explicit: Option<Profile>) -> Profile {
    explicit.unwrap_or(match lang {
        "vi" => Profile::ViV1,
        "en" => Profile::EnV1,
        _ => Profile::UnicodeV1,
    })
}

/// The format given, else the one the extension names; standard input (`-`) is JSON Lines
/// unless `--input-format` says otherwise.
fn table_format(given: Option<InputFormat>, path: &std::path::Path) -> Result<TableFormat> {
    Ok(match given {
        Some(InputFormat::Jsonl) => TableFormat::Jsonl,
        Some(InputFormat::Csv) => TableFormat::Csv,
        Some(InputFormat::Tsv) => TableFormat::Tsv,
        Some(InputFormat::Parquet) => TableFormat::Parquet,
        Some(InputFormat::Arrow) => TableFormat::Arrow,
        None if files::is_stdio(path) => TableFormat::Jsonl,
        None => TableFormat::from_path(path).with_context(|| {
            format!(
                "{}: cannot tell the format from the extension; use --input-format \
                 jsonl|csv|tsv|parquet|arrow",
                path.display()
            )
        })?,
    })
}

fn collect_work(args: &Args) -> Result<Work> {
    let explicit = args.scoring.options().profile;
    if let Some(path) = &args.pairs {
        let fields = Fields::new(
            args.id_field.as_deref(),
            args.candidate_field.as_deref(),
            args.reference_field.as_deref(),
            args.references_field.as_deref(),
        );
        let mut reader = PairReader::open_with(
            path,
            table_format(args.input_format, path)?,
            args.chunk_bytes,
            fields,
        )?;
        let first = reader.next_chunk()?;
        let sample = first.as_ref().map_or(&[][..], |c| &c.pairs[..]);
        let mut notes = Vec::new();
        let profile = match explicit {
            Some(p) => p,
            None => {
                let p = detect_profile(sample);
                notes.push(format!(
                    "tomtat: profile {p} (detected from the text; set --profile to choose)"
                ));
                p
            }
        };
        if profile == Profile::RougeScore && detect_profile(sample) == Profile::ViV1 {
            notes.push(
                "tomtat: warning: the rouge-score profile keeps only a-z and 0-9, so Vietnamese \
                 letters are dropped; use --profile vi-v1"
                    .to_string(),
            );
        }
        if let Some(w) = tomtat::run::language_mismatch(sample) {
            notes.push(format!(
                "tomtat: warning: {}",
                tomtat::files::terminal_safe(&w)
            ));
        }
        if profile == Profile::XlSum {
            let spec = args.scoring.tokenizer.spec();
            let texts = sample
                .iter()
                .flat_map(|p| std::iter::once(&p.candidate).chain(&p.references))
                .map(String::as_str);
            for w in tomtat::text::xlsum::warnings(spec.stem, spec.xlsum_lang.as_deref(), texts) {
                notes.push(format!("tomtat: warning: {w}"));
            }
        }
        return Ok(Work {
            source: Source::File {
                reader: Box::new(reader),
                first,
            },
            origin: files::origin_name(path),
            size: std::fs::metadata(path).map_or(0, |m| m.len()),
            languages: vec![(String::new(), profile)],
            dataset_run: false,
            planned: None,
            notes,
        });
    }
    let Some(dir) = &args.dataset else {
        bail!("give --pairs FILE, or --dataset DIR with --candidates FILE or --baseline");
    };
    let dataset = load(dir)?;
    let mut skipped = BTreeMap::new();
    let (origin, examples) = match (&args.candidates, args.baseline) {
        (Some(path), None) => {
            let candidates = read_candidates(path, table_format(args.input_format, path)?)?;
            let examples = pair_candidates(&dataset, &candidates, args.allow_missing)?;
            let covered: HashSet<&str> = examples.iter().map(|e| e.target.as_str()).collect();
            let missing = dataset
                .scored_targets()
                .iter()
                .filter(|t| !covered.contains(t.as_str()))
                .count();
            if missing > 0 {
                skipped.insert(
                    "target without a candidate (--allow-missing)".into(),
                    missing,
                );
            }
            (files::origin_name(path), examples)
        }
        (None, Some(b)) => {
            let baseline = match b {
                BaselineArg::Lead1 => Baseline::Lead(1),
                BaselineArg::Lead3 => Baseline::Lead(3),
                BaselineArg::Random3 => Baseline::Random(3),
                BaselineArg::Oracle => Baseline::Oracle,
            };
            let vi = RunConfig {
                tokenizer: args
                    .scoring
                    .tokenizer
                    .tokenizer(profile_for("vi", explicit))?,
                sentences: SentenceUnits::Lines,
                score: ScoreOptions::default(),
                limit: None,
            };
            let targets = dataset.scored_targets();
            let total = targets.len();
            let examples: Vec<DatasetExample> = targets
                .into_iter()
                .filter_map(|target| {
                    let references: Vec<String> = dataset
                        .references_of(&target, "vi")
                        .iter()
                        .map(|r| r.text.clone())
                        .collect();
                    if references.is_empty() {
                        return None;
                    }
                    let candidate = baseline::summarize(
                        &dataset,
                        &target,
                        &references,
                        baseline,
                        &vi,
                        args.scoring.seed,
                    );
                    Some(DatasetExample {
                        target,
                        lang: "vi".into(),
                        candidate,
                        references,
                        source: None,
                    })
                })
                .collect();
            if examples.len() < total {
                skipped.insert(
                    "target without a Vietnamese reference".into(),
                    total - examples.len(),
                );
            }
            (dir.display().to_string(), examples)
        }
        _ => bail!("with --dataset give exactly one of --candidates FILE or --baseline NAME"),
    };
    if examples.is_empty() {
        bail!("{}: nothing to score", dir.display());
    }
    let mut languages: Vec<(String, Profile)> = Vec::new();
    let mut chunk = PairChunk::default();
    let wants_source = tomtat::metrics::Metric::parse_list(&args.scoring.metrics)
        .is_ok_and(|m| m.contains(&tomtat::metrics::Metric::CopySource));
    for (i, mut ex) in examples.into_iter().enumerate() {
        if wants_source && ex.source.is_none() {
            let texts: Vec<&str> = dataset
                .articles_of(&ex.target)
                .iter()
                .map(|a| a.text.as_str())
                .collect();
            ex.source = Some(texts.join("\n"));
        }
        if !languages.iter().any(|(l, _)| *l == ex.lang) {
            languages.push((ex.lang.clone(), profile_for(&ex.lang, explicit)));
        }
        chunk.lines.push(i + 1);
        chunk.pairs.push(Pair {
            id: ex.target,
            candidate: ex.candidate,
            references: ex.references,
            lang: Some(ex.lang),
            source: ex.source,
        });
    }
    let input = chunk.pairs.len() + skipped.values().sum::<usize>();
    Ok(Work {
        source: Source::Memory(Some(chunk)),
        origin,
        size: 0,
        languages,
        dataset_run: true,
        planned: Some((input, skipped)),
        notes: Vec::new(),
    })
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

/// What the examples of one chunk add to the outputs, computed in parallel.
struct Extra {
    per_example: Option<String>,
    run: Option<String>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    if args.threads > MAX_THREADS {
        bail!(
            "--threads must be at most {MAX_THREADS} (0 = all cores), got {}",
            args.threads
        );
    }
    let scoring = args.scoring.options();
    let options = scoring.score_options()?;
    let metrics = options.metrics.clone();
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
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads)
        .build()
        .context("cannot start worker threads")?;
    let mut per_example = args
        .per_example
        .as_deref()
        .map(AtomicWriter::create)
        .transpose()?;
    let mut save = args.save.as_deref().map(RunWriter::create).transpose()?;
    // Made now, so an output that cannot be written fails before any scoring.
    let mut report_out = args
        .output
        .as_deref()
        .map(AtomicWriter::create)
        .transpose()?;
    let mut work = pool.install(|| collect_work(&args))?;
    let configs: Vec<RunConfig> = work
        .languages
        .iter()
        .map(|(_, profile)| scoring.run_config(*profile, &options))
        .collect::<Result<_, _>>()?;
    let bootstrap = scoring.bootstrap;
    let mut session = Session::new(configs, bootstrap);
    let bar = progress_bar(work.size);
    while let Some(chunk) = pool.install(|| work.source.next_chunk())? {
        let groups = work.groups(&chunk);
        let (want_examples, want_run) = (per_example.is_some(), save.is_some());
        let scored = pool.install(|| {
            session.score(
                &chunk.pairs,
                &groups,
                &chunk.lines,
                &work.origin,
                |pair, scored, digests| Extra {
                    per_example: want_examples.then(|| {
                        report::example_json(
                            &pair.id,
                            pair.lang.as_deref(),
                            &metrics,
                            &scored.scores,
                            scored.detected,
                        )
                    }),
                    run: want_run.then(|| RunExample::new(pair, scored, digests).to_json()),
                },
            )
        })?;
        for (_, extra) in &scored {
            if let (Some(w), Some(text)) = (per_example.as_mut(), &extra.per_example) {
                w.write(text.as_bytes())?;
                w.write(b"\n")?;
            }
            if let (Some(w), Some(text)) = (save.as_mut(), &extra.run) {
                w.push(text)?;
            }
        }
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
    let print_notes = || {
        for note in &work.notes {
            eprintln!("{note}");
        }
    };
    match &bar {
        Some(b) => b.suspend(print_notes),
        None => print_notes(),
    }
    if let Some(b) = args.baseline {
        eprintln!("tomtat: scoring the {} baseline", b.name());
    }
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
    let tally = session.tally();
    let accounting = Accounting::new(input, tally.len(), skipped)?;
    let report = pool.install(|| session.report(label, accounting, work.dataset_run));
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    for w in &report.warnings {
        eprintln!("tomtat: warning: {}", report::terminal_safe(w));
    }
    let run_file = save
        .map(|w| w.complete(&report, &metrics, bootstrap))
        .transpose()?;
    let format = args.format.unwrap_or_else(|| {
        if args.output.is_none() && std::io::stdout().is_terminal() {
            FormatArg::Table
        } else {
            FormatArg::Json
        }
    });
    let rendered = match format.exporter() {
        Some(f) => report::exporter(f).render(&report),
        None => {
            let per_metric: Vec<(String, Vec<f64>)> = metrics
                .iter()
                .enumerate()
                .map(|(m, name)| (name.to_string(), tally.fmeasures(m)))
                .collect();
            report::score_html(&report, &per_metric)
        }
    };
    // All or nothing: every output is complete in its temporary file before any is renamed.
    if let Some(w) = report_out.as_mut() {
        w.write(rendered.as_bytes())?;
    }
    for w in [run_file, per_example, report_out].into_iter().flatten() {
        w.commit()?;
    }
    if args.output.is_none() {
        super::emit(None, &rendered)?;
    }
    Ok(ExitCode::SUCCESS)
}
