//! Where `tomtat score`'s examples come from: a pairs file read a chunk at a time, or the
//! examples of a data set (candidates or a baseline) prepared in memory; the profile each
//! language is scored with, and the warnings the first examples call for.

use super::score::{Args, BaselineArg, InputFormat};
use anyhow::{Context, Result, bail};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use tomtat::Profile;
use tomtat::baseline::{self, Baseline};
use tomtat::data::dataset::{Dataset, Finding, load_with_findings};
use tomtat::data::{
    AlignedReader, DatasetExample, Fields, Pair, PairChunk, PairReader, TableFormat,
    pair_candidates, read_candidates,
};
use tomtat::files;
use tomtat::metrics::ScoreOptions;
use tomtat::run::{RunConfig, SentenceUnits, detect_profile};

/// Where the examples come from: a pairs file read a chunk at a time, or the examples of a
/// data set, prepared in memory.
pub(super) enum Source {
    File {
        reader: Box<dyn Chunks>,
        first: Option<PairChunk>,
    },
    Memory(Option<PairChunk>),
}

/// A file read a chunk at a time: a pairs file, or line-aligned text files.
pub(super) trait Chunks: Send {
    fn next_chunk(&mut self) -> Result<Option<PairChunk>, tomtat::Error>;
    /// Examples read so far.
    fn rows(&self) -> usize;
    /// Bytes read so far.
    fn position(&self) -> u64;
}

impl Chunks for PairReader {
    fn next_chunk(&mut self) -> Result<Option<PairChunk>, tomtat::Error> {
        PairReader::next_chunk(self)
    }
    fn rows(&self) -> usize {
        PairReader::rows(self)
    }
    fn position(&self) -> u64 {
        PairReader::position(self)
    }
}

impl Chunks for AlignedReader {
    fn next_chunk(&mut self) -> Result<Option<PairChunk>, tomtat::Error> {
        AlignedReader::next_chunk(self)
    }
    fn rows(&self) -> usize {
        AlignedReader::rows(self)
    }
    fn position(&self) -> u64 {
        AlignedReader::position(self)
    }
}

impl Source {
    pub(super) fn next_chunk(&mut self) -> Result<Option<PairChunk>> {
        Ok(match self {
            Source::File { reader, first } => match first.take() {
                Some(chunk) => Some(chunk),
                None => reader.next_chunk()?,
            },
            Source::Memory(chunk) => chunk.take(),
        })
    }

    /// Examples read so far.
    pub(super) fn rows(&self) -> usize {
        match self {
            Source::File { reader, first } => {
                reader.rows() - first.as_ref().map_or(0, |c| c.pairs.len())
            }
            Source::Memory(_) => 0,
        }
    }

    pub(super) fn position(&self) -> u64 {
        match self {
            Source::File { reader, .. } => reader.position(),
            Source::Memory(_) => 0,
        }
    }
}

/// The examples to score, and one tokenizer configuration per language (data set runs) or
/// a single one (pairs files).
pub(super) struct Work {
    pub(super) source: Source,
    /// Names the input in errors.
    pub(super) origin: String,
    /// Input size in bytes, for the progress bar.
    pub(super) size: u64,
    pub(super) languages: Vec<(String, Profile)>,
    pub(super) dataset_run: bool,
    /// Data set runs: the examples considered and why some were not scored.
    pub(super) planned: Option<(usize, BTreeMap<String, usize>)>,
    /// Data set runs: how many scored examples are articles and how many clusters.
    pub(super) kinds: BTreeMap<String, usize>,
    /// Data set runs: the sentence units the data set records, for rougeLsum when
    /// `--sentences` is not given.
    pub(super) sentences: Option<SentenceUnits>,
    /// Lines for stderr (the detected profile, a profile warning), printed once the whole
    /// input has been read and scored, so that an error is always the only line.
    pub(super) notes: Vec<String>,
}

impl Work {
    /// The configuration index of every pair of a chunk.
    pub(super) fn groups(&self, chunk: &PairChunk) -> Vec<usize> {
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

/// True when a metric reads what the candidates summarize (copysource).
/// The articles go with each pair for copysource, and for the HTML explorer's novel words.
fn wants_source(args: &Args) -> bool {
    let html = matches!(args.format, Some(super::score::FormatArg::Html)) && !args.no_texts;
    html || tomtat::metrics::Metric::parse_list(&args.scoring.metrics)
        .is_ok_and(|m| m.contains(&tomtat::metrics::Metric::CopySource))
}

pub(super) fn profile_for(lang: &str, explicit: Option<Profile>) -> Profile {
    explicit.unwrap_or(match lang {
        "vi" => Profile::ViV1,
        "en" => Profile::EnV1,
        _ => Profile::UnicodeV1,
    })
}

/// The format given, else the one the extension names; standard input (`-`) is JSON Lines
/// unless `--input-format` says otherwise.
pub(super) fn table_format(
    given: Option<InputFormat>,
    path: &std::path::Path,
) -> Result<TableFormat> {
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

/// What `score` reads, from whichever input the flags name: a pairs file, line-aligned text
/// files, or a data set with candidates or a baseline.
pub(super) fn collect_work(args: &Args) -> Result<Work> {
    let explicit = args.scoring.options().profile;
    if let Some(path) = &args.pairs {
        return pairs_work(args, path, explicit);
    }
    if let Some(hyp) = &args.hyp {
        return aligned_work(args, hyp, explicit);
    }
    let Some(dir) = &args.dataset else {
        bail!("give --pairs FILE, or --dataset DIR with --candidates FILE or --baseline");
    };
    dataset_work(args, dir, explicit)
}

/// `--pairs FILE`: streamed in chunks.
fn pairs_work(args: &Args, path: &Path, explicit: Option<Profile>) -> Result<Work> {
    let mut fields = Fields::new(
        args.id_field.as_deref(),
        args.candidate_field.as_deref(),
        args.reference_field.as_deref(),
        args.references_field.as_deref(),
    );
    if wants_source(args) {
        fields.source = Some("source".into());
    }
    fields.scores = args.scoring.score_field.clone();
    let reader = PairReader::open_with(
        path,
        table_format(args.input_format, path)?,
        args.chunk_bytes,
        fields,
    )?;
    file_work(Box::new(reader), path, explicit, args)
}

/// `--hyp FILE --ref FILE…`: line-aligned text, streamed in chunks.
fn aligned_work(args: &Args, hyp: &Path, explicit: Option<Profile>) -> Result<Work> {
    let lang = match &args.lang {
        Some(code) => Some(
            tomtat::text::language::canonical_code(code).with_context(|| {
                format!(
                    "--lang {code:?}: not a language code tomtat knows (one of {})",
                    tomtat::text::language::judged_codes().join(", ")
                )
            })?,
        ),
        None => None,
    };
    let reader = AlignedReader::open(
        hyp,
        &args.ref_files,
        args.src.as_deref(),
        lang,
        args.chunk_bytes,
    )?;
    let explicit = explicit.or(lang.map(|l| profile_for(l, None)));
    file_work(Box::new(reader), hyp, explicit, args)
}

/// `--dataset DIR` with `--candidates FILE` or `--baseline NAME`: every example in memory,
/// with what was not scored and why.
fn dataset_work(args: &Args, dir: &Path, explicit: Option<Profile>) -> Result<Work> {
    let (dataset, findings) = load_with_findings(dir)?;
    let mut notes = Vec::new();
    if let Some(note) = text_findings_note(dir, &findings, explicit) {
        notes.push(note);
    }
    let mut skipped = BTreeMap::new();
    let (origin, examples) = match (&args.candidates, args.baseline) {
        (Some(path), None) => (
            files::origin_name(path),
            candidate_examples(args, &dataset, path, &mut skipped)?,
        ),
        (None, Some(b)) => (
            dir.display().to_string(),
            baseline_examples(args, &dataset, b, explicit, &mut skipped)?,
        ),
        _ => bail!("with --dataset give exactly one of --candidates FILE or --baseline NAME"),
    };
    if examples.is_empty() {
        bail!("{}: nothing to score", dir.display());
    }
    let mut languages: Vec<(String, Profile)> = Vec::new();
    let mut chunk = PairChunk::default();
    let mut kinds = BTreeMap::new();
    let article_ids: std::collections::HashSet<&str> =
        dataset.articles.iter().map(|a| a.id.as_str()).collect();
    let wants_source = wants_source(args);
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
        let kind = if article_ids.contains(ex.target.as_str()) {
            "article"
        } else {
            "cluster"
        };
        *kinds.entry(kind.to_string()).or_default() += 1;
        chunk.lines.push(i + 1);
        chunk.pairs.push(Pair {
            id: ex.target,
            candidate: ex.candidate,
            references: ex.references,
            lang: Some(ex.lang),
            source: ex.source,
            scores: ex.scores,
        });
    }
    let vi = languages
        .iter()
        .find(|(l, _)| l == "vi")
        .map_or(Profile::ViV1, |(_, p)| *p);
    if let Some(note) = segmented_note(&chunk.pairs, dataset.record.segmented, vi, args) {
        notes.push(note);
    }
    let input = chunk.pairs.len() + skipped.values().sum::<usize>();
    Ok(Work {
        source: Source::Memory(Some(chunk)),
        origin,
        size: 0,
        languages,
        dataset_run: true,
        sentences: dataset.record.sentences,
        planned: Some((input, skipped)),
        kinds,
        notes,
    })
}

/// The data set's targets paired with the candidates of `path`; targets without one are
/// counted in `skipped` (with `--allow-missing`).
fn candidate_examples(
    args: &Args,
    dataset: &Dataset,
    path: &Path,
    skipped: &mut BTreeMap<String, usize>,
) -> Result<Vec<DatasetExample>> {
    let candidates = read_candidates(
        path,
        table_format(args.input_format, path)?,
        &args.scoring.score_field,
    )?;
    let examples = pair_candidates(dataset, &candidates, args.allow_missing)?;
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
    Ok(examples)
}

/// A built-in baseline's summary of every target with a Vietnamese reference; the others are
/// counted in `skipped`.
fn baseline_examples(
    args: &Args,
    dataset: &Dataset,
    b: BaselineArg,
    explicit: Option<Profile>,
    skipped: &mut BTreeMap<String, usize>,
) -> Result<Vec<DatasetExample>> {
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
        sentences: args
            .scoring
            .options()
            .sentence_units()
            .unwrap_or(dataset.record.baseline_sentences()),
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
                dataset,
                &target,
                &references,
                baseline,
                &vi,
                args.scoring.seed(),
            );
            Some(DatasetExample {
                target,
                lang: "vi".into(),
                candidate,
                references,
                source: None,
                scores: Vec::new(),
            })
        })
        .collect();
    if examples.len() < total {
        skipped.insert(
            "target without a Vietnamese reference".into(),
            total - examples.len(),
        );
    }
    Ok(examples)
}

/// The warning a data set with text findings gets: it scores (the Vietnamese profile
/// normalizes such text; a compatibility profile reads it as its reference tool would), and
/// `dataset check` lists them.
fn text_findings_note(
    dir: &std::path::Path,
    findings: &[Finding],
    explicit: Option<Profile>,
) -> Option<String> {
    let count = |kind: &str| {
        let files: HashSet<&std::path::Path> = findings
            .iter()
            .filter(|f| f.kind == kind)
            .map(|f| f.path.as_path())
            .collect();
        files.len()
    };
    let (text, language) = (count("text"), count("language"));
    if text + language == 0 {
        return None;
    }
    let mut what = Vec::new();
    if text > 0 {
        what.push(format!(
            "{text} file(s) with text not in NFC, invisible characters or look-alike letters"
        ));
    }
    if language > 0 {
        what.push(format!(
            "{language} file(s) whose text reads as another language than declared"
        ));
    }
    let how = match explicit {
        None | Some(Profile::ViV1) => "the vi-v1 profile normalizes such text",
        Some(_) => "scored as the profile reads them",
    };
    let shown = dir.display().to_string();
    let dir = files::terminal_safe(&shown);
    Some(format!(
        "tomtat: warning: {dir}: {} ({how}); `tomtat dataset check {dir}` lists them, \
         `tomtat dataset fix {dir} DEST` writes a repaired copy",
        what.join(", ")
    ))
}

/// The note that the text looks word-segmented (or its data set says it is) while the run
/// scores syllables by default: said once, naming `--units words`. Not when `--units` is
/// given or the profile has no word units.
fn segmented_note(
    sample: &[tomtat::data::Pair],
    recorded: bool,
    profile: Profile,
    args: &Args,
) -> Option<String> {
    if profile != Profile::ViV1 || args.scoring.tokenizer.units.is_some() {
        return None;
    }
    let why = match tomtat::run::looks_segmented(sample) {
        Some(share) => format!(
            "{:.0}% of its words are joined by '_'",
            (share * 100.0).floor()
        ),
        None if recorded => "its data set records it (dataset.json)".to_string(),
        None => return None,
    };
    Some(format!(
        "tomtat: note: the text looks word-segmented ({why}); it is scored as syllables ('_' \
         read as a space), and --units words scores the segmented words"
    ))
}

/// The work of a file read a chunk at a time: the profile given, or detected from the first
/// chunk, and the warnings the first chunk calls for.
fn file_work(
    mut reader: Box<dyn Chunks>,
    path: &std::path::Path,
    explicit: Option<Profile>,
    args: &Args,
) -> Result<Work> {
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
    if let Some(note) = segmented_note(sample, false, profile, args) {
        notes.push(note);
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
    Ok(Work {
        source: Source::File { reader, first },
        origin: files::origin_name(path),
        size: std::fs::metadata(path).map_or(0, |m| m.len()),
        languages: vec![(String::new(), profile)],
        dataset_run: false,
        sentences: None,
        planned: None,
        kinds: BTreeMap::new(),
        notes,
    })
}
