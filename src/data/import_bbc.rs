//! Importers for csebuetnlp's BBC data sets, as their authors release them: XL-Sum (one JSON
//! Lines file per language and split, `vietnamese_test.jsonl`, with `id`, `url`, `title`,
//! `summary` and `text`) and CrossSum (one file per language pair and split,
//! `vietnamese-english_test.jsonl`, with `source_url`, `target_url`, `summary` in the target
//! language and `text` in the source language).
//!
//! Each example becomes one article (in its language) with one `gold` reference (in the
//! summary's language: a CrossSum pair keeps both languages, so a candidate in the target
//! language is scored against it as any cross-lingual data set is). Files are read a line at a
//! time; memory holds one 8-byte digest per article for duplicate detection.

use super::columnar::{ColumnarFormat, ColumnarReader};
use super::fields::Fields;
use super::import::{ArticleMeta, ImportCounts, Writer, clean_text};
use super::records::TableFormat;
use crate::error::Error;
use crate::files::decode_utf8;
use crate::files::limit::LineLimit;
use serde_json::Value;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// XL-Sum's language names (its file names) and their ISO 639-1 codes (its README's table).
const LANGUAGES: &[(&str, &str)] = &[
    ("amharic", "am"),
    ("arabic", "ar"),
    ("azerbaijani", "az"),
    ("bengali", "bn"),
    ("burmese", "my"),
    ("chinese_simplified", "zh-CN"),
    ("chinese_traditional", "zh-TW"),
    ("english", "en"),
    ("french", "fr"),
    ("gujarati", "gu"),
    ("hausa", "ha"),
    ("hindi", "hi"),
    ("igbo", "ig"),
    ("indonesian", "id"),
    ("japanese", "ja"),
    ("kirundi", "rn"),
    ("korean", "ko"),
    ("kyrgyz", "ky"),
    ("marathi", "mr"),
    ("nepali", "ne"),
    ("oromo", "om"),
    ("pashto", "ps"),
    ("persian", "fa"),
    ("pidgin", "pcm"),
    ("portuguese", "pt"),
    ("punjabi", "pa"),
    ("russian", "ru"),
    ("scottish_gaelic", "gd"),
    ("serbian_cyrillic", "sr"),
    ("serbian_latin", "sr"),
    ("sinhala", "si"),
    ("somali", "so"),
    ("spanish", "es"),
    ("swahili", "sw"),
    ("tamil", "ta"),
    ("telugu", "te"),
    ("thai", "th"),
    ("tigrinya", "ti"),
    ("turkish", "tr"),
    ("ukrainian", "uk"),
    ("urdu", "ur"),
    ("uzbek", "uz"),
    ("vietnamese", "vi"),
    ("welsh", "cy"),
    ("yoruba", "yo"),
];

fn code_of(name: &str) -> Option<&'static str> {
    LANGUAGES.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

/// `code` when it is the ISO code of one of the data sets' languages, else an error naming
/// the codes that are.
fn known_code(code: &str) -> Result<String, Error> {
    if LANGUAGES.iter().any(|(_, c)| *c == code) {
        return Ok(code.to_string());
    }
    let codes: Vec<&str> = LANGUAGES.iter().map(|(_, c)| *c).collect();
    Err(Error::Options(format!(
        "--languages: {code:?} is not a language of XL-Sum or CrossSum (one of {})",
        codes.join(", ")
    )))
}

/// Refuses an `--against` file that is the imported file itself (every row would be its own
/// duplicate and be dropped).
fn check_against(file: &Path, against: &[PathBuf]) -> Result<(), Error> {
    let same = |a: &Path| match (std::fs::canonicalize(a), std::fs::canonicalize(file)) {
        (Ok(a), Ok(f)) => a == f,
        _ => false,
    };
    match against.iter().find(|a| same(a)) {
        Some(a) => Err(Error::Options(format!(
            "--against {}: that is the file being imported; give the other splits of the data \
             set",
            a.display()
        ))),
        None => Ok(()),
    }
}

/// How an import treats duplicate articles.
#[derive(Debug, Clone, Default)]
pub struct BbcImport {
    /// Other split files of the same data set: articles that also appear there are duplicates
    /// across splits.
    pub against: Vec<PathBuf>,
    /// Drop duplicates (within the file and across `against`), listing them in `dropped.tsv`.
    pub dedup: bool,
    /// The language (ISO code) of the articles (XL-Sum) or `SRC-TGT` (CrossSum), when the file
    /// name does not tell.
    pub languages: Option<String>,
}

/// What an import of a BBC file found and wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BbcReport {
    pub counts: ImportCounts,
    /// Article language and summary language.
    pub languages: (String, String),
    /// Articles whose text is also in an earlier line of the file.
    pub duplicates_within: usize,
    /// Articles whose text is also in one of the `against` files.
    pub duplicates_across: usize,
    pub dropped: usize,
    /// Rows left out because their text or summary is empty (listed in `dropped.tsv`): a data
    /// set cannot hold them.
    pub dropped_empty: usize,
}

/// A title on one line (an article file's first line is its title): line breaks as spaces,
/// nothing else changed.
fn one_line(title: &str) -> String {
    title.replace(['\r', '\n', '\u{2028}', '\u{2029}'], " ")
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

/// Calls `each` with every row of a JSON Lines file (a JSON object) or of a Parquet/Arrow file
/// (the Hugging Face copies: an object of the `columns` it has as strings), with its 1-based
/// line or row; errors name the file and line. `progress` is told the bytes read so far.
fn each_row(
    file: &Path,
    columns: &[&str],
    progress: &mut dyn FnMut(u64),
    each: impl FnMut(usize, &Value) -> Result<(), Error>,
) -> Result<(), Error> {
    match TableFormat::from_path(file) {
        Some(TableFormat::Parquet) => {
            each_columnar_row(file, ColumnarFormat::Parquet, columns, progress, each)
        }
        Some(TableFormat::Arrow) => {
            each_columnar_row(file, ColumnarFormat::ArrowIpc, columns, progress, each)
        }
        _ => each_json_row(file, progress, each),
    }
}

/// [`each_row`] for Parquet and Arrow IPC files, a record batch at a time.
fn each_columnar_row(
    file: &Path,
    format: ColumnarFormat,
    columns: &[&str],
    progress: &mut dyn FnMut(u64),
    mut each: impl FnMut(usize, &Value) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut fields = Fields::default();
    fields.extra = columns.iter().map(|c| c.to_string()).collect();
    let mut reader = ColumnarReader::open(file, format, &fields)?;
    while let Some((batch, _)) = reader.next_batch()? {
        for k in 0..batch.len() {
            let row: serde_json::Map<String, Value> = columns
                .iter()
                .filter_map(|c| Some((c.to_string(), Value::String(batch.text(k, c)?))))
                .collect();
            each(batch.first + k, &Value::Object(row))?;
        }
        progress(reader.position());
    }
    Ok(())
}

/// [`each_row`] for JSON Lines.
fn each_json_row(
    file: &Path,
    progress: &mut dyn FnMut(u64),
    mut each: impl FnMut(usize, &Value) -> Result<(), Error>,
) -> Result<(), Error> {
    let origin = file.display().to_string();
    let io = |source| Error::Io {
        path: file.to_path_buf(),
        source,
    };
    let mut reader =
        std::io::BufReader::new(LineLimit::new(std::fs::File::open(file).map_err(io)?));
    let (mut raw, mut line, mut read) = (Vec::new(), 0usize, 0u64);
    loop {
        raw.clear();
        let n = reader.read_until(b'\n', &mut raw).map_err(io)?;
        if n == 0 {
            return Ok(());
        }
        line += 1;
        read += n as u64;
        progress(read);
        let text = decode_utf8(&raw, &origin).map_err(|e| match e {
            Error::InvalidUtf8 {
                origin,
                byte,
                offset,
                ..
            } => Error::InvalidUtf8 {
                origin,
                line,
                byte,
                offset,
            },
            other => other,
        })?;
        if text.trim().is_empty() {
            continue;
        }
        // Parsed as `--pairs` parses a line: a repeated key is an error, not the last one winning.
        let row = super::records::json_row(text, &origin, line)?;
        each(line, &Value::Object(row.fields))?;
    }
}

fn field<'a>(v: &'a Value, name: &str, origin: &Path, line: usize) -> Result<&'a str, Error> {
    let message = match v.get(name) {
        Some(Value::String(s)) => return Ok(s),
        None | Some(Value::Null) => format!("missing field '{name}' (a string)"),
        Some(other) => format!(
            "field '{name}' must be a string, not {}",
            super::records::kind(other)
        ),
    };
    Err(Error::Input {
        origin: origin.display().to_string(),
        line: Some(line),
        message,
    })
}

/// The id field: a string, or a whole number as its decimal text (as `score --pairs` reads
/// ids; a Parquet integer column arrives as that text).
fn id_field(v: &Value, name: &str, origin: &Path, line: usize) -> Result<String, Error> {
    match v.get(name) {
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(n.to_string()),
        Some(Value::Number(n)) => Err(Error::Input {
            origin: origin.display().to_string(),
            line: Some(line),
            message: format!("field '{name}' must be a string or a whole number, not {n}"),
        }),
        _ => field(v, name, origin, line).map(str::to_string),
    }
}

/// A file's name without its extension (the split and languages are read from it).
fn stem_of(file: &Path) -> String {
    file.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The digests (and ids) of the articles of the `against` files.
fn against_digests(
    files: &[PathBuf],
    text_field: &str,
    progress: &mut dyn FnMut(u64),
) -> Result<HashMap<u64, String>, Error> {
    let mut seen = HashMap::new();
    for file in files {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        each_row(file, &[text_field], progress, |line, v| {
            let text = field(v, text_field, file, line)?;
            seen.entry(digest(text))
                .or_insert_with(|| format!("{name}:{line}"));
            Ok(())
        })?;
    }
    Ok(seen)
}

struct Example<'a> {
    id: String,
    title: &'a str,
    url: &'a str,
    text: &'a str,
    summary: &'a str,
}

fn import(
    file: &Path,
    dest: &Path,
    options: &BbcImport,
    (article_lang, summary_lang): (String, String),
    columns: &[&str],
    progress: &mut dyn FnMut(u64),
    example: impl for<'a> Fn(usize, &'a Value) -> Result<Example<'a>, Error>,
) -> Result<BbcReport, Error> {
    check_against(file, &options.against)?;
    let across = against_digests(&options.against, "text", &mut |_| {})?;
    let mut w = Writer::new(dest)?;
    let cluster = super::import::safe_name(&stem_of(file));
    let mut report = BbcReport {
        languages: (article_lang.clone(), summary_lang.clone()),
        ..Default::default()
    };
    let mut within: HashMap<u64, usize> = HashMap::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut dropped = String::from("line\tid\treason\n");
    let origin = file.display().to_string();
    each_row(file, columns, progress, |line, v| {
        let ex = example(line, v)?;
        let id = ex.id;
        let bad = |message: String| Error::Input {
            origin: origin.clone(),
            line: Some(line),
            message,
        };
        if let Some(why) = super::import::bad_id(&id) {
            return Err(bad(format!("{why}: {id:?}")));
        }
        if let Some(first) = ids.insert(id.clone(), line) {
            return Err(bad(format!(
                "the id {id:?} appears twice (first at line {first}); ids must be unique"
            )));
        }
        // Emptiness is judged on the cleaned text (a summary of only U+200B is empty); what
        // is written is the released text, byte for byte.
        let empty = match (
            clean_text(ex.text).is_empty(),
            clean_text(ex.summary).is_empty(),
        ) {
            (true, _) => Some("the text is empty"),
            (_, true) => Some("the summary is empty"),
            _ => None,
        };
        if let Some(reason) = empty {
            report.dropped_empty += 1;
            dropped.push_str(&format!("{line}\t{}\t{reason}\n", tsv_safe(&id)));
            return Ok(());
        }
        let d = digest(ex.text);
        let reason = if let Some(other) = across.get(&d) {
            report.duplicates_across += 1;
            Some(format!("same text as {other}"))
        } else if let Some(first) = within.get(&d) {
            report.duplicates_within += 1;
            Some(format!("same text as line {first}"))
        } else {
            within.insert(d, line);
            None
        };
        if let Some(reason) = reason
            && options.dedup
        {
            report.dropped += 1;
            dropped.push_str(&format!("{line}\t{}\t{reason}\n", tsv_safe(&id)));
            return Ok(());
        }
        let meta = ArticleMeta {
            lang: &article_lang,
            title: &one_line(ex.title),
            outlet: "BBC",
            source_url: ex.url,
        };
        w.article_with(&id, &cluster, &meta, ex.text)?;
        w.reference_in(&id, &summary_lang, "gold", ex.summary)?;
        Ok(())
    })?;
    if options.dedup || report.dropped_empty > 0 {
        w.write("dropped.tsv", dropped.trim_end())?;
    }
    w.counts.clusters = 1;
    report.counts = w.finish()?;
    Ok(report)
}

/// Imports one XL-Sum split file (`vietnamese_test.jsonl`: `id`, `url`, `title`, `summary`,
/// `text`). The language comes from the file name, or `options.languages` (an ISO code).
pub fn import_xlsum(
    file: &Path,
    dest: &Path,
    options: &BbcImport,
    progress: &mut dyn FnMut(u64),
) -> Result<BbcReport, Error> {
    let stem = stem_of(file);
    let lang = match &options.languages {
        Some(code) => known_code(code)?,
        None => stem
            .rsplit_once('_')
            .and_then(|(name, _)| code_of(name))
            .map(str::to_string)
            .ok_or_else(|| {
                Error::Options(format!(
                    "{}: cannot tell the language from the file name (XL-Sum names files \
                     LANGUAGE_SPLIT.jsonl, e.g. vietnamese_test.jsonl); give --languages CODE",
                    file.display()
                ))
            })?,
    };
    import(
        file,
        dest,
        options,
        (lang.clone(), lang),
        &["id", "url", "title", "summary", "text"],
        progress,
        |line, v| {
            Ok(Example {
                id: id_field(v, "id", file, line)?,
                title: field(v, "title", file, line)?,
                url: v.get("url").and_then(Value::as_str).unwrap_or(""),
                text: field(v, "text", file, line)?,
                summary: field(v, "summary", file, line)?,
            })
        },
    )
}

/// Imports one CrossSum file (`vietnamese-english_test.jsonl`: `source_url`, `target_url`,
/// `summary` in the target language, `text` in the source language). The languages come from
/// the file name, or `options.languages` (`SRC-TGT` as ISO codes, e.g. `vi-en`). Ids are the
/// last part of the source URL.
pub fn import_crosssum(
    file: &Path,
    dest: &Path,
    options: &BbcImport,
    progress: &mut dyn FnMut(u64),
) -> Result<BbcReport, Error> {
    let stem = stem_of(file);
    let from_name = || {
        let (pair, _) = stem.rsplit_once('_')?;
        let (src, tgt) = pair.split_once('-')?;
        Some((code_of(src)?.to_string(), code_of(tgt)?.to_string()))
    };
    let languages = match options.languages.as_deref() {
        Some(given) => match given.split_once('-') {
            Some((src, tgt)) => Some((known_code(src)?, known_code(tgt)?)),
            None => None,
        },
        None => from_name(),
    }
    .ok_or_else(|| {
        Error::Options(format!(
            "{}: cannot tell the languages (CrossSum names files SOURCE-TARGET_SPLIT.jsonl, e.g. \
             vietnamese-english_test.jsonl); give --languages SRC-TGT, e.g. vi-en",
            file.display()
        ))
    })?;
    let columns = ["source_url", "target_url", "summary", "text"];
    import(
        file,
        dest,
        options,
        languages,
        &columns,
        progress,
        |line, v| {
            let url = field(v, "source_url", file, line)?;
            let last = url.trim_end_matches('/').rsplit('/').next().unwrap_or(url);
            Ok(Example {
                id: last.to_string(),
                title: "",
                url,
                text: field(v, "text", file, line)?,
                summary: field(v, "summary", file, line)?,
            })
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_file_name_safe() {
        assert_eq!(
            crate::data::import::safe_name("../etc/passwd"),
            "_etc_passwd"
        );
        assert_eq!(
            crate::data::import::safe_name("world-53074000"),
            "world-53074000"
        );
        assert_eq!(crate::data::import::safe_name(""), "x");
    }

    #[test]
    fn duplicates_ignore_case_and_spacing() {
        assert_eq!(digest("Ho\u{300}a  Bình\nở đây"), digest("hòa bình ở đây"));
        assert_ne!(digest("hòa bình"), digest("hoà bình"));
    }
}
