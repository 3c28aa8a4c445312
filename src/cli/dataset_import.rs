//! `tomtat dataset import`: one subcommand per public data set, each a thin call into
//! `tomtat::data`'s importers, and what each import found on stdout.

use anyhow::Result;
use clap::Subcommand;
use std::io::IsTerminal;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tomtat::data::import::{ImportCounts, import_abmusu, import_vims};
use tomtat::data::import_bbc::{BbcImport, BbcReport, import_crosssum, import_xlsum};

#[derive(Debug, Subcommand)]
pub enum ImportSource {
    /// WikiLingua (GEM): SRC is GEM's folder ({train,val,test}.{src,tgt}.{vi,en}) or a
    /// Hugging Face GEM/wiki_lingua Parquet/Arrow file; Vietnamese article, English reference
    #[command(after_help = "Examples:
  tomtat dataset import wikilingua GEM_data/vietnamese /tmp/wikilingua-vi-en --split test
  tomtat dataset import wikilingua GEM_data/vietnamese /tmp/wikilingua-vi --split test --summary-lang vi
  tomtat dataset import wikilingua wiki_lingua_vietnamese_vi-test.parquet /tmp/wikilingua-vi-en

Ids are GEM's gem_id (wiki_lingua_vietnamese_vi-test-0, …); both forms of a split give the
same data set. The original release's pickle is refused: reading a pickle runs code.")]
    Wikilingua {
        src: PathBuf,
        dest: PathBuf,
        /// With GEM's folder: the one split to import [default: every split there]
        #[arg(long, value_enum)]
        split: Option<SplitArg>,
        /// The summaries' language: en (GEM's cross-lingual task) or vi (monolingual)
        #[arg(long, value_name = "CODE", default_value = "en")]
        summary_lang: String,
        /// Drop articles whose text repeats an earlier one, listed in DEST/dropped.tsv
        #[arg(long)]
        dedup: bool,
    },
    /// VietNews: SRC is a folder of the word-segmented release's .txt.seg files (e.g.
    /// data/test_tokenized); title, abstract (the reference) and body kept as released
    #[command(after_help = "Examples:
  tomtat dataset import vietnews vietnews/data/test_tokenized /tmp/vietnews-test
  tomtat dataset import vietnews data/test_tokenized /tmp/vn-test --against data/train_tokenized --against data/val_tokenized --dedup

Body lines are the sentences (dataset.json records sentences: lines, segmented: true);
image captions go to DEST/captions.jsonl, not into the article. Score syllables (the
default) or the released words (--units words).")]
    Vietnews {
        src: PathBuf,
        dest: PathBuf,
        /// Folders of the other splits: articles whose body is also there are duplicates
        #[arg(long, value_name = "DIR")]
        against: Vec<PathBuf>,
        /// Drop duplicates (within SRC and across --against), listed in DEST/dropped.tsv
        #[arg(long)]
        dedup: bool,
    },
    /// ViMs: SRC has data/Cluster_NNN/<k>.txt and summary/Cluster_NNN/<k>.txt
    Vims { src: PathBuf, dest: PathBuf },
    /// VLSP 2022 AbMuSu: one JSON Lines split file
    Abmusu { file: PathBuf, dest: PathBuf },
    /// XL-Sum: one language's split file as released (vietnamese_test.jsonl: id, url, title,
    /// summary, text)
    Xlsum {
        file: PathBuf,
        dest: PathBuf,
        #[command(flatten)]
        bbc: BbcArgs,
    },
    /// CrossSum: one language pair's split file as released (vietnamese-english_test.jsonl:
    /// source_url, target_url, summary in the target language, text in the source language)
    Crosssum {
        file: PathBuf,
        dest: PathBuf,
        #[command(flatten)]
        bbc: BbcArgs,
    },
}

/// Duplicate handling and languages of the XL-Sum and CrossSum importers.
#[derive(Debug, clap::Args)]
pub struct BbcArgs {
    /// Other split files of the same data set (e.g. the train split when importing test):
    /// articles also found there are reported as duplicates across splits
    #[arg(long, value_name = "FILE")]
    against: Vec<PathBuf>,
    /// Drop duplicate articles (within the file and across --against), listed in
    /// DEST/dropped.tsv
    #[arg(long)]
    dedup: bool,
    /// The language when the file name does not tell: an ISO code (XL-Sum, e.g. vi) or
    /// SRC-TGT (CrossSum, e.g. vi-en)
    #[arg(long, value_name = "CODES")]
    languages: Option<String>,
    /// With a folder (the extracted release, vietnamese_{train,val,test}.jsonl side by side):
    /// the one split to import [default: every split there]
    #[arg(long, value_enum)]
    split: Option<SplitArg>,
}

/// A split of a released data set, as its files name it.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum SplitArg {
    Train,
    Val,
    Test,
}

impl SplitArg {
    fn name(self) -> &'static str {
        match self {
            SplitArg::Train => "train",
            SplitArg::Val => "val",
            SplitArg::Test => "test",
        }
    }
}

impl BbcArgs {
    fn options(&self) -> BbcImport {
        BbcImport {
            against: self.against.clone(),
            dedup: self.dedup,
            languages: self.languages.clone(),
            split: self.split.map(|s| s.name().to_string()),
        }
    }
}

pub fn run(source: ImportSource) -> Result<ExitCode> {
    let counts: ImportCounts = match &source {
        ImportSource::Wikilingua {
            src,
            dest,
            split,
            summary_lang,
            dedup,
        } => {
            let options = tomtat::data::import_wikilingua::WikilinguaImport {
                split: split.map(|s| s.name().to_string()),
                summary_lang: summary_lang.clone(),
                dedup: *dedup,
            };
            let report = tomtat::data::import_wikilingua::import_wikilingua(
                src,
                dest,
                &options,
                &mut |_| {},
            )?;
            print_report(dest, &report, "the input", false)?;
            return Ok(ExitCode::SUCCESS);
        }
        ImportSource::Vietnews {
            src,
            dest,
            against,
            dedup,
        } => return run_vietnews(src, dest, against, *dedup),
        ImportSource::Vims { src, dest } => import_vims(src, dest)?,
        ImportSource::Abmusu { file, dest } => import_abmusu(file, dest)?,
        ImportSource::Xlsum { file, dest, bbc } => {
            return run_bbc(file, dest, bbc, import_xlsum);
        }
        ImportSource::Crosssum { file, dest, bbc } => {
            return run_bbc(file, dest, bbc, import_crosssum);
        }
    };
    writeln!(
        std::io::stdout().lock(),
        "imported {} clusters, {} articles, {} references",
        counts.clusters,
        counts.articles,
        counts.references
    )?;
    Ok(ExitCode::SUCCESS)
}

fn run_vietnews(src: &Path, dest: &Path, against: &[PathBuf], dedup: bool) -> Result<ExitCode> {
    let options = BbcImport {
        against: against.to_vec(),
        dedup,
        languages: None,
        split: None,
    };
    let r = tomtat::data::import_vietnews::import_vietnews(src, dest, &options, &mut |_| {})?;
    let shown = |p: PathBuf| tomtat::files::terminal_safe(&p.display().to_string()).into_owned();
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "imported {} articles (vi), {} references (vi); sentences: lines, word-segmented",
        r.counts.articles, r.counts.references
    )?;
    writeln!(
        out,
        "duplicates: {} within the folder, {} across --against{}",
        r.duplicates_within,
        r.duplicates_across,
        if r.dropped > 0 {
            format!(
                "; {} dropped (listed in {})",
                r.dropped,
                shown(dest.join("dropped.tsv"))
            )
        } else {
            String::new()
        }
    )?;
    if r.dropped_malformed > 0 {
        writeln!(
            out,
            "left out: {} files without a title, abstract and body (listed in {})",
            r.dropped_malformed,
            shown(dest.join("dropped.tsv"))
        )?;
    }
    if r.with_captions > 0 {
        writeln!(
            out,
            "captions: {} articles' image captions in {} (not article text)",
            r.with_captions,
            shown(dest.join("captions.jsonl"))
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

type BbcImporter =
    fn(&Path, &Path, &BbcImport, &mut dyn FnMut(u64)) -> Result<BbcReport, tomtat::Error>;

/// Runs an XL-Sum or CrossSum import with a progress bar (bytes) on a terminal.
fn run_bbc(file: &Path, dest: &Path, args: &BbcArgs, import: BbcImporter) -> Result<ExitCode> {
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    let bar = (size > 4 << 20 && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(size);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "importing {bar:30} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
        ) {
            bar.set_style(style);
        }
        bar
    });
    let report = import(file, dest, &args.options(), &mut |read| {
        if let Some(bar) = &bar {
            bar.set_position(read);
        }
    })?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    print_report(dest, &report, "the file", true)?;
    Ok(ExitCode::SUCCESS)
}

/// What a row import found, on stdout; `within` names what duplicates are counted within.
fn print_report(dest: &Path, report: &BbcReport, within: &str, against: bool) -> Result<()> {
    let (from, to) = &report.languages;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "imported {} articles ({from}), {} references ({to})",
        report.counts.articles, report.counts.references
    )?;
    writeln!(
        out,
        "duplicates: {} within {within}{}{}",
        report.duplicates_within,
        if against {
            format!(", {} across --against", report.duplicates_across)
        } else {
            String::new()
        },
        if report.dropped > 0 {
            format!(
                "; {} dropped (listed in {})",
                report.dropped,
                tomtat::files::terminal_safe(&dest.join("dropped.tsv").display().to_string())
            )
        } else {
            String::new()
        }
    )?;
    if report.dropped_empty > 0 {
        writeln!(
            out,
            "left out: {} rows with an empty text or summary (listed in {})",
            report.dropped_empty,
            tomtat::files::terminal_safe(&dest.join("dropped.tsv").display().to_string())
        )?;
    }
    Ok(())
}
