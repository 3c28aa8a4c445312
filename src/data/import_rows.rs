//! The part every row-based importer shares (XL-Sum, CrossSum, WikiLingua): each row is one
//! article with one reference; ids are checked, rows with an empty text or summary and (with
//! `dedup`) duplicates are left out and listed in `dropped.tsv`, and the released text is
//! written byte for byte. Memory holds one 8-byte digest per article.

use super::import::{ArticleMeta, Writer, clean_text};
use super::import_bbc::{BbcImport, BbcReport};
use super::record::Record;
use crate::error::Error;
use serde_json::Value;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

/// A title on one line (an article file's first line is its title): line breaks as spaces,
/// nothing else changed.
fn one_line(title: &str) -> String {
    title.replace(['\r', '\n', '\u{2028}', '\u{2029}'], " ")
}

/// True when `text` holds nothing but white space and invisible characters (what
/// [`clean_text`] leaves empty), without making a cleaned copy.
fn blank(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_whitespace() || crate::text::clean::is_invisible(c))
}

/// An id in a TSV field: tabs and line breaks as spaces.
pub(super) fn tsv_safe(id: &str) -> String {
    id.replace(['\t', '\n', '\r'], " ")
}

/// The digest articles are compared by: NFC, lowercase, white space collapsed.
pub(super) fn digest(text: &str) -> u64 {
    let normal = clean_text(text).to_lowercase();
    let mut h = rustc_hash::FxHasher::default();
    for word in normal.split_whitespace() {
        word.hash(&mut h);
    }
    h.finish()
}

/// One row as an importer reads it.
pub(super) struct Example<'a> {
    pub id: String,
    pub title: &'a str,
    pub url: &'a str,
    pub text: &'a str,
    pub summary: &'a str,
    /// The row's cluster when it is not its part's (WikiLingua's split, read from `gem_id`).
    pub cluster: Option<String>,
}

/// Calls its argument with every row of an input and its 1-based line or row number.
pub(super) type Rows<'p> =
    Box<dyn FnOnce(&mut dyn FnMut(usize, &Value) -> Result<(), Error>) -> Result<(), Error> + 'p>;

/// One input of an import (a split file, or a split of line-aligned files).
pub(super) struct Part<'p> {
    /// Names the input in errors and in `dropped.tsv`.
    pub origin: PathBuf,
    /// The cluster its articles belong to (the split).
    pub cluster: String,
    pub rows: Rows<'p>,
}

/// What every article of an import shares.
pub(super) struct Shape {
    pub article_lang: String,
    pub summary_lang: String,
    pub outlet: &'static str,
    pub record: Option<Record>,
}

/// Imports `parts` into `dest`; `across` holds the digests of the articles of other splits
/// (`--against`), with where each was seen.
pub(super) fn import(
    parts: Vec<Part<'_>>,
    dest: &std::path::Path,
    options: &BbcImport,
    across: &HashMap<u64, String>,
    shape: &Shape,
    example: &dyn for<'a> Fn(&std::path::Path, usize, &'a Value) -> Result<Example<'a>, Error>,
) -> Result<BbcReport, Error> {
    let mut w = Writer::new(dest)?;
    let mut report = BbcReport {
        languages: (shape.article_lang.clone(), shape.summary_lang.clone()),
        ..Default::default()
    };
    let several = parts.len() > 1;
    // Where each article was first seen: (part, line), 16 bytes an article.
    let mut within: HashMap<u64, (usize, usize)> = HashMap::new();
    let mut ids: HashMap<String, (usize, usize)> = HashMap::new();
    let names: Vec<String> = parts
        .iter()
        .map(|p| {
            p.origin
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect();
    let place = |(part, line): (usize, usize)| {
        if several {
            format!("{}:{line}", names[part])
        } else {
            line.to_string()
        }
    };
    let mut dropped = String::from("line\tid\treason\n");
    let mut clusters = std::collections::BTreeSet::new();
    for (index, part) in parts.into_iter().enumerate() {
        let origin = part.origin.display().to_string();
        let cluster = super::import::safe_name(&part.cluster);
        (part.rows)(&mut |line, v| {
            let ex = example(&part.origin, line, v)?;
            let id = ex.id;
            let bad = |message: String| Error::Input {
                origin: origin.clone(),
                line: Some(line),
                message,
            };
            if let Some(why) = super::import::bad_id(&id) {
                return Err(bad(format!("{why}: {id:?}")));
            }
            if let Some(first) = ids.insert(id.clone(), (index, line)) {
                return Err(bad(format!(
                    "the id {id:?} appears twice (first at line {}); ids must be unique",
                    place(first)
                )));
            }
            // Emptiness is judged on the cleaned text (a summary of only U+200B is empty);
            // what is written is the released text, byte for byte.
            let empty = match (blank(ex.text), blank(ex.summary)) {
                (true, _) => Some("the text is empty"),
                (_, true) => Some("the summary is empty"),
                _ => None,
            };
            let mut drop_row = |reason: &str| {
                dropped.push_str(&format!(
                    "{}\t{}\t{reason}\n",
                    place((index, line)),
                    tsv_safe(&id)
                ));
            };
            if let Some(reason) = empty {
                report.dropped_empty += 1;
                drop_row(reason);
                return Ok(());
            }
            let d = digest(ex.text);
            let reason = if let Some(other) = across.get(&d) {
                report.duplicates_across += 1;
                Some(format!("same text as {other}"))
            } else if let Some(first) = within.get(&d) {
                report.duplicates_within += 1;
                Some(format!("same text as line {}", place(*first)))
            } else {
                within.insert(d, (index, line));
                None
            };
            if let Some(reason) = reason
                && options.dedup
            {
                report.dropped += 1;
                drop_row(&reason);
                return Ok(());
            }
            let meta = ArticleMeta {
                lang: &shape.article_lang,
                title: &one_line(ex.title),
                outlet: shape.outlet,
                source_url: ex.url,
            };
            let cluster = match &ex.cluster {
                Some(c) => {
                    let c = super::import::safe_name(c);
                    clusters.insert(c.clone());
                    c
                }
                None => {
                    clusters.insert(cluster.clone());
                    cluster.clone()
                }
            };
            w.article_with(&id, &cluster, &meta, ex.text)?;
            w.reference_in(&id, &shape.summary_lang, "gold", ex.summary)?;
            Ok(())
        })?;
    }
    if options.dedup || report.dropped_empty > 0 {
        w.write("dropped.tsv", dropped.trim_end())?;
    }
    if let Some(record) = &shape.record {
        w.record(record)?;
    }
    w.counts.clusters = clusters.len();
    report.counts = w.finish()?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_ignore_case_and_spacing() {
        assert_eq!(digest("Ho\u{300}a  Bình\nở đây"), digest("hòa bình ở đây"));
        assert_ne!(digest("hòa bình"), digest("hoà bình"));
    }
}
