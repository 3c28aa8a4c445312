//! `tomtat dataset check`: every finding with file and line, then a summary by kind, so that
//! the few findings to act on are not buried under the many a data set of its kind expects
//! (an extractive set copies spans); `--ignore KIND` leaves a kind out, `--format json` gives
//! each finding with its kind.

use anyhow::{Result, bail};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use tomtat::curate::checks::content_checks;
use tomtat::data::dataset::{Finding, Severity, check};

/// The kinds of warnings, as `--ignore` names them.
const WARNING_KINDS: [&str; 8] = [
    "text",
    "tone",
    "language",
    "duplicate",
    "near-duplicate",
    "copy-span",
    "boilerplate",
    "leakage",
];

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum CheckFormat {
    /// One finding a line, then the counts by kind
    Text,
    /// Every finding with its severity, kind, file and line; the counts by kind
    Json,
}

/// The data set folders to check: those given, or every folder under `datasets/`.
fn folders(mut dirs: Vec<PathBuf>) -> Result<Vec<PathBuf>> {
    if dirs.is_empty() {
        let Ok(entries) = std::fs::read_dir("datasets") else {
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
    for dir in &dirs {
        if !dir.is_dir() {
            bail!("{}: not a folder", dir.display());
        }
    }
    Ok(dirs)
}

/// `kind 12, other 3`, largest first.
fn by_kind_text(counts: &BTreeMap<&str, usize>) -> String {
    let mut v: Vec<(&&str, &usize)> = counts.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    v.iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn run(
    dirs: Vec<PathBuf>,
    against: Option<PathBuf>,
    ignore: &[String],
    format: CheckFormat,
) -> Result<ExitCode> {
    for kind in ignore {
        if !WARNING_KINDS.contains(&kind.as_str()) {
            bail!(
                "--ignore {kind:?}: not a kind of warning (one of {}); errors cannot be ignored",
                WARNING_KINDS.join(", ")
            );
        }
    }
    let other = match &against {
        Some(dir) => Some(tomtat::data::dataset::load(dir)?),
        None => None,
    };
    let dirs = folders(dirs)?;
    let (mut errors, mut warnings) = (0, 0);
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    let mut ignored: BTreeMap<&str, usize> = BTreeMap::new();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut sets = Vec::new();
    for dir in &dirs {
        let (dataset, mut findings) = check(dir);
        let counts = dataset.as_ref().map(|d| {
            (
                d.articles.len(),
                d.references.len(),
                d.scored_targets().len(),
            )
        });
        if let Some(d) = dataset
            && !findings.iter().any(|f| f.severity == Severity::Error)
        {
            findings.extend(content_checks(d, other.as_ref()));
        }
        let (kept, left): (Vec<Finding>, Vec<Finding>) = findings
            .into_iter()
            .partition(|f| !ignore.iter().any(|k| k == f.kind));
        for f in &left {
            *ignored.entry(f.kind).or_default() += 1;
        }
        for f in &kept {
            *kinds.entry(f.kind).or_default() += 1;
            match f.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
        }
        if let CheckFormat::Text = format {
            for f in &kept {
                writeln!(out, "{}", tomtat::report::terminal_safe(&f.to_string()))?;
            }
            if let Some((a, r, t)) = counts {
                writeln!(
                    out,
                    "{}: {a} articles, {r} references, {t} targets",
                    tomtat::report::terminal_safe(&dir.display().to_string()),
                )?;
            }
        }
        sets.push((dir.display().to_string(), counts, kept));
    }
    match format {
        CheckFormat::Text => {
            if !kinds.is_empty() {
                writeln!(out, "by kind: {}", by_kind_text(&kinds))?;
            }
            if !ignored.is_empty() {
                writeln!(out, "ignored (--ignore): {}", by_kind_text(&ignored))?;
            }
            writeln!(out, "{errors} error(s), {warnings} warning(s)")?;
        }
        CheckFormat::Json => {
            let sets: Vec<serde_json::Value> = sets
                .iter()
                .map(|(dir, counts, findings)| {
                    let findings: Vec<serde_json::Value> = findings
                        .iter()
                        .map(|f| {
                            serde_json::json!({
                                "severity": match f.severity {
                                    Severity::Error => "error",
                                    Severity::Warning => "warning",
                                },
                                "kind": f.kind,
                                "path": f.path.display().to_string(),
                                "line": f.line,
                                "message": f.message,
                            })
                        })
                        .collect();
                    let (a, r, t) =
                        counts.map_or((None, None, None), |(a, r, t)| (Some(a), Some(r), Some(t)));
                    serde_json::json!({
                        "dir": dir,
                        "articles": a,
                        "references": r,
                        "targets": t,
                        "findings": findings,
                    })
                })
                .collect();
            let report = serde_json::json!({
                "errors": errors,
                "warnings": warnings,
                "kinds": kinds,
                "ignored": ignored,
                "datasets": sets,
            });
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&report).unwrap_or_default()
            )?;
        }
    }
    out.flush()?;
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
