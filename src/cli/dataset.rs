//! `tomtat dataset`: check data sets and import public ones.

use anyhow::{Result, bail};
use clap::Subcommand;
use std::path::PathBuf;
use std::process::ExitCode;
use tomtat::data::dataset::{Severity, check};
use tomtat::data::import::{ImportCounts, import_abmusu, import_vims};

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
    /// Errors: missing or unreadable files, manifest rows without a file and files without a
    /// row, targets without references, references for unknown targets, empty texts, invalid
    /// UTF-8, text that is not NFC, invisible characters, look-alike letters, a language that
    /// does not match the text, duplicate ids. Warnings: both tone styles in one file.
    /// Exit 0 when clean (warnings allowed), 1 when errors were found, 2 on bad usage.
    #[command(after_help = "Examples:
  tomtat dataset check                                  # every data set under datasets/
  tomtat dataset check datasets/vi-news-ukraine-2022")]
    Check {
        /// Data set folders [default: every folder under datasets/]
        dirs: Vec<PathBuf>,
    },
    /// Convert a public data set into tomtat's layout.
    #[command(after_help = "Examples:
  tomtat dataset import vims ../shared/data/vims /tmp/vims
  tomtat dataset import abmusu ../shared/data/abmusu/validation.jsonl /tmp/abmusu-validation")]
    Import {
        #[command(subcommand)]
        source: ImportSource,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportSource {
    /// ViMs: SRC has data/Cluster_NNN/<k>.txt and summary/Cluster_NNN/<k>.txt
    Vims { src: PathBuf, dest: PathBuf },
    /// VLSP 2022 AbMuSu: one JSON Lines split file
    Abmusu { file: PathBuf, dest: PathBuf },
}

pub fn run(args: Args) -> Result<ExitCode> {
    match args.command {
        DatasetCommand::Check { dirs } => run_check(dirs),
        DatasetCommand::Import { source } => {
            let counts: ImportCounts = match &source {
                ImportSource::Vims { src, dest } => import_vims(src, dest)?,
                ImportSource::Abmusu { file, dest } => import_abmusu(file, dest)?,
            };
            println!(
                "imported {} clusters, {} articles, {} references",
                counts.clusters, counts.articles, counts.references
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn run_check(mut dirs: Vec<PathBuf>) -> Result<ExitCode> {
    if dirs.is_empty() {
        let root = PathBuf::from("datasets");
        let Ok(entries) = std::fs::read_dir(&root) else {
            bail!("no data set given and no datasets/ folder here");
        };
        dirs = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        if dirs.is_empty() {
            bail!("datasets/ holds no data set");
        }
    }
    let (mut errors, mut warnings) = (0, 0);
    for dir in &dirs {
        if !dir.is_dir() {
            bail!("{}: not a folder", dir.display());
        }
        let (dataset, findings) = check(dir);
        for f in &findings {
            println!("{f}");
            match f.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
        }
        if let Some(d) = dataset {
            println!(
                "{}: {} articles, {} references, {} targets",
                dir.display(),
                d.articles.len(),
                d.references.len(),
                d.scored_targets().len()
            );
        }
    }
    println!("{errors} error(s), {warnings} warning(s)");
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
