//! The example explorer of the HTML reports: a sortable, filterable, paginated table of
//! examples that opens each one's texts with the words each metric matched marked.
//!
//! Everything the page needs is gzip-compressed JSON, base64-encoded in a
//! `<script type="application/octet-stream">` (base64 cannot close the element, and the page
//! decompresses it with the browser's own `DecompressionStream`: no network, no library). The
//! script puts input text into the page only as text nodes and attribute values, never as
//! markup. The contract for tests and users' tooling: each example row is a `<tr>` whose
//! `data-id` is the example's id; a marked word is a `<mark>` whose classes are its kinds
//! ([`crate::metrics::marks::CLASSES`]).

use super::repeats::{Repeats, Sent};
use crate::metrics::marks::{self, Marked, PairMarks};
use crate::text::{Profile, Tokenizer, TokenizerOptions};
use serde_json::{Value, json};
use std::io::Write;

const SCRIPT: &str = include_str!("explorer.js");
const STYLE: &str = include_str!("explorer.css");

/// The texts of one example with their marks.
#[derive(Debug, Clone)]
pub struct RowTexts {
    pub candidate: String,
    /// The new run's candidate (compare).
    pub new_candidate: Option<String>,
    pub references: Vec<String>,
    pub marks: PairMarks,
    pub new_marks: Option<PairMarks>,
}

/// One example of the table.
#[derive(Debug, Clone)]
pub struct Row {
    pub id: String,
    pub lang: Option<String>,
    /// Per column: F (or the supplied score; the new run's in a comparison), or a data set
    /// figure (`None` when it does not apply).
    pub values: Vec<Option<f64>>,
    /// Per metric, the base run's value (compare).
    pub base: Option<Vec<f64>>,
    pub texts: Option<RowTexts>,
}

impl RowTexts {
    /// The texts of a scored example, marked with the run's tokenizer (`source`: the article,
    /// for novel words).
    pub fn scored(
        tokenizer: &Tokenizer,
        candidate: &str,
        references: &[String],
        source: Option<&str>,
    ) -> RowTexts {
        RowTexts {
            marks: marks::mark_pair(tokenizer, candidate, references, source),
            candidate: candidate.to_string(),
            new_candidate: None,
            references: references.to_vec(),
            new_marks: None,
        }
    }

    /// The texts of a compared example: both candidates against the shared references.
    pub fn compared(
        tokenizer: &Tokenizer,
        base: &str,
        new: &str,
        references: &[String],
    ) -> RowTexts {
        let mut texts = RowTexts::scored(tokenizer, base, references, None);
        texts.new_marks = Some(marks::mark_pair(tokenizer, new, references, None));
        texts.new_candidate = Some(new.to_string());
        texts
    }
}

/// A text's marks as the page reads them: one character per word, `'0' + kinds`, without the
/// unmarked words at the end.
pub(crate) fn flat(m: &Marked) -> String {
    let end = m.iter().rposition(|&k| k != 0).map_or(0, |i| i + 1);
    m[..end]
        .iter()
        .map(|&k| char::from(b'0' + (k & 63)))
        .collect()
}

/// One row as the page reads it (keys in this order; absent ones left out).
#[derive(serde::Serialize)]
struct RowOut<'a> {
    id: &'a str,
    v: &'a [Option<f64>],
    #[serde(skip_serializing_if = "Option::is_none")]
    lang: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    b: Option<&'a [f64]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    c: Option<&'a Sent<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cm: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    r: Option<&'a [Sent<'a>]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    c2: Option<&'a Sent<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cm2: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rm: Option<Vec<String>>,
}

impl RowTexts {
    /// The texts in the page's order: the candidate, the new candidate, the references.
    fn in_order(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.candidate.as_str())
            .chain(self.new_candidate.as_deref())
            .chain(self.references.iter().map(String::as_str))
    }
}

impl Row {
    /// The row as the page reads it, with its texts `sent` in [`RowTexts::in_order`].
    fn out<'a>(&'a self, sent: &'a [Sent<'a>]) -> RowOut<'a> {
        let mut out = RowOut {
            id: &self.id,
            v: &self.values,
            lang: self.lang.as_deref(),
            b: self.base.as_deref(),
            c: None,
            cm: None,
            r: None,
            c2: None,
            cm2: None,
            rm: None,
        };
        let Some(t) = &self.texts else {
            return out;
        };
        out.c = sent.first();
        out.cm = Some(flat(&t.marks.candidate));
        out.rm = Some(match &t.new_marks {
            Some(nm) if t.new_candidate.is_some() => {
                out.c2 = sent.get(1);
                out.cm2 = Some(flat(&nm.candidate));
                t.marks
                    .references
                    .iter()
                    .zip(&nm.references)
                    .map(|(b, n)| flat(&marks::gains_and_losses(b, n)))
                    .collect()
            }
            _ => t.marks.references.iter().map(flat).collect(),
        });
        let references = 1 + usize::from(t.new_candidate.is_some());
        out.r = sent.get(references..);
        out
    }
}

/// A row with its texts as [`Repeats`] sends them.
struct Packed<'a> {
    row: &'a Row,
    sent: Vec<Sent<'a>>,
}

impl serde::Serialize for Packed<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.row.out(&self.sent).serialize(serializer)
    }
}

/// Packs a page's rows into its blocks, in page order, sending each sentence once
/// ([`Repeats`]): rows may come in several calls, each a whole number of blocks but the last.
#[derive(Debug, Default)]
pub struct Packer {
    repeats: Repeats,
}

impl Packer {
    /// The packed blocks of `rows`, the next rows of the page.
    pub fn blocks(&mut self, rows: &[Row]) -> Vec<String> {
        use rayon::prelude::*;
        let packed: Vec<Packed> = rows
            .iter()
            .map(|row| Packed {
                row,
                sent: row
                    .texts
                    .iter()
                    .flat_map(RowTexts::in_order)
                    .map(|t| self.repeats.send(t))
                    .collect(),
            })
            .collect();
        packed.par_chunks(BLOCK).map(pack).collect()
    }
}

/// A column of values in the explorer's table: shown ×`factor` with `decimals` decimals.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Column {
    pub name: String,
    pub factor: f64,
    pub decimals: usize,
    /// Lower values are better (a compare of it is worse when it rises).
    pub lower: bool,
}

impl Column {
    /// The column of a metric, shown as the reports show it (F ×100, supplied scores as given).
    pub fn metric(name: &str) -> Column {
        Column {
            name: name.to_string(),
            factor: crate::report::shown_factor(name),
            decimals: crate::report::shown_decimals(name),
            lower: crate::report::lower_is_better(name),
        }
    }

    /// A figure shown as it is, with `decimals` decimals.
    pub fn figure(name: &str, decimals: usize) -> Column {
        Column {
            name: name.to_string(),
            factor: 1.0,
            decimals,
            lower: false,
        }
    }
}

/// What the explorer shows: `mode` is `score`, `compare` or `stats` (references of a data set,
/// each against its article); `labels` name the runs (compare).
pub struct Explorer<'a> {
    pub mode: &'a str,
    pub columns: Vec<Column>,
    pub rows: &'a [Row],
    pub labels: (&'a str, &'a str),
    /// Why the page has no texts, or how its marks were made, for the reader.
    pub notes: Vec<String>,
}

impl Explorer<'_> {
    /// The explorer's data without its rows, as the page's first block holds it.
    pub fn header(&self) -> Value {
        json!({
            "mode": self.mode,
            "metrics": self.columns,
            "base": self.labels.0,
            "new": self.labels.1,
            "notes": self.notes,
        })
    }

    /// The explorer's section of a page. The data is a header and blocks of [`BLOCK`] rows,
    /// each compressed on its own (in parallel) and base64-encoded on its own line.
    pub fn html(&self) -> String {
        self.html_of_blocks(&Packer::default().blocks(self.rows))
    }

    /// [`Explorer::html`] of rows already packed, in order, by one [`Packer`] (for a caller
    /// that packs them as they come; `self.rows` is not read).
    pub fn html_of_blocks<'b>(&self, blocks: impl IntoIterator<Item = &'b String>) -> String {
        let mut data = pack(&self.header());
        for block in blocks {
            data.push('\n');
            data.push_str(block);
        }
        let title = if self.mode == "stats" {
            "References"
        } else {
            "Examples"
        };
        section(
            &format!("<h2>{title}</h2>\n"),
            "Loading the examples… (this needs JavaScript)",
            &format!(
                "<script type=\"application/octet-stream\" id=\"tomtat-data\">{data}</script>\n"
            ),
        )
    }
}

fn section(heading: &str, status: &str, data: &str) -> String {
    format!(
        "<section id=\"explorer\" class=\"show-m1 show-novel show-gain show-loss\">{heading}\
<p id=\"x-status\">{status}</p>\n<style>{STYLE}</style>\n{data}<script>{SCRIPT}</script>\
</section>\n"
    )
}

/// The explorer's section without data, for a page whose own script fills it
/// (`window.tomtatExplorer`).
pub fn empty_section() -> String {
    section("", "Pick two systems to see their examples.", "")
}

/// Rows per compressed block of the page's data.
pub const BLOCK: usize = 500;

/// `value` as the page's data holds it: gzip-compressed JSON, base64-encoded.
fn pack<T: serde::Serialize + ?Sized>(value: &T) -> String {
    use base64::Engine;
    let json = serde_json::to_vec(value).unwrap_or_default();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing to memory cannot fail.
    let _ = gz.write_all(&json);
    base64::engine::general_purpose::STANDARD.encode(gz.finish().unwrap_or_default())
}

/// `rows` in blocks of [`BLOCK`], each packed on its own (in parallel).
fn packed_blocks<T: serde::Serialize + Sync>(rows: &[T]) -> Vec<String> {
    use rayon::prelude::*;
    rows.par_chunks(BLOCK).map(pack).collect()
}

/// A page's data as the explorer script reads it: `header`, then blocks of [`BLOCK`] `rows`,
/// each gzip-compressed JSON base64-encoded on a line of its own.
pub(crate) fn packed<T: serde::Serialize + Sync>(header: Value, rows: &[T]) -> String {
    std::iter::once(pack(&header))
        .chain(packed_blocks(rows))
        .collect::<Vec<_>>()
        .join("\n")
}

/// One marking tokenizer per language of `langs`, rebuilt from a run's signature `fields`,
/// and the notes on what could not be rebuilt (each once).
pub(crate) fn tokenizers_by_language<'a>(
    fields: &serde_json::Map<String, Value>,
    langs: impl Iterator<Item = &'a Option<String>>,
) -> (
    std::collections::HashMap<Option<String>, Tokenizer>,
    Vec<String>,
) {
    let mut tokenizers: std::collections::HashMap<Option<String>, Tokenizer> = Default::default();
    let mut notes = Vec::new();
    for lang in langs {
        if let std::collections::hash_map::Entry::Vacant(slot) = tokenizers.entry(lang.clone()) {
            let (t, n) = tokenizer_from_signature(fields, slot.key().as_deref());
            for note in n {
                if !notes.contains(&note) {
                    notes.push(note);
                }
            }
            slot.insert(t);
        }
    }
    (tokenizers, notes)
}

/// A tokenizer for marking the texts of a run file, rebuilt from its signature fields for an
/// example in `lang`; the notes say what it cannot rebuild (stop-word and alias lists are
/// kept only as digests).
pub fn tokenizer_from_signature(
    fields: &serde_json::Map<String, Value>,
    lang: Option<&str>,
) -> (Tokenizer, Vec<String>) {
    let field = |k: &str| fields.get(k).and_then(Value::as_str).unwrap_or("");
    let mut notes = Vec::new();
    // `vi-v1`, or per language `vi=vi-v1+en=en-v1` in data set runs.
    let profiles: Vec<(Option<&str>, &str)> = field("profile")
        .split('+')
        .map(|p| match p.split_once('=') {
            Some((l, p)) => (Some(l), p),
            None => (None, p),
        })
        .collect();
    let name = profiles
        .iter()
        .find(|(l, _)| l.is_some() && *l == lang)
        .or(profiles.first())
        .map_or("", |(_, p)| *p);
    let profile: Profile = name.parse().unwrap_or(Profile::UnicodeV1);
    let mut options = TokenizerOptions::default();
    if profile == Profile::ViV1 {
        options.tone_style =
            crate::options::parse_tone_style(field("tone")).unwrap_or(options.tone_style);
        options.units = crate::options::parse_units(field("units")).unwrap_or(options.units);
        options.fold_diacritics = field("fold") == "yes";
    }
    match field("stem") {
        "yes" => options.stem = true,
        "rouge155" => {
            options.stem = true;
            options.stemmer = crate::text::Stemmer::Rouge155;
        }
        _ => {}
    }
    if profile == Profile::XlSum {
        options.xlsum_lang = Some(field("xlsum-lang"))
            .filter(|l| !l.is_empty() && *l != "none")
            .map(str::to_string);
    }
    if ["stopwords", "aliases"]
        .iter()
        .any(|k| !matches!(field(k), "" | "none"))
    {
        notes.push(
            "The marks ignore the run's stop-word and alias lists (a run file keeps only their \
             digests)."
                .into(),
        );
    }
    let tokenizer = Tokenizer::new(profile, options).unwrap_or_else(|_| {
        notes.push(format!("The marks use {profile}'s default options."));
        Tokenizer::with_defaults(profile)
    });
    (tokenizer, notes)
}

/// The explorer's rows of a comparison of `base` and `new` (the runs it compared), with the
/// texts of every example both runs kept, marked with a tokenizer rebuilt from the signature;
/// and the notes for the reader.
pub fn compare_rows(
    c: &crate::report::Comparison,
    base: &crate::report::RunFile,
    new: &crate::report::RunFile,
) -> (Vec<Row>, Vec<String>) {
    use rayon::prelude::*;
    let (tokenizers, mut notes) = tokenizers_by_language(
        &new.signature_fields,
        c.pairs.iter().map(|&(_, j)| &new.examples[j].lang),
    );
    let rows: Vec<Row> = c
        .pairs
        .par_iter()
        .enumerate()
        .map(|(k, &(i, j))| {
            let (b, n) = (&base.examples[i], &new.examples[j]);
            let texts = match (&b.texts, &n.texts, tokenizers.get(&n.lang)) {
                (Some(bt), Some(nt), Some(tok)) => Some(RowTexts::compared(
                    tok,
                    &bt.candidate,
                    &nt.candidate,
                    &nt.references,
                )),
                _ => None,
            };
            Row {
                id: b.id.clone(),
                lang: b.lang.clone(),
                values: c.metrics.iter().map(|m| Some(m.values.1[k])).collect(),
                base: Some(c.metrics.iter().map(|m| m.values.0[k]).collect()),
                texts,
            }
        })
        .collect();
    let missing = rows.iter().filter(|r| r.texts.is_none()).count();
    if missing > 0 {
        notes.push(format!(
            "{} compared example(s) have no texts: a run saved with --no-texts keeps none.",
            missing
        ));
    }
    (rows, notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(v: Value) -> serde_json::Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn the_tokenizer_of_a_signature_follows_the_example_language() {
        let f = fields(
            json!({"profile": "vi=vi-v1+en=en-v1", "tone": "old", "stem": "no",
                              "stopwords": "none", "aliases": "none"}),
        );
        let (vi, notes) = tokenizer_from_signature(&f, Some("vi"));
        assert_eq!(vi.profile(), Profile::ViV1);
        assert_eq!(vi.tokenize("hoà"), ["hòa"]);
        assert!(notes.is_empty());
        let (en, _) = tokenizer_from_signature(&f, Some("en"));
        assert_eq!(en.profile(), Profile::EnV1);
        let f = fields(json!({"profile": "rouge-score", "stem": "yes", "stopwords": "ab12"}));
        let (rs, notes) = tokenizer_from_signature(&f, None);
        assert_eq!(rs.tokenize("running"), ["run"]);
        assert!(notes[0].contains("stop-word"), "{notes:?}");
    }

    #[test]
    fn marks_are_one_character_per_word_without_the_unmarked_tail() {
        assert_eq!(flat(&vec![0, 1, 0, 63, 0, 0]), "010o");
        assert_eq!(flat(&vec![0, 0]), "");
    }
}
