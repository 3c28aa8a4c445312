//! Candidate summaries for the targets of a data set, and their pairing with references.

use super::dataset::Dataset;
use super::records::{TableFormat, read_rows, row_error};
use crate::error::Error;
use crate::text::language::detect_reliable;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// One candidate summary of a target (article or cluster id).
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub target: String,
    pub summary: String,
    /// Given in the file, or detected from the text.
    pub lang: String,
    pub line: usize,
    /// The supplied scores named by `score_fields`, in order.
    pub scores: Vec<f64>,
}

/// Reads candidates: `id` (a target), `summary` (or `candidate`), optional `lang`, and the
/// numeric fields `score_fields` (`--score-field`). A missing language is detected; one that
/// cannot be detected reliably is an error naming the line.
pub fn read_candidates(
    path: &Path,
    format: TableFormat,
    score_fields: &[String],
) -> Result<Vec<Candidate>, Error> {
    let origin = crate::files::origin_name(path);
    let rows = read_rows(path, format)?;
    let mut out = Vec::with_capacity(rows.len());
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    for mut row in rows {
        let target = row.take_required(&["id"], &origin)?;
        let summary = row.take_required(&["summary", "candidate"], &origin)?;
        let lang = match row.take_string("lang", &origin)?.filter(|l| !l.is_empty()) {
            Some(l) => l,
            None => detect_reliable(&summary)
                .ok_or_else(|| {
                    row.error(
                        &origin,
                        "cannot detect the language of the summary; add a 'lang' field",
                    )
                })?
                .to_string(),
        };
        let mut scores = Vec::with_capacity(score_fields.len());
        for name in score_fields {
            let key = if format == TableFormat::Jsonl {
                name.clone()
            } else {
                name.to_lowercase()
            };
            let value = row.take_number(&key, &origin)?.ok_or_else(|| {
                row.error(
                    &origin,
                    format!("missing field '{key}' (a number, read for --score-field {name})"),
                )
            })?;
            let value = crate::metrics::supplied::check_value(value)
                .map_err(|why| row.error(&origin, format!("field '{key}' {why}")))?;
            scores.push(value);
        }
        if let Some(first) = seen.insert((target.clone(), lang.clone()), row.line) {
            return Err(row_error(
                &origin,
                row.line,
                format!("second '{lang}' candidate for '{target}' (first at line {first})"),
            ));
        }
        out.push(Candidate {
            target,
            summary,
            lang,
            line: row.line,
            scores,
        });
    }
    Ok(out)
}

/// A candidate with the references of its target in its language.
#[derive(Debug, Clone, PartialEq)]
pub struct DatasetExample {
    pub target: String,
    pub lang: String,
    pub candidate: String,
    pub references: Vec<String>,
    /// The target's article text(s), filled in only when a metric reads them (copysource).
    pub source: Option<String>,
    /// The candidate's supplied scores.
    pub scores: Vec<f64>,
}

/// Pairs candidates with references. Unknown ids, candidates in a language without
/// references, and targets without a candidate (unless `allow_missing`) are one error that
/// lists every offending id.
pub fn pair_candidates(
    dataset: &Dataset,
    candidates: &[Candidate],
    allow_missing: bool,
) -> Result<Vec<DatasetExample>, Error> {
    let targets: BTreeSet<String> = dataset.scored_targets().into_iter().collect();
    let mut problems = Vec::new();
    let unknown: Vec<String> = candidates
        .iter()
        .filter(|c| !targets.contains(&c.target))
        .map(|c| format!("'{}' (line {})", c.target, c.line))
        .collect();
    if !unknown.is_empty() {
        problems.push(format!(
            "candidate ids that match no target with references: {}",
            unknown.join(", ")
        ));
    }
    let no_refs: Vec<String> = candidates
        .iter()
        .filter(|c| {
            targets.contains(&c.target) && dataset.references_of(&c.target, &c.lang).is_empty()
        })
        .map(|c| format!("'{}' ({})", c.target, c.lang))
        .collect();
    if !no_refs.is_empty() {
        problems.push(format!(
            "candidates in a language with no references: {}",
            no_refs.join(", ")
        ));
    }
    if !allow_missing {
        let have: BTreeSet<&str> = candidates.iter().map(|c| c.target.as_str()).collect();
        let missing: Vec<&String> = targets
            .iter()
            .filter(|t| !have.contains(t.as_str()))
            .collect();
        if !missing.is_empty() {
            let names: Vec<String> = missing.iter().map(|t| format!("'{t}'")).collect();
            problems.push(format!(
                "targets with no candidate (use --allow-missing to score the rest): {}",
                names.join(", ")
            ));
        }
    }
    if !problems.is_empty() {
        return Err(Error::Options(problems.join("; ")));
    }
    Ok(candidates
        .iter()
        .map(|c| DatasetExample {
            target: c.target.clone(),
            lang: c.lang.clone(),
            candidate: c.summary.clone(),
            references: dataset
                .references_of(&c.target, &c.lang)
                .iter()
                .map(|r| r.text.clone())
                .collect(),
            source: None,
            scores: c.scores.clone(),
        })
        .collect())
}
