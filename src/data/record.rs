//! What a data set records of itself in an optional `dataset.json`: where its sentences end
//! (`"sentences": "lines"` when its texts hold one sentence a line, as VietNews does, or
//! `"split"` for paragraphs the rule-based splitter cuts, as AbMuSu's) and whether its text is
//! word-segmented (`"segmented": true`: syllables joined by `_`, as VietNews is released).
//! Importers write it; `--sentences` overrides it for one run.

use crate::text::SentenceUnits;
use serde_json::Value;
use std::path::Path;

/// The file name of the record inside a data set folder.
pub const FILE: &str = "dataset.json";

/// A data set's record of itself; the default is what a set without `dataset.json` gets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    /// `None`: not recorded (baselines and statistics split sentences, rougeLsum reads lines).
    pub sentences: Option<SentenceUnits>,
    pub segmented: bool,
    /// Where the set came from (an importer's name and source), for people.
    pub source: String,
}

impl Record {
    /// The sentence units of baselines and statistics: the recorded ones, else the splitter.
    pub fn baseline_sentences(&self) -> SentenceUnits {
        self.sentences.unwrap_or(SentenceUnits::Split)
    }

    /// The record as `dataset.json` holds it.
    pub fn to_json(&self) -> String {
        let mut v = serde_json::Map::new();
        if let Some(s) = self.sentences {
            v.insert("sentences".into(), Value::String(units_name(s).into()));
        }
        v.insert("segmented".into(), Value::Bool(self.segmented));
        if !self.source.is_empty() {
            v.insert("source".into(), Value::String(self.source.clone()));
        }
        let mut text = serde_json::to_string_pretty(&Value::Object(v)).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// `lines` or `split`, as `--sentences` and `dataset.json` spell them.
pub fn units_name(units: SentenceUnits) -> &'static str {
    match units {
        SentenceUnits::Lines => "lines",
        SentenceUnits::Split => "split",
    }
}

/// Reads `dir/dataset.json` when there is one; each problem goes to `error` (a file tomtat
/// cannot read is an error of `dataset check`, so a set is never scored with a record half
/// understood).
pub fn read(dir: &Path, error: &mut dyn FnMut(&Path, String)) -> Record {
    let path = dir.join(FILE);
    let mut record = Record::default();
    let Ok(bytes) = crate::files::read_limited_io(&path) else {
        return record;
    };
    let v: Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(e) => {
            error(&path, format!("invalid JSON: {e}"));
            return record;
        }
    };
    let Some(fields) = v.as_object() else {
        error(&path, "must be a JSON object".into());
        return record;
    };
    for (key, value) in fields {
        match (key.as_str(), value) {
            ("sentences", Value::String(s)) if s == "lines" => {
                record.sentences = Some(SentenceUnits::Lines)
            }
            ("sentences", Value::String(s)) if s == "split" => {
                record.sentences = Some(SentenceUnits::Split)
            }
            ("sentences", other) => error(
                &path,
                format!("'sentences' must be \"lines\" or \"split\", not {other}"),
            ),
            ("segmented", Value::Bool(b)) => record.segmented = *b,
            ("segmented", other) => error(
                &path,
                format!("'segmented' must be true or false, not {other}"),
            ),
            ("source", Value::String(s)) => record.source = s.clone(),
            (other, _) => error(
                &path,
                format!("unknown field '{other}' (known: sentences, segmented, source)"),
            ),
        }
    }
    record
}
