//! The WikiLingua importer (Ladhak et al., 2020), Vietnamese, in the two forms GEM released
//! (`../shared/data/README.md`):
//! 1. GEM's line-aligned folder: `{train,val,test}.{src,tgt}.{vi,en}`, one example a line;
//! 2. GEM on the Hugging Face hub (`GEM/wiki_lingua`, config `wiki_lingua_vietnamese_vi`) as a
//!    Parquet or Arrow file (or JSON Lines) with `gem_id`, `source` and `target`.
//!
//! The default task is GEM's cross-lingual one: the Vietnamese section (`src.vi`, `source`)
//! is the article and the English summary (`tgt.en`, `target`) its reference; with
//! `summary_lang = "vi"` the monolingual one (`tgt.vi`; the `vi` field of the struct column
//! `target_aligned` in the Hugging Face form). Ids are GEM's `gem_id`,
//! built for the folder as GEM's loader builds them (`wiki_lingua_vietnamese_vi-<split>-<i>`,
//! `i` from 0, text stripped as GEM strips it), so both forms of a split give the same set.
//! The original release is a pickle: reading one runs code from the file, so it is refused.

use super::aligned::AlignedReader;
use super::import_bbc::{BbcImport, BbcReport, each_row, field};
use super::import_rows::{Example, Part, Shape, import};
use super::record::Record;
use super::records::TableFormat;
use crate::error::Error;
use crate::text::SentenceUnits;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// GEM's configuration name, the prefix of every id.
const CONFIG: &str = "wiki_lingua_vietnamese_vi";

/// What a WikiLingua import reads.
#[derive(Debug, Clone, Default)]
pub struct WikilinguaImport {
    /// The split of the folder form (`train`, `val`, `test`); `None`: every split there.
    pub split: Option<String>,
    /// `en` (cross-lingual, the default) or `vi` (monolingual).
    pub summary_lang: String,
    pub dedup: bool,
}

/// True for a pickle: the original release's form, by name or by its first byte (protocol 2+
/// starts with 0x80).
fn is_pickle(path: &Path) -> bool {
    let named = path
        .extension()
        .is_some_and(|e| matches!(e.to_str(), Some("pkl" | "pickle" | "pck" | "p")));
    let mut first = [0u8; 1];
    let starts = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut first))
        .is_ok_and(|_| first[0] == 0x80);
    named || starts
}

/// The split of a `gem_id` (`wiki_lingua_vietnamese_vi-val-12` → `val`).
fn split_of(gem_id: &str) -> Option<String> {
    let rest = gem_id.strip_prefix(CONFIG)?.strip_prefix('-')?;
    let (split, index) = rest.rsplit_once('-')?;
    index.parse::<u64>().ok().map(|_| split.to_string())
}

/// The splits of the folder form present in `dir` (or `split` alone), in GEM's order.
fn folder_splits(dir: &Path, split: Option<&str>, tgt: &str) -> Result<Vec<String>, Error> {
    let wanted: Vec<&str> = match split {
        Some(s) => vec![s],
        None => vec!["train", "val", "test"],
    };
    let present: Vec<String> = wanted
        .iter()
        .filter(|s| dir.join(format!("{s}.src.vi")).is_file())
        .map(|s| s.to_string())
        .collect();
    if present.is_empty() {
        return Err(Error::Options(format!(
            "{}: no {}.src.vi here (GEM's folder holds {{train,val,test}}.{{src,tgt}}.{{vi,en}})",
            dir.display(),
            split.unwrap_or("{train,val,test}")
        )));
    }
    for s in &present {
        let target = dir.join(format!("{s}.tgt.{tgt}"));
        if !target.is_file() {
            return Err(Error::Options(format!(
                "{}: missing, though {s}.src.vi is there (the summaries in '{tgt}')",
                target.display()
            )));
        }
    }
    Ok(present)
}

/// Imports WikiLingua from `src`: GEM's folder, or a Hugging Face Parquet/Arrow/JSON Lines
/// file of `GEM/wiki_lingua`.
pub fn import_wikilingua(
    src: &Path,
    dest: &Path,
    options: &WikilinguaImport,
    progress: &mut dyn FnMut(u64),
) -> Result<BbcReport, Error> {
    let tgt = options.summary_lang.as_str();
    if !matches!(tgt, "en" | "vi") {
        return Err(Error::Options(format!(
            "--summary-lang {tgt:?}: WikiLingua's Vietnamese summaries are 'en' (GEM's \
             cross-lingual task) or 'vi'"
        )));
    }
    let dedup = BbcImport {
        dedup: options.dedup,
        ..Default::default()
    };
    let shape = Shape {
        article_lang: "vi".into(),
        summary_lang: tgt.into(),
        outlet: "WikiHow",
        record: Some(Record {
            sentences: Some(SentenceUnits::Split),
            segmented: false,
            source: format!("WikiLingua (GEM), vi→{tgt}"),
        }),
    };
    if src.is_dir() {
        let splits = folder_splits(src, options.split.as_deref(), tgt)?;
        let parts = splits
            .iter()
            .map(|split| -> Result<Part<'_>, Error> {
                let source = src.join(format!("{split}.src.vi"));
                let target = src.join(format!("{split}.tgt.{tgt}"));
                let mut reader = AlignedReader::open(&source, &[target], None, None, 1 << 22)?;
                Ok(Part {
                    origin: source.clone(),
                    cluster: split.clone(),
                    rows: Box::new(move |each| {
                        while let Some(chunk) = reader.next_chunk()? {
                            for (line, pair) in chunk.lines.iter().zip(&chunk.pairs) {
                                let row = json!({
                                    "gem_id": format!("{CONFIG}-{split}-{}", line - 1),
                                    "source": pair.candidate.trim(),
                                    "target": pair.references.first().map_or("", |r| r.trim()),
                                });
                                each(*line, &row)?;
                            }
                        }
                        Ok(())
                    }),
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        return import(parts, dest, &dedup, &HashMap::new(), &shape, &example);
    }
    if is_pickle(src) {
        return Err(Error::Options(format!(
            "{}: a pickle (the original WikiLingua release). Reading a pickle runs code from \
             the file, so tomtat never unpickles; import GEM's line-aligned folder or the \
             Hugging Face GEM/wiki_lingua Parquet files instead",
            src.display()
        )));
    }
    if options.split.is_some() {
        return Err(Error::Options(format!(
            "--split: {} is one file (one split); --split chooses among the files of GEM's folder",
            src.display()
        )));
    }
    if TableFormat::from_path(src).is_none() {
        return Err(Error::Options(format!(
            "{}: give GEM's folder or a .parquet/.arrow/.jsonl file of GEM/wiki_lingua",
            src.display()
        )));
    }
    // The monolingual reference is the Vietnamese field of the struct column target_aligned
    // (JSON Lines: an object), read under the row's `target`.
    let target = if tgt == "vi" {
        "target_aligned.vi"
    } else {
        "target"
    };
    let columns = ["gem_id", "source", target];
    let file: PathBuf = src.to_path_buf();
    let part = Part {
        origin: file.clone(),
        cluster: String::new(),
        rows: Box::new(move |each| {
            each_row(&file, &columns, progress, &mut |line, v: &Value| {
                if target == "target" {
                    return each(line, v);
                }
                let text = match v.get(target) {
                    Some(t) => t.clone(),
                    None => v
                        .get("target_aligned")
                        .and_then(|t| t.get("vi"))
                        .cloned()
                        .unwrap_or(Value::Null),
                };
                let mut row = v.clone();
                if let Some(o) = row.as_object_mut() {
                    o.insert("target".into(), text);
                }
                each(line, &row)
            })
        }),
    };
    import(vec![part], dest, &dedup, &HashMap::new(), &shape, &example)
}

/// A WikiLingua row (`gem_id`, `source`, `target`) as an example of the split its id names.
fn example<'a>(file: &Path, line: usize, v: &'a Value) -> Result<Example<'a>, Error> {
    let id = field(v, "gem_id", file, line)?;
    let cluster = split_of(id).ok_or_else(|| Error::Input {
        origin: file.display().to_string(),
        line: Some(line),
        message: format!("gem_id {id:?} is not {CONFIG}-<split>-<index>"),
    })?;
    Ok(Example {
        id: id.to_string(),
        title: "",
        url: "",
        text: field(v, "source", file, line)?,
        summary: field(v, "target", file, line)?,
        cluster: Some(cluster),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_split_comes_from_the_gem_id() {
        assert_eq!(
            split_of("wiki_lingua_vietnamese_vi-val-12").as_deref(),
            Some("val")
        );
        assert_eq!(split_of("wiki_lingua_vietnamese_vi-test-x"), None);
        assert_eq!(split_of("other-test-1"), None);
    }
}
